/**
 * The mapping between latent z and screen pixels of the plane: a centre, a scale (pixels per unit
 * of z) and the viewport size. y grows upwards in z and downwards on screen, as in the article's
 * figures. Pure functions, so zoom and pan are tested without a canvas.
 */
import type { LatentBounds } from '../../shared/latent';

/** A point in screen pixels (or z units, for the conversions below): [x, y]. */
export type Point = [number, number];

export interface View {
  cx: number;
  cy: number;
  /** Pixels per unit of z. */
  scale: number;
  width: number;
  height: number;
  /** Zoom limits; a fitted view sets them relative to what it fits (latent spaces differ in size). */
  minScale?: number;
  maxScale?: number;
}

/** A rectangle of the plane: [xMin, yMin, xMax, yMax] (the shared LatentBounds). */
export type Bounds = LatentBounds;

/** Zoom limits of a view that has none of its own. */
const MIN_SCALE = 1e-3;
const MAX_SCALE = 1e6;
/** How far a fitted view may zoom out and in, relative to the fit. */
const ZOOM_OUT = 10;
const ZOOM_IN = 200;

export function worldToScreen(v: View, x: number, y: number): Point {
  return [(x - v.cx) * v.scale + v.width / 2, v.height / 2 - (y - v.cy) * v.scale];
}

export function screenToWorld(v: View, sx: number, sy: number): Point {
  return [(sx - v.width / 2) / v.scale + v.cx, (v.height / 2 - sy) / v.scale + v.cy];
}

/** The view that shows all of `bounds` with `padding` pixels to spare on each side. */
export function fitView(bounds: Bounds, width: number, height: number, padding = 24): View {
  const [x0, y0, x1, y1] = bounds;
  const w = Math.max(1, width - 2 * padding);
  const h = Math.max(1, height - 2 * padding);
  const scale = Math.min(w / Math.max(x1 - x0, 1e-9), h / Math.max(y1 - y0, 1e-9));
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, scale, width, height, minScale: scale / ZOOM_OUT, maxScale: scale * ZOOM_IN };
}

function clampScale(v: View, s: number): number {
  return Math.min(v.maxScale ?? MAX_SCALE, Math.max(v.minScale ?? MIN_SCALE, s));
}

/** Zooms by `factor` keeping the z under the screen point (sx, sy) where it is. */
export function zoomAt(v: View, sx: number, sy: number, factor: number): View {
  const scale = clampScale(v, v.scale * factor);
  const [wx, wy] = screenToWorld(v, sx, sy);
  // Solve for the centre that puts (wx, wy) back under (sx, sy) at the new scale.
  return {
    ...v,
    scale,
    cx: wx - (sx - v.width / 2) / scale,
    cy: wy - (v.height / 2 - sy) / scale,
  };
}

/** Moves the content by (dx, dy) screen pixels. */
export function panBy(v: View, dx: number, dy: number): View {
  return { ...v, cx: v.cx - dx / v.scale, cy: v.cy + dy / v.scale };
}

/** Keeps the centre and scale when the viewport changes size. */
export function resizeView(v: View, width: number, height: number): View {
  return { ...v, width, height };
}

/** The z range visible on screen: [xMin, yMin, xMax, yMax]. */
export function visibleBounds(v: View): Bounds {
  const [x0, y1] = screenToWorld(v, 0, 0);
  const [x1, y0] = screenToWorld(v, v.width, v.height);
  return [x0, y0, x1, y1];
}

/** Round tick positions (1, 2 or 5 times a power of ten) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The round step nearest the raw one (in ratio), so a narrow plane still gets a few ticks.
  const step = [1, 2, 5, 10].map((m) => m * mag).reduce((best, s) => (Math.abs(Math.log(s / raw)) < Math.abs(Math.log(best / raw)) ? s : best));
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  }
  return ticks;
}

/** A tick label with as many decimals as its step needs. */
export function formatTick(value: number, ticks: number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(Math.min(6, decimals));
}
