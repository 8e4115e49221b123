/**
 * Latent-plane geometry that the server, the web app, the bot and the HTTP API must agree on: a
 * point, the rectangle a room accepts cursors in, clamping and the inside test, and the detail
 * kinds a client may view the room at. One copy, so a point the client clamps is a point the
 * server accepts (test/unit/latentGeometry.test.ts proves it for every shipped model).
 */
import { z } from 'zod';

/** A point of the 2-D latent plane: [x, y]. */
export type LatentPoint = [number, number];

/** A rectangle of the plane: [xMin, yMin, xMax, yMax], the order of RoomSnapshot.bounds. */
export type LatentBounds = [number, number, number, number];

/** Card bounds as a model card stores them (the encoded test set's extent). */
export interface CardBounds {
  min: readonly number[];
  max: readonly number[];
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** Schema of a point on the wire: two finite numbers (JSON has no NaN; it arrives as null). */
export const latentPointSchema = z.tuple([finite, finite]);

/**
 * How a client views the room: 'auto' gets its own digit full size and the others as thumbnails,
 * 'full' (the presenter) gets every cursor full size.
 */
export const DETAIL_KINDS = ['auto', 'full'] as const;
export type Detail = (typeof DETAIL_KINDS)[number];

/**
 * The part of the plane a room accepts: the card bounds widened by half their span on each side
 * (a span under 2 still gets a margin of 1), so people can explore past the data, where the AE
 * decodes garbage (the point of the article), without sending absurd numbers.
 */
export function widenBounds(card: CardBounds): LatentBounds {
  const half = (lo: number, hi: number) => Math.max(hi - lo, 2) / 2;
  const hx = half(card.min[0], card.max[0]);
  const hy = half(card.min[1], card.max[1]);
  return [card.min[0] - hx, card.min[1] - hy, card.max[0] + hx, card.max[1] + hy];
}

/** True when z is two finite numbers inside the bounds (edges included). */
export function insideBounds(b: Readonly<LatentBounds>, z: readonly number[]): boolean {
  return (
    z.length === 2 &&
    Number.isFinite(z[0]) && Number.isFinite(z[1]) &&
    z[0] >= b[0] && z[0] <= b[2] && z[1] >= b[1] && z[1] <= b[3]
  );
}

/**
 * The nearest point inside the bounds. Math.min/max return the bound itself at an edge, so the
 * result always passes `insideBounds` for finite input.
 */
export function clampToBounds(b: Readonly<LatentBounds>, z: readonly [number, number]): LatentPoint {
  return [Math.min(b[2], Math.max(b[0], z[0])), Math.min(b[3], Math.max(b[1], z[1]))];
}

/** True for a non-empty rectangle of finite numbers (min below max on both axes). */
export function isProperBounds(b: readonly number[]): b is LatentBounds {
  return b.length === 4 && b.every(Number.isFinite) && b[0] < b[2] && b[1] < b[3];
}

/** The manifold picture's query (`GET /api/models/:model/manifold.png`): the article's 30 x 30 over [-4, 4]². */
export const MANIFOLD_QUERY = { n: 30, range: 4, maxN: 60, maxAbs: 1000 } as const;

/**
 * The query string of a manifold picture over `bounds` (n x n digits, no axes), as the server's
 * parser reads it. Three decimals keep URLs (and so the image cache) stable as bounds jitter.
 */
export function manifoldSearch(bounds: Readonly<LatentBounds>, n: number = MANIFOLD_QUERY.n): string {
  const [xMin, yMin, xMax, yMax] = bounds.map((v) => Number(v.toFixed(3)));
  return `n=${n}&xMin=${xMin}&xMax=${xMax}&yMin=${yMin}&yMax=${yMax}&axes=0`;
}
