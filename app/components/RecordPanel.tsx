'use client';
/** Record your path: a button and the R key, with a running timer while recording. */
import { useCallback, useEffect, useState } from 'react';
import { useRoom, useRoomServices } from './RoomServices';
import { ControlError, useControlAction } from './useControlAction';

/** True when a key press belongs to a text field, not to a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function Timer({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  return (
    <span className="timer" role="timer" data-testid="record-timer">
      {formatDuration(now - since)}
    </span>
  );
}

export function RecordPanel() {
  const { actions } = useRoomServices();
  const since = useRoom((s) => s.recordingSince);
  const joined = useRoom((s) => s.status === 'connected');
  const { run, busy, error } = useControlAction();

  const toggle = useCallback(async () => {
    if (busy || !joined) return;
    await run(() => (since === null ? actions.recordStart() : actions.recordStop()));
  }, [actions, busy, joined, since, run]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key === 'r' || e.key === 'R') && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        void toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);

  const recording = since !== null;
  return (
    <section className="panel record" aria-labelledby="record-title">
      <h2 id="record-title" className="sr-only">
        Record
      </h2>
      <button
        type="button"
        className={`record-button ${recording ? 'recording' : ''}`}
        onClick={toggle}
        disabled={busy || !joined}
        aria-pressed={recording}
        aria-keyshortcuts="R"
        data-testid="record-button"
      >
        <span className="dot" aria-hidden="true" />
        {recording ? 'Stop recording' : 'Record path'} <kbd>R</kbd>
      </button>
      {recording && <Timer since={since} />}
      <ControlError error={error} />
    </section>
  );
}
