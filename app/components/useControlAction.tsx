'use client';
/**
 * Runs a request for one control and keeps its error beside that control: the connection words a
 * refused request as a room message; this takes that message out of the room's list and shows it
 * next to the button that caused it, for a few seconds or until the control works.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoomStore } from '../stores/roomStore';
import { useRoomServices } from './RoomServices';

/** How long an error stays beside its control. */
export const CONTROL_ERROR_MS = 6000;
const NOT_CONNECTED = 'Not connected to the room. Wait a moment and try again.';

/** The newest error message said after message `after`, removed from the room's list. */
function takeError(store: RoomStore, after: number): string | null {
  const found = store.getState().messages.findLast((m) => m.id > after && m.level === 'error');
  if (!found) return null;
  store.getState().dismiss(found.id);
  return found.text;
}

export interface ControlAction {
  run(request: () => Promise<boolean | { ok: boolean }>): Promise<boolean>;
  error: string | null;
  busy: boolean;
}

export function useControlAction(): ControlAction {
  const { roomStore } = useRoomServices();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);

  useEffect(() => {
    if (!error) return;
    const t = setTimeout(() => setError(null), CONTROL_ERROR_MS);
    return () => clearTimeout(t);
  }, [error]);

  const run = useCallback(
    async (request: () => Promise<boolean | { ok: boolean }>) => {
      const after = roomStore.getState().messages.at(-1)?.id ?? 0;
      setBusy(true);
      const answer = await request();
      const ok = typeof answer === 'boolean' ? answer : answer.ok;
      const text = ok ? null : (takeError(roomStore, after) ?? NOT_CONNECTED);
      if (mounted.current) {
        setBusy(false);
        setError(text);
      }
      return ok;
    },
    [roomStore],
  );

  return { run, error, busy };
}

/** The error of a control, shown right beside it. */
export function ControlError({ error, id }: { error: string | null; id?: string }) {
  if (!error) return null;
  return (
    <p className="control-error" role="alert" id={id} data-testid="control-error">
      {error}
    </p>
  );
}
