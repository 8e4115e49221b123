/** What the plane needs to know about each cursor id, derived once per room snapshot. */
import type { RoomSnapshot } from '../../../shared/protocol';
import type { Embedding } from '../api';
import { shownName } from '../classmates';
import { cssColorToNumber } from '../palette';
import type { Bounds } from '../viewTransform';
import type { CursorMeta } from './cursorLayer';

export function cursorMeta(room: RoomSnapshot | null): Map<number, CursorMeta> {
  const meta = new Map<number, CursorMeta>();
  if (!room) return meta;
  for (const p of room.participants) meta.set(p.id, { name: shownName(room, p), color: cssColorToNumber(p.color), ghost: false, connected: p.connected });
  for (const r of room.replays) meta.set(r.id, { name: r.pathName, color: cssColorToNumber(r.color), ghost: true, connected: true });
  return meta;
}

/** The rectangle the encoded digits occupy, or null for an empty embedding. */
export function embeddingExtent(e: Embedding): Bounds | null {
  if (e.count === 0) return null;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < e.count; i++) {
    const x = e.z[2 * i];
    const y = e.z[2 * i + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}
