'use client';
/** Everyone's current digit, with names: people first, then replay ghosts. */
import { useMemo } from 'react';
import type { RoomSnapshot } from '../../shared/protocol';
import { classmates, shownName } from '../lib/classmates';
import { DigitCanvas } from './DigitCanvas';
import { useRoom } from './RoomServices';

export interface GalleryItem {
  id: number;
  name: string;
  color: string;
  ghost: boolean;
  you: boolean;
}

/** Students first, then replay ghosts (the teacher and the projector are not the class's tiles). */
export function galleryItems(room: RoomSnapshot | null, youId: number | null): GalleryItem[] {
  // Your own digit stays on your own page, teacher or not.
  const people = (room?.participants ?? [])
    .filter((p) => p.id === youId || classmates(room).includes(p))
    .map((p) => ({ id: p.id, name: p.id === youId ? p.name : shownName(room, p), color: p.color, ghost: false, you: p.id === youId }));
  const ghosts = (room?.replays ?? []).map((r) => ({ id: r.id, name: r.pathName, color: r.color, ghost: true, you: false }));
  return [...people, ...ghosts];
}

export function DigitGallery({ className, title = "The room's digits" }: { className?: string; title?: string }) {
  // Select stable references and derive here: a selector building new objects would loop forever.
  const room = useRoom((s) => s.room);
  const youId = useRoom((s) => s.you?.id ?? null);
  const items = useMemo(() => galleryItems(room, youId), [room, youId]);
  const spotlight = room?.spotlight ?? null;

  return (
    <section className={`panel gallery ${className ?? ''}`} aria-labelledby="gallery-title">
      <h2 id="gallery-title">{title}</h2>
      {items.length === 0 ? (
        <p className="muted">Nobody is here yet.</p>
      ) : (
        <ul className="gallery-grid">
          {items.map((it) => (
            <li
              key={it.id}
              className={`tile ${it.id === spotlight ? 'spotlit' : ''}`}
              style={{ borderColor: it.color }}
              data-testid="gallery-tile"
              data-cursor-id={it.id}
              data-name={it.name}
              data-ghost={it.ghost || undefined}
              data-you={it.you || undefined}
            >
              <DigitCanvas id={it.id} label={`Digit of ${it.ghost ? 'replay ' : ''}${it.name}`} />
              <span className="tile-name">
                {it.ghost ? '▶ ' : ''}
                {it.name}
                {it.you ? ' (you)' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
