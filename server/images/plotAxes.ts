import type { SKRSContext2D } from '@napi-rs/canvas';

/** A pixel rectangle on a canvas. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A tick: where it sits along its axis in canvas pixels, and its text. */
export interface Tick {
  at: number;
  label: string;
}

export const FONT_FAMILY = 'DejaVu Sans, sans-serif';
export const TICK_FONT_PX = 11;
const TICK_LENGTH = 4;

/** Evenly spaced round values (steps of 1, 2 or 5 times a power of ten) covering [min, max]. */
export function niceTicks(min: number, max: number, target = 8): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.round(v / step) * step + 0);
  return out;
}

/** Formats a tick value without float noise ("0.30000000000000004") or a negative zero. */
export function formatTick(v: number, decimals: number): string {
  return (Math.round(v * 10 ** decimals) / 10 ** decimals + 0).toFixed(decimals);
}

/** Decimals enough to tell neighbouring ticks apart. */
export function tickDecimals(ticks: number[]): number {
  if (ticks.length < 2) return 1;
  const step = Math.abs(ticks[1] - ticks[0]);
  return Math.max(0, Math.min(4, -Math.floor(Math.log10(step) + 1e-9)));
}

/** Keeps every k-th tick so labels of `extent` pixels do not overlap. */
export function thinTicks(ticks: Tick[], extent: number): Tick[] {
  if (ticks.length < 2) return ticks;
  const spacing = Math.abs(ticks[1].at - ticks[0].at);
  const every = Math.max(1, Math.ceil((extent + 2) / spacing));
  return ticks.filter((_, i) => i % every === 0);
}

export interface AxesOptions {
  xTicks: Tick[];
  yTicks: Tick[];
  xLabel: string;
  yLabel: string;
  /** Vertical x tick labels: a 30-cell manifold has a label every 28 px. */
  rotateXLabels?: boolean;
}

/** Draws a frame around `plot`, ticks and their labels outside it, and the two axis titles. */
export function drawAxes(ctx: SKRSContext2D, plot: Rect, opts: AxesOptions): void {
  ctx.save();
  ctx.strokeStyle = '#000';
  ctx.fillStyle = '#000';
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.width + 1, plot.height + 1);
  ctx.font = `${TICK_FONT_PX}px ${FONT_FAMILY}`;
  const bottom = plot.y + plot.height;
  let labelDepth = 0;
  for (const t of opts.xTicks) {
    ctx.beginPath();
    ctx.moveTo(Math.round(t.at) + 0.5, bottom);
    ctx.lineTo(Math.round(t.at) + 0.5, bottom + TICK_LENGTH);
    ctx.stroke();
    labelDepth = Math.max(labelDepth, opts.rotateXLabels ? ctx.measureText(t.label).width : TICK_FONT_PX);
    ctx.save();
    if (opts.rotateXLabels) {
      ctx.translate(t.at, bottom + TICK_LENGTH + 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(t.label, 0, 0);
    } else {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(t.label, t.at, bottom + TICK_LENGTH + 2);
    }
    ctx.restore();
  }
  let labelWidth = 0;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of opts.yTicks) {
    ctx.beginPath();
    ctx.moveTo(plot.x - TICK_LENGTH, Math.round(t.at) + 0.5);
    ctx.lineTo(plot.x, Math.round(t.at) + 0.5);
    ctx.stroke();
    ctx.fillText(t.label, plot.x - TICK_LENGTH - 2, t.at);
    labelWidth = Math.max(labelWidth, ctx.measureText(t.label).width);
  }
  ctx.font = `13px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(opts.xLabel, plot.x + plot.width / 2, bottom + TICK_LENGTH + 6 + labelDepth);
  ctx.translate(plot.x - TICK_LENGTH - 8 - labelWidth, plot.y + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'bottom';
  ctx.fillText(opts.yLabel, 0, 0);
  ctx.restore();
}

/** Draws a title centred above `plot`. */
export function drawTitle(ctx: SKRSContext2D, plot: Rect, title: string): void {
  ctx.save();
  ctx.fillStyle = '#000';
  ctx.font = `bold 15px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(title, plot.x + plot.width / 2, plot.y - 8);
  ctx.restore();
}
