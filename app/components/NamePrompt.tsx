'use client';
/**
 * A short "what should we call you?" before you steer, over the plane. Asked once per browser:
 * the name is remembered for every room, and "Skip" (a random animal name from the room) is
 * remembered too. A name typed before the room answered is used when it does.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { NAME_MAX } from '../../shared/protocol';
import { createBrowserStorage } from '../lib/browserStorage';
import { useRoom, useRoomServices } from './RoomServices';
import { ControlError, useControlAction } from './useControlAction';

export function NamePrompt() {
  const { actions } = useRoomServices();
  const connected = useRoom((s) => s.status === 'connected');
  const yourName = useRoom((s) => s.you?.name ?? null);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [waiting, setWaiting] = useState<string | null>(null);
  const { run, error, busy } = useControlAction();

  // Storage exists only in the browser: decide after mount.
  useEffect(() => {
    const storage = createBrowserStorage();
    setOpen(!storage.name() && !storage.nameSkipped());
  }, []);

  // A name given while still joining: the join may have gone out without it.
  useEffect(() => {
    if (!waiting || !connected) return;
    setWaiting(null);
    if (yourName !== waiting) void actions.rename(waiting);
  }, [waiting, connected, yourName, actions]);

  if (!open) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    createBrowserStorage().setName(trimmed);
    if (!connected) {
      setWaiting(trimmed);
      setOpen(false);
    } else if (await run(() => actions.rename(trimmed))) setOpen(false);
  }

  function skip() {
    createBrowserStorage().setNameSkipped();
    setOpen(false);
  }

  return (
    <div className="name-prompt" role="dialog" aria-labelledby="name-prompt-title" data-testid="name-prompt">
      <form className="card" onSubmit={submit}>
        <h2 id="name-prompt-title">What should we call you?</h2>
        <p className="muted">Others see this name beside your cursor and your digit.</p>
        <label className="sr-only" htmlFor="name-prompt-input">Your name</label>
        <input
          id="name-prompt-input"
          value={name}
          maxLength={NAME_MAX}
          onChange={(e) => setName(e.target.value)}
          placeholder={yourName ?? 'Your name'}
          autoComplete="nickname"
          autoFocus
          enterKeyHint="go"
        />
        <div className="button-row">
          <button type="submit" className="primary" disabled={!name.trim() || busy} data-testid="name-prompt-save">
            Start steering
          </button>
          <button type="button" onClick={skip} data-testid="name-prompt-skip">
            Skip{yourName ? ` (be ${yourName})` : ''}
          </button>
        </div>
        <ControlError error={error} />
      </form>
    </div>
  );
}
