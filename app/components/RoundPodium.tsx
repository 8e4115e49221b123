'use client';
/**
 * The challenge round on the projector: the goal, the time and the live standings while it runs,
 * then a podium (this round's top three, like Kahoot) beside the room's leaderboard; between
 * rounds after a restart, the room's leaderboard alone.
 */
import { roundGoal, Leaderboard, useCountdown } from './RoundBanner';
import { useRoom } from './RoomServices';

const PLACES = ['1st', '2nd', '3rd'];

export function RoundPodium() {
  const round = useRoom((s) => s.round);
  const left = useCountdown(round);
  if (!round) return null;
  // No round since the server started: the room's leaderboard from its stored rounds, if any.
  if (round.id === null) {
    if (round.leaderboard.length === 0) return null;
    return (
      <section className="round-podium" data-testid="room-leaderboard" aria-label="Leaderboard">
        <h2>Leaderboard</h2>
        <Leaderboard round={round} top={5} />
      </section>
    );
  }
  if (round.phase !== 'done') {
    const live = [...round.players].sort((a, b) => (b.value ?? -1) - (a.value ?? -1)).slice(0, 8);
    return (
      <section className="round-live" data-testid="round-live">
        <h2>{roundGoal(round)} — {left} s</h2>
        <ol>
          {live.map((p) => (
            <li key={p.id}>{p.name}: {p.value === null ? '…' : `${Math.round(p.value * 100)} %`}{p.reachedMs !== null && ' ✓'}</li>
          ))}
        </ol>
      </section>
    );
  }
  const podium = [...round.players].filter((p) => p.points > 0).sort((a, b) => b.points - a.points).slice(0, 3);
  return (
    <section className="round-podium" data-testid="podium" aria-label="Round results">
      <h2>{roundGoal(round)}</h2>
      <div className="podium-steps">
        {podium.map((p, i) => (
          <div key={p.id} className={`podium-step place-${i + 1}`} data-testid={`podium-${i + 1}`}>
            <span className="podium-name">{p.name}</span>
            <span className="podium-points">{p.points}</span>
            <span className="podium-place">{PLACES[i]}</span>
          </div>
        ))}
        {podium.length === 0 && <p>Nobody scored this round.</p>}
      </div>
      <Leaderboard round={round} top={5} />
    </section>
  );
}
