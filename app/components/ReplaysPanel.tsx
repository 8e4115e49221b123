'use client';
/** Replays running in the room: pause, resume, change speed or looping, stop. */
import type { ReplayInfo } from '../../shared/protocol';
import { SPEEDS } from './PathsPanel';
import { useRoom, useRoomServices } from './RoomServices';

function ReplayRow({ r, canControl }: { r: ReplayInfo; canControl: boolean }) {
  const { actions } = useRoomServices();
  const replay = r.id;
  return (
    <li className="replay" data-testid="replay" data-replay-id={r.id}>
      <span className="swatch" style={{ background: r.color }} aria-hidden="true" />
      <strong>{r.pathName}</strong>
      <span className="muted">{r.paused ? 'paused' : `${r.speed}×${r.loop ? ', looping' : ''}`}</span>
      {canControl && (
        <div className="button-row">
          <button type="button" onClick={() => actions.request('replay:control', { action: r.paused ? 'resume' : 'pause', replay })}>
            {r.paused ? 'Resume' : 'Pause'}
          </button>
          <label>
            <span className="sr-only">Speed of {r.pathName}</span>
            <select value={r.speed} onChange={(e) => actions.request('replay:control', { action: 'speed', replay, speed: Number(e.target.value) })}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>{s}×</option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={r.loop} onChange={(e) => actions.request('replay:control', { action: 'loop', replay, loop: e.target.checked })} /> Loop
          </label>
          <button type="button" className="danger" onClick={() => actions.request('replay:control', { action: 'stop', replay })}>
            Stop
          </button>
        </div>
      )}
    </li>
  );
}

export function ReplaysPanel() {
  const replays = useRoom((s) => s.room?.replays);
  const you = useRoom((s) => s.you);
  if (!replays?.length) return null;
  return (
    <section className="panel replays" aria-labelledby="replays-title">
      <h2 id="replays-title">Playing now</h2>
      <ul className="replay-list">
        {replays.map((r) => (
          <ReplayRow key={r.id} r={r} canControl={Boolean(you && (you.host || r.startedBy === you.id))} />
        ))}
      </ul>
    </section>
  );
}
