'use client';
/**
 * Asks the server whether the room exists before joining it: a mistyped or stale code is not
 * silently made into a new, empty room. An unknown code is said in words, with the code, and
 * two ways on: create that room (one click), or join another (the start page's form).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { fetchRoomInfo } from '../lib/api';
import { JoinRoomForm } from './HomeForms';

type Found = 'checking' | 'exists' | 'unknown';

export function RoomGate({ room, children, lookup = fetchRoomInfo }: { room: string; children: ReactNode; lookup?: typeof fetchRoomInfo }) {
  const [found, setFound] = useState<Found>('checking');
  const [joinOther, setJoinOther] = useState(false);

  useEffect(() => {
    let live = true;
    // Anything but a clear 404 (a network hiccup, a busy server) joins as before: the connection says what is wrong.
    void lookup(room).then((r) => live && setFound(!r.ok && r.status === 404 ? 'unknown' : 'exists'));
    return () => void (live = false);
  }, [room, lookup]);

  if (found === 'exists') return <>{children}</>;
  if (found === 'checking') {
    return (
      <main className="room-gate" aria-busy="true">
        <p className="muted" data-testid="room-checking">Looking for room {room}…</p>
      </main>
    );
  }
  return (
    <main className="room-gate" data-testid="unknown-room">
      <section className="card">
        <h1>
          There is no room <code data-testid="unknown-room-code">{room}</code>
        </h1>
        <p>Check the code on the projector. Or start this room now: you will be its host.</p>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => setFound('exists')} data-testid="create-room">
            Create it
          </button>
          <button type="button" onClick={() => setJoinOther(true)} aria-expanded={joinOther} data-testid="join-another">
            Join another
          </button>
          <a className="button" href="/">
            Start page
          </a>
        </div>
      </section>
      {joinOther && <JoinRoomForm />}
    </main>
  );
}
