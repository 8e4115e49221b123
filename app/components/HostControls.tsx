'use client';
/**
 * The teacher's panel, for hosts only: the room's model, freezing steering, the spotlight, replays
 * for everyone and the host link. Settings show the new value at once and roll back when the
 * server refuses; a refusal is said beside the control that caused it.
 */
import { useState } from 'react';
import { MODEL_KINDS, type ModelKind } from '../../shared/constants';
import { classmates } from '../lib/classmates';
import { selectIsHost } from '../stores/roomStore';
import { RoundControls } from './RoundControls';
import { HostLink } from './HostLink';
import { LeadControls, SettingSwitch } from './LeadControls';
import { useRoom, useRoomServices } from './RoomServices';
import { ControlError, useControlAction } from './useControlAction';
import { usePendingValue } from './usePendingValue';

function ModelSwitch({ model }: { model: ModelKind }) {
  const { actions } = useRoomServices();
  const { run, error } = useControlAction();
  const [shown, change] = usePendingValue(model);
  return (
    <div className="control">
      <fieldset className="segmented">
        <legend>Model</legend>
        {MODEL_KINDS.map((m) => (
          <label key={m} className={shown === m ? 'on' : ''}>
            <input type="radio" name="room-model" value={m} checked={shown === m} onChange={() => change(m, () => run(() => actions.request('host', { action: 'model', model: m })))} />
            {m.toUpperCase()}
          </label>
        ))}
      </fieldset>
      <ControlError error={error} />
    </div>
  );
}

function SpotlightPicker() {
  const { actions } = useRoomServices();
  const room = useRoom((s) => s.room);
  const { run, error } = useControlAction();
  const [shown, change] = usePendingValue(room?.spotlight ?? null);
  if (!room) return null;
  const people = classmates(room);
  return (
    <div className="control">
      <label>
        Spotlight{' '}
        <select
          value={shown ?? ''}
          onChange={(e) => {
            const cursor = e.target.value === '' ? null : Number(e.target.value);
            void change(cursor, () => run(() => actions.request('host', { action: 'spotlight', cursor })));
          }}
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
      <ControlError error={error} />
    </div>
  );
}

function ReplayForEveryone({ running }: { running: number }) {
  const { actions } = useRoomServices();
  const paths = useRoom((s) => s.paths);
  const [pathId, setPathId] = useState('');
  const play = useControlAction();
  const stop = useControlAction();
  const chosen = pathId || paths[0]?.id || '';
  return (
    <div className="control">
      <div className="inline-form">
        <label htmlFor="host-replay">Replay for everyone</label>
        <select id="host-replay" value={chosen} onChange={(e) => setPathId(e.target.value)}>
          {paths.map((p) => (
            <option key={p.id} value={p.id}>{p.name}</option>
          ))}
        </select>
        <button type="button" disabled={!chosen || play.busy} onClick={() => play.run(() => actions.request('replay:start', { pathId: chosen, speed: 1, loop: false }))}>
          ▶ Play
        </button>
        {running > 0 && (
          <button type="button" className="danger" disabled={stop.busy} onClick={() => stop.run(() => actions.request('host', { action: 'stopAllReplays' }))}>
            Stop all replays
          </button>
        )}
      </div>
      <ControlError error={play.error ?? stop.error} />
    </div>
  );
}

export function HostControls({ compact = false }: { compact?: boolean }) {
  const isHost = useRoom(selectIsHost);
  const room = useRoom((s) => s.room);
  if (!isHost || !room) return null;
  return (
    <section className={`panel host ${compact ? 'compact' : ''}`} aria-labelledby="host-title" data-testid="host-controls">
      <h2 id="host-title">Teacher&apos;s panel</h2>
      {room.loopRate < room.tickRate && (
        <p className="message warning" role="status" data-testid="tick-slowed">
          The server cannot decode this room at {room.tickRate} frames a second: it runs at {room.loopRate} until the load falls.
        </p>
      )}
      <ModelSwitch model={room.model} />
      <LeadControls />
      <RoundControls />
      <SettingSwitch value={room.frozen} label="Freeze everyone's steering" testId="freeze" action={(frozen) => ({ action: 'freeze', frozen })} />
      <SpotlightPicker />
      <ReplayForEveryone running={room.replays.length} />
      <HostLink />
    </section>
  );
}
