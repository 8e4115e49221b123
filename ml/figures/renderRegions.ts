import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
// The room's digit colours (a colour-blind-safe categorical set): the regions map is a background
// of the room's plane too, and a hue per digit needs categories, not the scatter's viridis ramp.
import { DIGIT_PALETTE as DIGIT_COLORS } from '../../shared/digitPalette.js';
import type { RegionsMap } from '../../server/models/regions.js';
import { drawAxes, drawTitle, FONT_FAMILY, formatTick, niceTicks, tickDecimals, TICK_FONT_PX, type Rect } from '../../server/images/plotAxes.js';

/** One panel: a model's map over the box its cells tile, and the line under its title. */
export interface RegionsPanel {
  title: string;
  subtitle: string;
  map: RegionsMap;
  box: { xMin: number; xMax: number; yMin: number; yMax: number };
  /** Cells at or above it are outlined as "clearly a digit". */
  threshold: number;
}

const MARGIN = { left: 58, right: 16, top: 52, bottom: 56 };
const LEGEND_HEIGHT = 44;

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Fills the cells: the digit's colour mixed with white by the confidence (1 = the pure colour). */
function fillCells(ctx: SKRSContext2D, plot: Rect, map: RegionsMap, cell: number): void {
  const image = ctx.createImageData(plot.width, plot.height);
  const colors = DIGIT_COLORS.map(rgb);
  for (let k = 0; k < map.n * map.n; k++) {
    const c = colors[map.labels[k]];
    const s = map.confidence[k];
    const x0 = (k % map.n) * cell;
    const y0 = Math.floor(k / map.n) * cell;
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const p = 4 * ((y0 + y) * plot.width + x0 + x);
        for (let ch = 0; ch < 3; ch++) image.data[p + ch] = Math.round(255 * (1 - s) + c[ch] * s);
        image.data[p + 3] = 255;
      }
    }
  }
  ctx.putImageData(image, plot.x, plot.y);
}

/** Outlines where confidence crosses the threshold: the border of the "clearly a digit" area. */
function outlineConfident(ctx: SKRSContext2D, plot: Rect, map: RegionsMap, cell: number, threshold: number): void {
  const sure = (r: number, c: number) => map.confidence[r * map.n + c] >= threshold;
  ctx.save();
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.75)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let r = 0; r < map.n; r++) {
    for (let c = 0; c < map.n; c++) {
      const x = plot.x + c * cell;
      const y = plot.y + r * cell;
      if (c + 1 < map.n && sure(r, c) !== sure(r, c + 1)) {
        ctx.moveTo(x + cell, y);
        ctx.lineTo(x + cell, y + cell);
      }
      if (r + 1 < map.n && sure(r, c) !== sure(r + 1, c)) {
        ctx.moveTo(x, y + cell);
        ctx.lineTo(x + cell, y + cell);
      }
    }
  }
  ctx.stroke();
  ctx.restore();
}

function drawPanel(panel: RegionsPanel, cell: number): Canvas {
  const size = panel.map.n * cell;
  const plot: Rect = { x: MARGIN.left, y: MARGIN.top, width: size, height: size };
  const canvas = createCanvas(MARGIN.left + size + MARGIN.right, MARGIN.top + size + MARGIN.bottom);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  fillCells(ctx, plot, panel.map, cell);
  outlineConfident(ctx, plot, panel.map, cell, panel.threshold);
  const { xMin, xMax, yMin, yMax } = panel.box;
  const xs = niceTicks(xMin, xMax);
  const ys = niceTicks(yMin, yMax);
  drawAxes(ctx, plot, {
    xTicks: xs.map((v) => ({ at: plot.x + ((v - xMin) / (xMax - xMin)) * size, label: formatTick(v, tickDecimals(xs)) })),
    yTicks: ys.map((v) => ({ at: plot.y + ((yMax - v) / (yMax - yMin)) * size, label: formatTick(v, tickDecimals(ys)) })),
    xLabel: 'z[0]',
    yLabel: 'z[1]',
  });
  drawTitle(ctx, { ...plot, y: plot.y - 18 }, panel.title);
  ctx.fillStyle = '#333';
  ctx.font = `12px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(panel.subtitle, plot.x + size / 2, plot.y - 6);
  return canvas;
}

function drawLegend(ctx: SKRSContext2D, y: number, width: number): void {
  const swatch = 18;
  const step = 40;
  const x0 = (width - step * DIGIT_COLORS.length) / 2;
  ctx.font = `${TICK_FONT_PX + 2}px ${FONT_FAMILY}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  DIGIT_COLORS.forEach((color, digit) => {
    ctx.fillStyle = color;
    ctx.fillRect(x0 + digit * step, y, swatch, swatch);
    ctx.fillStyle = '#000';
    ctx.fillText(String(digit), x0 + digit * step + swatch + 4, y + swatch / 2);
  });
  ctx.fillStyle = '#333';
  ctx.textAlign = 'center';
  ctx.fillText('hue: the digit the classifier sees; strength: its probability; outline: probability 0.9', width / 2, y + swatch + 14);
}

/** The regions maps side by side, with one digit legend under them, as PNG bytes. */
export async function renderRegionsPng(panels: RegionsPanel[], cell = 4): Promise<Buffer> {
  const drawn = panels.map((p) => drawPanel(p, cell));
  const width = drawn.reduce((w, c) => w + c.width, 0);
  const height = Math.max(...drawn.map((c) => c.height)) + LEGEND_HEIGHT;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  let x = 0;
  for (const c of drawn) {
    ctx.drawImage(c, x, 0);
    x += c.width;
  }
  drawLegend(ctx, height - LEGEND_HEIGHT, width);
  return canvas.encode('png');
}
