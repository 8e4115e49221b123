/**
 * The part of the latent plane a room accepts cursors in: the model card's bounds of the encoded
 * test set, widened by half their span on each side, so people can explore past the data (where the
 * AE decodes garbage, which is the point of the article) without sending absurd numbers.
 */

/** [xMin, yMin, xMax, yMax], the order RoomSnapshot.bounds uses. */
export type Bounds = [number, number, number, number];

/** Card bounds as the model card stores them. */
export interface CardBounds {
  min: [number, number] | number[];
  max: [number, number] | number[];
}

/** Widens card bounds by half their span on each side (a span of 0 still gets a margin of 1). */
export function widenBounds(card: CardBounds): Bounds {
  const half = (lo: number, hi: number) => Math.max(hi - lo, 2) / 2;
  const hx = half(card.min[0], card.max[0]);
  const hy = half(card.min[1], card.max[1]);
  return [card.min[0] - hx, card.min[1] - hy, card.max[0] + hx, card.max[1] + hy];
}

/** True when z is two finite numbers inside the bounds (edges included). */
export function insideBounds(b: Bounds, z: readonly number[]): boolean {
  return (
    z.length === 2 &&
    Number.isFinite(z[0]) && Number.isFinite(z[1]) &&
    z[0] >= b[0] && z[0] <= b[2] && z[1] >= b[1] && z[1] <= b[3]
  );
}

/** Moves z to the nearest point inside the bounds (used when a room switches model). */
export function clampToBounds(b: Bounds, z: readonly [number, number]): [number, number] {
  return [Math.min(b[2], Math.max(b[0], z[0])), Math.min(b[3], Math.max(b[1], z[1]))];
}
