import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Embedding } from '../../server/models/modelFiles.js';
import { DIGIT_COLORS } from './digitColors.js';
import { drawAxes, drawTitle, FONT_FAMILY, formatTick, niceTicks, tickDecimals, TICK_FONT_PX, type Rect } from '../../server/images/plotAxes.js';

export interface ScatterOptions {
  /** Canvas size; default 640 x 560. */
  width?: number;
  height?: number;
  /** Data range shown; default the embedding's bounds plus 5%. */
  xRange?: [number, number];
  yRange?: [number, number];
  title?: string;
}

const MARGIN = { left: 64, right: 84, top: 36, bottom: 54 };
const BAR_WIDTH = 16;

function paddedRange(values: ArrayLike<number>, offset: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = offset; i < values.length; i += 2) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  if (!(max > min)) return [min - 1, max + 1];
  const pad = (max - min) * 0.05;
  return [min - pad, max + pad];
}

/** Discrete colour bar for labels 0 (bottom) to 9 (top), ticks at the block centres. */
function drawColorBar(ctx: SKRSContext2D, plot: Rect): void {
  const x = plot.x + plot.width + 18;
  const block = plot.height / DIGIT_COLORS.length;
  ctx.save();
  ctx.font = `${TICK_FONT_PX}px ${FONT_FAMILY}`;
  ctx.textBaseline = 'middle';
  DIGIT_COLORS.forEach((color, label) => {
    const y = plot.y + plot.height - (label + 1) * block;
    ctx.fillStyle = color;
    ctx.fillRect(x, y, BAR_WIDTH, block);
    ctx.fillStyle = '#000';
    ctx.fillRect(x + BAR_WIDTH, Math.round(y + block / 2), 4, 1);
    ctx.fillText(String(label), x + BAR_WIDTH + 7, y + block / 2);
  });
  ctx.strokeStyle = '#000';
  ctx.strokeRect(x - 0.5, plot.y - 0.5, BAR_WIDTH + 1, plot.height + 1);
  ctx.restore();
}

/** Draws the encoded test set, one dot per digit coloured by its label, with axes and colour bar. */
export function drawScatter(embedding: Embedding, opts: ScatterOptions = {}): Canvas {
  const { width = 640, height = 560 } = opts;
  const xRange = opts.xRange ?? paddedRange(embedding.z, 0);
  const yRange = opts.yRange ?? paddedRange(embedding.z, 1);
  const plot: Rect = { x: MARGIN.left, y: MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: height - MARGIN.top - MARGIN.bottom };
  const px = (v: number) => plot.x + ((v - xRange[0]) / (xRange[1] - xRange[0])) * plot.width;
  const py = (v: number) => plot.y + plot.height - ((v - yRange[0]) / (yRange[1] - yRange[0])) * plot.height;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.width, plot.height);
  ctx.clip();
  ctx.globalAlpha = 0.8;
  for (let i = 0; i < embedding.count; i++) {
    ctx.fillStyle = DIGIT_COLORS[embedding.labels[i]] ?? '#888';
    ctx.beginPath();
    ctx.arc(px(embedding.z[2 * i]), py(embedding.z[2 * i + 1]), 1.6, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.restore();
  const xs = niceTicks(xRange[0], xRange[1]);
  const ys = niceTicks(yRange[0], yRange[1]);
  drawAxes(ctx, plot, {
    xTicks: xs.map((v) => ({ at: px(v), label: formatTick(v, tickDecimals(xs)) })),
    yTicks: ys.map((v) => ({ at: py(v), label: formatTick(v, tickDecimals(ys)) })),
    xLabel: 'z[0]',
    yLabel: 'z[1]',
  });
  drawColorBar(ctx, plot);
  if (opts.title) drawTitle(ctx, plot, opts.title);
  return canvas;
}

/** The article's scatter picture as PNG bytes. */
export async function renderScatterPng(embedding: Embedding, opts: ScatterOptions = {}): Promise<Buffer> {
  return drawScatter(embedding, opts).encode('png');
}
