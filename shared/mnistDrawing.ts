/**
 * Turns hand-drawn strokes into a 28x28 digit the way MNIST itself was made: the ink's bounding
 * box scaled to fit 20x20 keeping its aspect ratio, anti-aliased, then placed so that its centre
 * of mass sits where MNIST's do (pixel 14, 14). Ink is 1, background 0 (white ink on black).
 * Pure arithmetic, no canvas: the browser's pad and the tests use the same code.
 */
import { IMAGE_PIXELS, IMAGE_SIZE } from './constants.js';

/** A point of a stroke in any coordinates (pad pixels); only shapes and ratios matter. */
export type StrokePoint = readonly [number, number];
export type Stroke = readonly StrokePoint[];

export interface DigitRasterOptions {
  /** Pen width in pixels of the 28x28 result (MNIST strokes are about 3 px wide); default 3. */
  penWidth?: number;
  /** Side of the box the ink is scaled into; default 20 (MNIST's). */
  fitBox?: number;
  /** Subsamples per pixel side for anti-aliasing; default 4. */
  supersample?: number;
}

/**
 * Where MNIST put the centre of mass: pixel (14, 14) counting from 0, whose centre is at 14.5 in
 * these coordinates (pixel i spans [i, i + 1)). The mean over the 10,000 test digits is 14.5.
 */
const MNIST_CENTRE = 14.5;

/** At most this many points are used (a bound on work for any input; a digit needs far fewer). */
export const MAX_STROKE_POINTS = 2000;

interface Segment {
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

function segmentsOf(strokes: readonly Stroke[]): Segment[] {
  const segments: Segment[] = [];
  let used = 0;
  for (const stroke of strokes) {
    const pts = stroke.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    for (let i = 0; i < pts.length && used < MAX_STROKE_POINTS; i++, used++) {
      const a = pts[i];
      const b = pts[Math.min(i + 1, pts.length - 1)];
      // A one-point stroke is a dot: a zero-length segment.
      if (i === pts.length - 1 && pts.length > 1) break;
      segments.push({ ax: a[0], ay: a[1], bx: b[0], by: b[1] });
    }
  }
  return segments;
}

function squaredDistanceToSegment(px: number, py: number, s: Segment): number {
  const dx = s.bx - s.ax;
  const dy = s.by - s.ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - s.ax) * dx + (py - s.ay) * dy) / len2));
  const ex = px - (s.ax + t * dx);
  const ey = py - (s.ay + t * dy);
  return ex * ex + ey * ey;
}

/**
 * Rasterises segments (already in 28x28 pixel units) with a round pen into a 28x28 image,
 * coverage-averaged over `ss` x `ss` subsamples per pixel.
 */
function rasterise(segments: Segment[], radius: number, ss: number): Float32Array {
  const side = IMAGE_SIZE * ss;
  const mask = new Uint8Array(side * side);
  const r2 = radius * radius;
  for (const s of segments) {
    const x0 = Math.max(0, Math.floor((Math.min(s.ax, s.bx) - radius) * ss));
    const x1 = Math.min(side - 1, Math.ceil((Math.max(s.ax, s.bx) + radius) * ss));
    const y0 = Math.max(0, Math.floor((Math.min(s.ay, s.by) - radius) * ss));
    const y1 = Math.min(side - 1, Math.ceil((Math.max(s.ay, s.by) + radius) * ss));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        if (!mask[y * side + x] && squaredDistanceToSegment((x + 0.5) / ss, (y + 0.5) / ss, s) <= r2) mask[y * side + x] = 1;
      }
    }
  }
  const out = new Float32Array(IMAGE_PIXELS);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) if (mask[y * side + x]) out[Math.floor(y / ss) * IMAGE_SIZE + Math.floor(x / ss)] += 1;
  }
  for (let i = 0; i < IMAGE_PIXELS; i++) out[i] /= ss * ss;
  return out;
}

/** Centre of mass of an image, in pixel units (pixel i's centre is at i + 0.5). */
export function centreOfMass(image: ArrayLike<number>): [number, number] | null {
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    const v = image[i];
    sum += v;
    sx += v * ((i % IMAGE_SIZE) + 0.5);
    sy += v * (Math.floor(i / IMAGE_SIZE) + 0.5);
  }
  return sum > 0 ? [sx / sum, sy / sum] : null;
}

function transform(segments: Segment[], scale: number, ox: number, oy: number): Segment[] {
  return segments.map((s) => ({ ax: s.ax * scale + ox, ay: s.ay * scale + oy, bx: s.bx * scale + ox, by: s.by * scale + oy }));
}

/**
 * The 28x28 MNIST-like image of `strokes` (row-major, values in [0, 1], 1 = ink), or null when
 * there is no ink at all.
 */
export function strokesToDigit(strokes: readonly Stroke[], opts: DigitRasterOptions = {}): Float32Array | null {
  const { penWidth = 3, fitBox = 20, supersample = 4 } = opts;
  const segments = segmentsOf(strokes);
  if (segments.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const s of segments) {
    minX = Math.min(minX, s.ax, s.bx);
    maxX = Math.max(maxX, s.ax, s.bx);
    minY = Math.min(minY, s.ay, s.by);
    maxY = Math.max(maxY, s.ay, s.by);
  }
  const extent = Math.max(maxX - minX, maxY - minY);
  // The pen's width is part of the ink box: the centre lines fit in fitBox - penWidth.
  const scale = extent > 0 ? (fitBox - penWidth) / extent : 1;
  const radius = penWidth / 2;
  // First pass: the ink fitted into the box at the field's centre, to find its centre of mass.
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const centred = transform(segments, scale, IMAGE_SIZE / 2 - cx * scale, IMAGE_SIZE / 2 - cy * scale);
  const com = centreOfMass(rasterise(centred, radius, supersample));
  if (!com) return null;
  // Second pass: shifted so the centre of mass lands on the field's centre (sub-pixel, as drawn).
  const dx = MNIST_CENTRE - com[0];
  const dy = MNIST_CENTRE - com[1];
  return rasterise(transform(centred, 1, dx, dy), radius, supersample);
}
