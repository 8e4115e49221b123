'use client';
/** Replays running in the room: pause, resume, change speed or looping, stop. */
import type { ClientRequest, ReplayInfo } from '../../shared/protocol';
import { SPEEDS } from './PathsPanel';
import { useRoom, useRoomServices } from './RoomServices';
import { ControlError, useControlAction } from './useControlAction';

function ReplayRow({ r, canControl }: { r: ReplayInfo; canControl: boolean }) {
  const { actions } = useRoomServices();
  const { run, error } = useControlAction();
  const replay = r.id;
  const control = (c: ClientRequest<'replay:control'>) => void run(() => actions.request('replay:control', c));
  return (
    <li className="replay" data-testid="replay" data-replay-id={r.id}>
      <span className="swatch" style={{ background: r.color }} aria-hidden="true" />
      <strong>{r.pathName}</strong>
      <span className="muted">{r.paused ? 'paused' : `${r.speed}×${r.loop ? ', looping' : ''}`}</span>
      {canControl && (
        <div className="button-row">
          <button type="button" onClick={() => control({ action: r.paused ? 'resume' : 'pause', replay })}>
            {r.paused ? 'Resume' : 'Pause'}
          </button>
          <label>
            <span className="sr-only">Speed of {r.pathName}</span>
            <select value={r.speed} onChange={(e) => control({ action: 'speed', replay, speed: Number(e.target.value) })}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>{s}×</option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={r.loop} onChange={(e) => control({ action: 'loop', replay, loop: e.target.checked })} /> Loop
          </label>
          <button type="button" className="danger" onClick={() => control({ action: 'stop', replay })}>
            Stop
          </button>
        </div>
      )}
      <ControlError error={error} />
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
