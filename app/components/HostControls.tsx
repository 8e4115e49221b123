'use client';
/** Controls only the host sees: the room's model, freezing steering, the spotlight, replays for all. */
import { useState } from 'react';
import { MODEL_KINDS } from '../../shared/constants';
import { selectIsHost } from '../stores/roomStore';
import { RoundControls } from './RoundControls';
import { useRoom, useRoomServices } from './RoomServices';

export function HostControls({ compact = false }: { compact?: boolean }) {
  const { actions } = useRoomServices();
  const isHost = useRoom(selectIsHost);
  const room = useRoom((s) => s.room);
  const paths = useRoom((s) => s.paths);
  const [pathId, setPathId] = useState('');
  if (!isHost || !room) return null;
  const people = room.participants.filter((p) => p.connected);
  const chosen = pathId || paths[0]?.id || '';

  return (
    <section className={`panel host ${compact ? 'compact' : ''}`} aria-labelledby="host-title" data-testid="host-controls">
      <h2 id="host-title">Host controls</h2>
      {room.loopRate < room.tickRate && (
        <p className="message warning" role="status" data-testid="tick-slowed">
          The server cannot decode this room at {room.tickRate} frames a second: it runs at {room.loopRate} until the load falls.
        </p>
      )}
      <fieldset className="segmented">
        <legend>Model</legend>
        {MODEL_KINDS.map((m) => (
          <label key={m} className={room.model === m ? 'on' : ''}>
            <input type="radio" name="room-model" value={m} checked={room.model === m} onChange={() => actions.request('host', { action: 'model', model: m })} />
            {m.toUpperCase()}
          </label>
        ))}
      </fieldset>
      <RoundControls />
      <label className="switch">
        <input type="checkbox" checked={room.frozen} onChange={(e) => actions.request('host', { action: 'freeze', frozen: e.target.checked })} data-testid="freeze" />
        Freeze everyone&apos;s steering
      </label>
      <label>
        Spotlight{' '}
        <select
          value={room.spotlight ?? ''}
          onChange={(e) => actions.request('host', { action: 'spotlight', cursor: e.target.value === '' ? null : Number(e.target.value) })}
          data-testid="spotlight"
        >
          <option value="">nobody</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>{p.name}</option>
          ))}
          {room.replays.map((r) => (
            <option key={r.id} value={r.id}>▶ {r.pathName}</option>
          ))}
        </select>
      </label>
      <div className="inline-form">
        <label htmlFor="host-replay">Replay for everyone</label>
        <select id="host-replay" value={chosen} onChange={(e) => setPathId(e.target.value)}>
          {paths.map((p) => (
            <option key={p.id} value={p.id}>{p.name}</option>
          ))}
        </select>
        <button type="button" disabled={!chosen} onClick={() => actions.request('replay:start', { pathId: chosen, speed: 1, loop: false })}>
          ▶ Play
        </button>
      </div>
      {room.replays.length > 0 && (
        <button type="button" className="danger" onClick={() => actions.request('host', { action: 'stopAllReplays' })}>
          Stop all replays
        </button>
      )}
    </section>
  );
}
