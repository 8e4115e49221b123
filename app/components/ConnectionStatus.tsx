'use client';
/**
 * Connection state in words: a compact indicator (connected, round-trip time) and, when the
 * connection is down or refused, a banner saying what happens next or what to do.
 */
import { useEffect } from 'react';
import { useRoom } from './RoomServices';

/** Info messages go by themselves; warnings and errors stay until dismissed. */
const INFO_MS = 6000;

const LABELS = { idle: 'Starting…', connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', failed: 'Not connected' } as const;

export function ConnectionIndicator() {
  const status = useRoom((s) => s.status);
  const rtt = useRoom((s) => s.rtt);
  return (
    <span className={`conn conn-${status}`} data-testid="connection" data-status={status}>
      <span className="conn-dot" aria-hidden="true" />
      {LABELS[status]}
      {status === 'connected' && rtt !== null && <span className="muted"> · {rtt} ms</span>}
    </span>
  );
}

export function ConnectionBanner() {
  const status = useRoom((s) => s.status);
  const problem = useRoom((s) => s.problem);
  const frozen = useRoom((s) => Boolean(s.room?.frozen && !s.you?.host));
  if (status === 'failed') {
    return (
      <div className="banner error" role="alert" data-testid="connection-banner">
        {problem ?? 'Could not join the room.'} <a href="/">Back to the start page</a>
      </div>
    );
  }
  if (status === 'reconnecting' || (status === 'connecting' && problem)) {
    return (
      <div className="banner warning" role="status" data-testid="connection-banner">
        {problem ?? 'Connection lost. Reconnecting…'}
      </div>
    );
  }
  if (frozen) {
    return (
      <div className="banner info" role="status">
        The host has paused steering. Watch the plane; you can steer again when they unfreeze it.
      </div>
    );
  }
  return null;
}

export function Messages() {
  const messages = useRoom((s) => s.messages);
  const dismiss = useRoom((s) => s.dismiss);
  useEffect(() => {
    const timers = messages.filter((m) => m.level === 'info').map((m) => setTimeout(() => dismiss(m.id), INFO_MS));
    return () => timers.forEach(clearTimeout);
  }, [messages, dismiss]);
  if (messages.length === 0) return null;
  return (
    <ul className="messages" aria-live="polite">
      {messages.map((m) => (
        <li key={m.id} className={`message ${m.level}`}>
          <span>{m.text}</span>
          <button type="button" onClick={() => dismiss(m.id)} aria-label="Dismiss message">
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
