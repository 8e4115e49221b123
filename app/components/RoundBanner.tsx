'use client';
/**
 * The challenge round as a player sees it: what to find, the time left and your live score while
 * it runs; the candidates to vote on in a lookalike vote; the results and leaderboard after it.
 */
import { useEffect, useRef, useState } from 'react';
import type { RoundState } from '../../shared/protocol';
import { drawDigit } from '../lib/digitPixels';
import { useRoom, useRoomServices } from './RoomServices';

/** What the round asks, in words. */
export function roundGoal(r: RoundState): string {
  if (r.kind === 'ambiguous') return 'Make the most ambiguous digit';
  if (r.kind === 'lookalike') return `Find a digit the classifier calls ${r.target}${r.looksLike !== null ? ` but that looks like a ${r.looksLike}` : ''}`;
  return `Find a ${r.target}: hold it at 90 % for one second`;
}

/** Seconds left, counting down between the server's updates. */
export function useCountdown(r: RoundState | null): number {
  const [now, setNow] = useState(() => performance.now());
  const [at, setAt] = useState(() => performance.now());
  useEffect(() => setAt(performance.now()), [r]);
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(t);
  }, []);
  if (!r || r.phase === 'done') return 0;
  // A paused class: the server's clock stands still, and so does ours.
  if (r.paused) return Math.ceil(r.remainingMs / 1000);
  return Math.max(0, Math.ceil((r.remainingMs - (now - at)) / 1000));
}

/** A frozen digit (a candidate's frame, base64). */
function StaticDigit({ frame, label }: { frame: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) drawDigit(ref.current, Uint8Array.from(atob(frame), (c) => c.charCodeAt(0)));
  }, [frame]);
  return <canvas ref={ref} width={28} height={28} className="digit" role="img" aria-label={label} style={{ width: 56, height: 56 }} />;
}

export function RoundBanner() {
  const { actions } = useRoomServices();
  const round = useRoom((s) => s.round);
  const you = useRoom((s) => s.you);
  const left = useCountdown(round);
  if (!round || round.id === null) return null;
  const me = round.players.find((p) => p.id === you?.id);
  const label = round.kind === 'ambiguous' ? 'your digit’s ambiguity' : `p(${round.target}) of your digit`;
  return (
    <section className="panel round-banner" aria-live="polite" data-testid="round-banner" data-phase={round.phase}>
      <h2>{roundGoal(round)}</h2>
      {round.phase !== 'done' && <p className="round-timer" data-testid="round-timer">{left} s {round.phase === 'voting' ? 'to vote' : 'left'}{round.paused ? ' (paused)' : ''}</p>}
      {round.phase === 'running' && me && (
        <p data-testid="round-you">
          {label}: <strong>{me.value === null ? '…' : `${Math.round(me.value * 100)} %`}</strong>
          {me.reachedMs !== null && ` — found in ${(me.reachedMs / 1000).toFixed(1)} s, +${me.points}`}
        </p>
      )}
      {round.phase === 'voting' && (
        <div className="candidates">
          {round.candidates.map((c) => (
            <button key={c.id} type="button" disabled={c.id === you?.id} onClick={() => actions.request('round:vote', { cursor: c.id })}>
              <StaticDigit frame={c.frame} label={c.name} />
              {c.name} ({c.votes})
            </button>
          ))}
        </div>
      )}
      {round.phase === 'done' && <Leaderboard round={round} />}
    </section>
  );
}

export function Leaderboard({ round, top = 10 }: { round: RoundState; top?: number }) {
  const names = new Map(round.players.map((p) => [p.id, p.name]));
  return (
    <div data-testid="leaderboard">
      {/* id null: no round since the server started, only the room's stored leaderboard. */}
      {round.id !== null && <p>{round.winners.length > 0 ? `Won by ${round.winners.map((id) => names.get(id) ?? id).join(' and ')}` : 'Nobody won this round'}</p>}
      <ol className="leaderboard">
        {round.leaderboard.slice(0, top).map((e) => (
          <li key={e.name}>{e.name}: {e.points} {e.last > 0 && <small>(+{e.last})</small>}</li>
        ))}
      </ol>
    </div>
  );
}
