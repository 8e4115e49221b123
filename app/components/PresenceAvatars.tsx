'use client';
/**
 * Everyone in the room as a row of avatars in the header (as in Excalidraw and tldraw): the
 * class's students, their initials on their colour. Clicking one keeps that person's cursor in
 * the middle of your view until you click again, pan or zoom.
 */
import { classmates, shownName } from '../lib/classmates';
import { useRoom, useRoomServices, useView } from './RoomServices';

/** How many avatars fit the header; the rest are counted. */
const SHOWN_MAX = 8;

function initials(name: string): string {
  const words = name.replace(/^Anonymous /, '').split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words[0][0] + words[1][0] : (words[0] ?? '?').slice(0, 2)).toUpperCase();
}

export function PresenceAvatars() {
  const { viewStore } = useRoomServices();
  const room = useRoom((s) => s.room);
  const youId = useRoom((s) => s.you?.id ?? null);
  const followed = useView((s) => s.followCursor);
  const people = classmates(room).filter((p) => p.id !== youId);
  if (people.length === 0) return null;
  return (
    <ul className="avatars" aria-label="Who is here" data-testid="avatars">
      {people.slice(0, SHOWN_MAX).map((p) => {
        const name = shownName(room, p);
        const on = followed === p.id;
        return (
          <li key={p.id}>
            <button
              type="button"
              className={`avatar ${on ? 'on' : ''}`}
              style={{ background: p.color }}
              title={on ? `Stop following ${name}` : `Follow ${name}`}
              aria-label={on ? `Stop following ${name}` : `Follow ${name}`}
              aria-pressed={on}
              data-testid="avatar"
              data-cursor-id={p.id}
              onClick={() => viewStore.getState().setFollowCursor(on ? null : p.id)}
            >
              {initials(name)}
            </button>
          </li>
        );
      })}
      {people.length > SHOWN_MAX && <li className="avatar-more">+{people.length - SHOWN_MAX}</li>}
    </ul>
  );
}
