/** The room's drawings as a client keeps them: a `drawings` update applied to the current list. */
import type { DrawingInfo, DrawingsUpdate } from '../../shared/protocol';

/** The list after `u` (oldest first; an updated drawing keeps its place). */
export function applyDrawingsUpdate(list: readonly DrawingInfo[], u: DrawingsUpdate): DrawingInfo[] {
  const byId = new Map((u.reset ? [] : list).map((d) => [d.id, d]));
  for (const id of u.removed) byId.delete(id);
  for (const d of u.drawings) byId.set(d.id, d);
  return [...byId.values()];
}

/** The drawing whose pin is nearest to (sx, sy) within `radius` screen pixels, or null. */
export function pickDrawing(
  list: readonly DrawingInfo[], toScreen: (x: number, y: number) => [number, number], sx: number, sy: number, radius: number,
): DrawingInfo | null {
  let best: DrawingInfo | null = null;
  let bestD = radius * radius;
  for (const d of list) {
    const [x, y] = toScreen(d.z[0], d.z[1]);
    const dist = (x - sx) ** 2 + (y - sy) ** 2;
    if (dist <= bestD) [best, bestD] = [d, dist];
  }
  return best;
}
