/**
 * A link can carry a point of the plane in its fragment: `/r/<room>#z=1.2,-0.8`.
 * The fragment never reaches the server, so the point is private to whoever opens the link.
 */
import type { LatentPoint } from '../../shared/latent';

const HASH_PATTERN = /(?:^#?|&)z=(-?\d+(?:\.\d+)?(?:e-?\d+)?),(-?\d+(?:\.\d+)?(?:e-?\d+)?)(?:&|$)/i;

/** Reads `#z=x,y` from a location hash; null when absent or not two finite numbers. */
export function parsePointHash(hash: string): LatentPoint | null {
  const m = HASH_PATTERN.exec(decodeURIComponent(hash));
  if (!m) return null;
  const x = Number(m[1]);
  const y = Number(m[2]);
  return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
}

/** Two decimals are finer than one decoded pixel changes, and keep the link readable. */
export function formatPointHash(z: LatentPoint): string {
  return `#z=${z[0].toFixed(2)},${z[1].toFixed(2)}`;
}

/** The full link to a point: the page URL without its old fragment, plus the point. */
export function pointLink(href: string, z: LatentPoint): string {
  const base = href.split('#')[0];
  return base + formatPointHash(z);
}
