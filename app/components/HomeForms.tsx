'use client';
/** The start page's two ways in: create a room with a model, or join one by its code or link. */
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { MODEL_KINDS, type ModelKind } from '../../shared/constants';
import { ROOM_ID_PATTERN } from '../../shared/protocol';
import { createRoom, fetchRoomInfo } from '../lib/api';
import { createBrowserStorage } from '../lib/browserStorage';

/** A room id from what someone typed: the code itself or a pasted room link. */
export function roomFromInput(input: string): string | null {
  const text = input.trim().toLowerCase();
  const fromLink = /\/r\/([a-z0-9-]+)/.exec(text)?.[1];
  const id = fromLink ?? text;
  return ROOM_ID_PATTERN.test(id) ? id : null;
}

export function CreateRoomForm({ create = createRoom }: { create?: typeof createRoom }) {
  const router = useRouter();
  const [model, setModel] = useState<ModelKind>('vae');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await create(model);
    if (!r.ok) {
      setError(r.message);
      setBusy(false);
      return;
    }
    const storage = createBrowserStorage();
    storage.setHostKey(r.value.room, r.value.hostKey);
    storage.rememberRoom({ room: r.value.room, model, host: true });
    router.push(`/r/${r.value.room}`);
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">Create a room</h2>
      <fieldset className="segmented">
        <legend>Model</legend>
        {MODEL_KINDS.map((m) => (
          <label key={m} className={model === m ? 'on' : ''}>
            <input type="radio" name="model" value={m} checked={model === m} onChange={() => setModel(m)} />
            {m === 'ae' ? 'Autoencoder (AE)' : 'Variational (VAE)'}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={busy} data-testid="create-room">
        {busy ? 'Creating…' : 'Create room'}
      </button>
      {error && <p className="form-error" role="alert">{error}</p>}
    </form>
  );
}

/** Checks the code with the server before going there, so a typo is caught here, in words. */
export function JoinRoomForm({ lookup = fetchRoomInfo }: { lookup?: typeof fetchRoomInfo }) {
  const router = useRouter();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const room = roomFromInput(code);
    if (!room) {
      setError('A room code is 3 to 40 letters, digits or dashes, like “calm-otter-42”.');
      return;
    }
    setBusy(true);
    setError(null);
    const found = await lookup(room);
    setBusy(false);
    if (found.ok) return router.push(`/r/${room}`);
    setError(found.status === 404 ? `There is no room “${room}”. Check the code on the projector, or create a room.` : found.message);
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="join-title">
      <h2 id="join-title">Join a room</h2>
      <label htmlFor="room-code">Room code or link</label>
      <input
        id="room-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        placeholder="calm-otter-42"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'join-error' : undefined}
      />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Checking…' : 'Join'}
      </button>
      {error && <p className="form-error" id="join-error" role="alert">{error}</p>}
    </form>
  );
}
