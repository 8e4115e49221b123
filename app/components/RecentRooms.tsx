'use client';
/** Rooms this browser visited, newest first (read after mount: storage does not exist on the server). */
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { createBrowserStorage, type RecentRoom } from '../lib/browserStorage';

export function RecentRooms() {
  const [rooms, setRooms] = useState<RecentRoom[] | null>(null);
  useEffect(() => setRooms(createBrowserStorage().recentRooms()), []);

  function forget(room: string) {
    const storage = createBrowserStorage();
    storage.forgetRoom(room);
    setRooms(storage.recentRooms());
  }

  if (!rooms?.length) return null;
  return (
    <section className="card recent" aria-labelledby="recent-title">
      <h2 id="recent-title">Your recent rooms</h2>
      <ul>
        {rooms.map((r) => (
          <li key={r.room}>
            <Link href={`/r/${r.room}`}>{r.room}</Link>
            {r.model && <span className="badge">{r.model.toUpperCase()}</span>}
            {r.host && <span className="badge">host</span>}
            <span className="muted">{new Date(r.visitedAt).toLocaleString()}</span>
            <button type="button" className="link-button" onClick={() => forget(r.room)} aria-label={`Forget room ${r.room}`}>
              forget
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
