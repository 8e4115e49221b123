'use client';
/**
 * The teacher's pacing controls: follow me, bring everyone here, lock what students see, pause
 * the class, hide names, students' own replays. Settings show at once and roll back when refused.
 */
import type { HostAction, ViewLock } from '../../shared/protocol';
import { useRoom, useRoomServices } from './RoomServices';
import { ControlError, useControlAction } from './useControlAction';
import { usePendingValue } from './usePendingValue';

/** A switch's request: a host action, or any request (a timeline setting) by `request`. */
type SwitchRequest = { action: (on: boolean) => HostAction } | { request: (on: boolean) => Promise<{ ok: boolean }> };

/** A host setting as a switch: shown at once, rolled back with the reason beside it when refused. */
export function SettingSwitch({ value, label, testId, ...send }: { value: boolean; label: string; testId?: string } & SwitchRequest) {
  const { actions } = useRoomServices();
  const { run, error } = useControlAction();
  const [shown, change] = usePendingValue(value);
  return (
    <div className="control">
      <label className="switch">
        <input
          type="checkbox"
          checked={shown}
          onChange={(e) => {
            const next = e.target.checked;
            void change(next, () => run(() => ('action' in send ? actions.request('host', send.action(next)) : send.request(next))));
          }}
          data-testid={testId}
        />
        {label}
      </label>
      <ControlError error={error} />
    </div>
  );
}

const LOCK_LABELS: Record<ViewLock | '', string> = {
  '': 'their own choice',
  scatter: 'the scatter',
  manifold: 'the decoded grid',
  both: 'both',
  blind: 'neither (blind)',
};

function LockPicker({ lock }: { lock: ViewLock | null }) {
  const { actions } = useRoomServices();
  const { run, error } = useControlAction();
  const [shown, change] = usePendingValue(lock);
  return (
    <div className="control">
      <label>
        Students see{' '}
        <select
          value={shown ?? ''}
          data-testid="lock-view"
          onChange={(e) => {
            const view = (e.target.value || null) as ViewLock | null;
            void change(view, () => run(() => actions.request('host', { action: 'lock', view })));
          }}
        >
          {Object.entries(LOCK_LABELS).map(([v, text]) => (
            <option key={v} value={v}>{text}</option>
          ))}
        </select>
      </label>
      <ControlError error={error} />
    </div>
  );
}

function GatherButton() {
  const { actions, localCursor, viewStore } = useRoomServices();
  const { run, error, busy } = useControlAction();
  function gather() {
    // Where the teacher's cursor is, or the middle of the teacher's view.
    const r = viewStore.getState().region;
    const z = localCursor.z ?? (r ? ([(r[0] + r[2]) / 2, (r[1] + r[3]) / 2] as [number, number]) : ([0, 0] as [number, number]));
    void run(() => actions.request('host', { action: 'gather', z }));
  }
  return (
    <div className="control">
      <button type="button" onClick={gather} disabled={busy} data-testid="gather">
        Bring everyone here
      </button>
      <ControlError error={error} />
    </div>
  );
}

export function LeadControls() {
  const room = useRoom((s) => s.room);
  if (!room) return null;
  return (
    <fieldset className="lead-controls" data-testid="lead-controls">
      <legend>Lead the class</legend>
      <SettingSwitch value={room.follow} label="Follow me (students see my view)" testId="follow-me" action={(follow) => ({ action: 'follow', follow })} />
      <GatherButton />
      <LockPicker lock={room.lock} />
      <SettingSwitch value={room.paused} label="Pause the class" testId="pause" action={(paused) => ({ action: 'pause', paused })} />
      <SettingSwitch value={room.namesHidden} label="Hide names" testId="hide-names" action={(hidden) => ({ action: 'names', hidden })} />
      <SettingSwitch
        value={room.studentReplays}
        label="Students may replay their own paths"
        testId="student-replays"
        action={(allowed) => ({ action: 'studentReplays', allowed })}
      />
    </fieldset>
  );
}
