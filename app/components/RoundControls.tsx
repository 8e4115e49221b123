'use client';
/** The host's challenge-round and heat-map controls (inside Host controls). */
import { useState } from 'react';
import { ROUND_KINDS, ROUND_SECONDS, type RoundKind } from '../../shared/protocol';
import { useRoom, useRoomServices } from './RoomServices';

const KIND_LABELS: Record<RoundKind, string> = { find: 'Find a digit', ambiguous: 'Most ambiguous digit', lookalike: 'Calls X, looks like Y' };

export function RoundControls() {
  const { actions } = useRoomServices();
  const round = useRoom((s) => s.round);
  const heatShown = useRoom((s) => s.heatmap !== null);
  const [kind, setKind] = useState<RoundKind>('find');
  const [target, setTarget] = useState('random');
  const [looksLike, setLooksLike] = useState('1');
  const [seconds, setSeconds] = useState<number>(ROUND_SECONDS.default);
  const running = round !== null && round.id !== null && round.phase !== 'done';

  function start() {
    void actions.request('round:start', {
      kind, seconds, ...(target === 'random' ? {} : { target: Number(target) }), ...(kind === 'lookalike' ? { looksLike: Number(looksLike) } : {}),
    });
  }

  return (
    <div className="round-controls" data-testid="round-controls">
      <div className="inline-form">
        <label htmlFor="round-kind">Challenge</label>
        <select id="round-kind" value={kind} onChange={(e) => setKind(e.target.value as RoundKind)} data-testid="round-kind">
          {ROUND_KINDS.map((k) => (
            <option key={k} value={k}>{KIND_LABELS[k]}</option>
          ))}
        </select>
      </div>
      <div className="inline-form">
        {kind !== 'ambiguous' && (
          <label>
            {kind === 'lookalike' ? 'Calls' : 'Digit'}{' '}
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="round-target">
              <option value="random">random</option>
              {Array.from({ length: 10 }, (_, d) => <option key={d} value={d}>{d}</option>)}
            </select>
          </label>
        )}
        {kind === 'lookalike' && (
          <label>
            looks like{' '}
            <select value={looksLike} onChange={(e) => setLooksLike(e.target.value)}>
              {Array.from({ length: 10 }, (_, d) => <option key={d} value={d}>{d}</option>)}
            </select>
          </label>
        )}
        <label>
          <input type="number" min={ROUND_SECONDS.min} max={ROUND_SECONDS.max} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} style={{ width: '4em' }} /> s
        </label>
      </div>
      {running ? (
        <button type="button" className="danger" onClick={() => actions.request('round:stop', {})} data-testid="round-stop">■ Stop round</button>
      ) : (
        <button type="button" onClick={start} data-testid="round-start">▶ Start round</button>
      )}
      <div className="inline-form">
        <label className="switch">
          <input type="checkbox" checked={heatShown} onChange={(e) => actions.request('heatmap', { show: e.target.checked })} data-testid="heatmap-toggle" />
          Show the class&apos;s heat map
        </label>
        <button type="button" onClick={() => actions.request('heatmap', { reset: true })}>Reset</button>
      </div>
    </div>
  );
}
