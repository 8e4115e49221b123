import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../shared/constants.js';
import { drawAxes, drawTitle, formatTick, thinTicks, TICK_FONT_PX, type Rect, type Tick } from './plotAxes.js';
import { scaleDigit } from './scaleDigit.js';

/** Decodes 2*N latent coordinates into N*784 bytes (the decoder service's `decode` fits). */
export type DecodeFn = (z: Float32Array) => Promise<Uint8Array>;

export interface ManifoldOptions {
  /** Digits per side. */
  n: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Pixels per digit; default 28 (one per decoded pixel). */
  cell?: number;
  /** Ticks, tick labels and axis titles around the grid; default true. */
  axes?: boolean;
  title?: string;
}

const MAX_N = 100;
// Room for vertical tick labels such as "-3.7", the axis titles and an optional title.
const AXES_MARGIN = { left: 58, right: 14, top: 14, bottom: 64 };
const TITLE_HEIGHT = 26;

/** linspace(min, max, n), as numpy gives it (n = 1 gives [min]). */
function linspace(min: number, max: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? min : min + ((max - min) * i) / (n - 1)));
}

/**
 * The grid's latent points, row-major from the top-left: row i has y = yMax .. yMin going down
 * (+y at the top, as in the article), column j has x = xMin .. xMax going right.
 */
export function manifoldGrid(opts: ManifoldOptions): Float32Array {
  const xs = linspace(opts.xMin, opts.xMax, opts.n);
  const ys = linspace(opts.yMax, opts.yMin, opts.n);
  const z = new Float32Array(2 * opts.n * opts.n);
  ys.forEach((y, i) =>
    xs.forEach((x, j) => {
      z[2 * (i * opts.n + j)] = x;
      z[2 * (i * opts.n + j) + 1] = y;
    }),
  );
  return z;
}

/** The picture's pixel size and where the digit grid sits in it. */
export function manifoldLayout(opts: ManifoldOptions): { width: number; height: number; grid: Rect } {
  const size = opts.n * (opts.cell ?? IMAGE_SIZE);
  if (opts.axes === false) return { width: size, height: size, grid: { x: 0, y: 0, width: size, height: size } };
  const top = AXES_MARGIN.top + (opts.title ? TITLE_HEIGHT : 0);
  return {
    width: AXES_MARGIN.left + size + AXES_MARGIN.right,
    height: top + size + AXES_MARGIN.bottom,
    grid: { x: AXES_MARGIN.left, y: top, width: size, height: size },
  };
}

function checkOptions(opts: ManifoldOptions): void {
  const cell = opts.cell ?? IMAGE_SIZE;
  if (!Number.isInteger(opts.n) || opts.n < 1 || opts.n > MAX_N) throw new RangeError(`n must be an integer in 1..${MAX_N}, got ${opts.n}`);
  if (!Number.isInteger(cell) || cell < 1 || cell > 4 * IMAGE_SIZE) throw new RangeError(`cell must be an integer in 1..${4 * IMAGE_SIZE}, got ${cell}`);
  for (const k of ['xMin', 'xMax', 'yMin', 'yMax'] as const) {
    if (!Number.isFinite(opts[k])) throw new RangeError(`${k} must be finite, got ${opts[k]}`);
  }
  if (!(opts.xMax > opts.xMin && opts.yMax > opts.yMin)) throw new RangeError('the range must have xMax > xMin and yMax > yMin');
}

/** Tick labels at the cell centres, rounded to 0.1 like the article's picture. */
function cellTicks(values: number[], start: number, cell: number): Tick[] {
  const ticks = values.map((v, i) => ({ at: start + (i + 0.5) * cell, label: formatTick(v, 1) }));
  return thinTicks(ticks, TICK_FONT_PX);
}

/** Draws the n x n decoded digits (white on black) on a canvas, with axes unless turned off. */
export async function drawManifold(decode: DecodeFn, opts: ManifoldOptions): Promise<Canvas> {
  checkOptions(opts);
  const cell = opts.cell ?? IMAGE_SIZE;
  const { width, height, grid } = manifoldLayout(opts);
  const frames = await decode(manifoldGrid(opts));
  if (frames.length !== opts.n * opts.n * IMAGE_PIXELS) {
    throw new Error(`decode returned ${frames.length} bytes for ${opts.n * opts.n} digits`);
  }
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const image = ctx.createImageData(grid.width, grid.height);
  for (let k = 0; k < opts.n * opts.n; k++) {
    const scaled = scaleDigit(frames.subarray(k * IMAGE_PIXELS, (k + 1) * IMAGE_PIXELS), cell);
    const x0 = (k % opts.n) * cell;
    const y0 = Math.floor(k / opts.n) * cell;
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const v = scaled[y * cell + x];
        const p = 4 * ((y0 + y) * grid.width + x0 + x);
        image.data[p] = image.data[p + 1] = image.data[p + 2] = v;
        image.data[p + 3] = 255;
      }
    }
  }
  ctx.putImageData(image, grid.x, grid.y);
  if (opts.axes !== false) {
    drawAxes(ctx, grid, {
      xTicks: cellTicks(linspace(opts.xMin, opts.xMax, opts.n), grid.x, cell),
      yTicks: cellTicks(linspace(opts.yMax, opts.yMin, opts.n), grid.y, cell),
      xLabel: 'z[0]',
      yLabel: 'z[1]',
      rotateXLabels: true,
    });
    if (opts.title) drawTitle(ctx, grid, opts.title);
  }
  return canvas;
}

/**
 * The article's manifold picture as PNG bytes: n x n digits decoded over [xMin, xMax] x [yMin, yMax],
 * +y at the top. Without axes the PNG is exactly n*cell pixels square.
 */
export async function renderManifoldPng(decode: DecodeFn, opts: ManifoldOptions): Promise<Buffer> {
  return (await drawManifold(decode, opts)).encode('png');
}
