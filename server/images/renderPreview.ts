/**
 * The preview picture of a shared room link (Open Graph image): the plane of the room's model, the
 * encoded test digits coloured as in the room's legend, the room code large and the model's name.
 * Drawn in the image worker; chat apps fetch it once per link and show it 1.91:1.
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { DIGIT_PALETTE } from '../../shared/digitPalette.js';
import { APP_NAME, PREVIEW_SIZE, THEME_COLOR } from '../../shared/sharing.js';
import { FONT_FAMILY } from './plotAxes.js';

export interface PreviewInput {
  /** `embedding.json` of the room's model: `{count, z: [x0, y0, ...], labels}`. */
  embedding: { count: number; z: ArrayLike<number>; labels: ArrayLike<number> };
  room: string;
  /** The model as people read it, e.g. "variational autoencoder (VAE)". */
  modelTitle: string;
}

const INK = '#1d1d1b';
const MUTED = '#5f5f5a';
const TEXT_LEFT = 56;
const TEXT_WIDTH = 530;
/** The plane: a square on the right, so both latent axes keep one scale, as in the room. */
const PLANE = { x: 620, y: 45, size: 540 } as const;

/** The central 99% of one coordinate, widened by 8%: an outlier digit must not shrink the cloud. */
function robustRange(z: ArrayLike<number>, offset: number, count: number): [number, number] {
  const values = Float64Array.from({ length: count }, (_, i) => z[2 * i + offset]).sort();
  const lo = values[Math.floor(count * 0.005)];
  const hi = values[Math.min(count - 1, Math.ceil(count * 0.995))];
  const pad = (hi - lo) * 0.08 || 1;
  return [lo - pad, hi + pad];
}

function drawPlane(ctx: SKRSContext2D, e: PreviewInput['embedding']): void {
  const [x0, x1] = robustRange(e.z, 0, e.count);
  const [y0, y1] = robustRange(e.z, 1, e.count);
  const span = Math.max(x1 - x0, y1 - y0);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const scale = PLANE.size / span;
  ctx.save();
  ctx.beginPath();
  ctx.rect(PLANE.x, PLANE.y, PLANE.size, PLANE.size);
  ctx.clip();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(PLANE.x, PLANE.y, PLANE.size, PLANE.size);
  ctx.globalAlpha = 0.75;
  for (let i = 0; i < e.count; i++) {
    ctx.fillStyle = DIGIT_PALETTE[e.labels[i]] ?? '#888888';
    const px = PLANE.x + PLANE.size / 2 + (e.z[2 * i] - cx) * scale;
    const py = PLANE.y + PLANE.size / 2 - (e.z[2 * i + 1] - cy) * scale;
    ctx.fillRect(px - 1.75, py - 1.75, 3.5, 3.5);
  }
  ctx.restore();
  ctx.strokeStyle = '#d8d8d2';
  ctx.lineWidth = 2;
  ctx.strokeRect(PLANE.x, PLANE.y, PLANE.size, PLANE.size);
}

/** The room code in the largest size that fits; long codes break at their hyphens. */
function roomCodeLines(ctx: SKRSContext2D, room: string): { lines: string[]; px: number } {
  for (let px = 96; px >= 40; px -= 4) {
    ctx.font = `bold ${px}px ${FONT_FAMILY}`;
    if (ctx.measureText(room).width <= TEXT_WIDTH) return { lines: [room], px };
  }
  const lines: string[] = [];
  for (const part of room.split(/(?<=-)/)) {
    const last = lines.length - 1;
    if (last >= 0 && ctx.measureText(lines[last] + part).width <= TEXT_WIDTH) lines[last] += part;
    else lines.push(part);
  }
  return { lines, px: 40 };
}

function drawLegend(ctx: SKRSContext2D, y: number): void {
  ctx.font = `22px ${FONT_FAMILY}`;
  ctx.textBaseline = 'middle';
  DIGIT_PALETTE.forEach((color, digit) => {
    const x = TEXT_LEFT + digit * 52;
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(x + 8, y, 8, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = INK;
    ctx.fillText(String(digit), x + 21, y);
  });
}

/** Draws the preview at PREVIEW_SIZE. */
export function drawPreview(input: PreviewInput): Canvas {
  const canvas = createCanvas(PREVIEW_SIZE.width, PREVIEW_SIZE.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = THEME_COLOR;
  ctx.fillRect(0, 0, PREVIEW_SIZE.width, PREVIEW_SIZE.height);
  drawPlane(ctx, input.embedding);

  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = MUTED;
  ctx.font = `30px ${FONT_FAMILY}`;
  ctx.fillText(APP_NAME, TEXT_LEFT, 96);
  ctx.font = `bold 34px ${FONT_FAMILY}`;
  ctx.fillStyle = INK;
  ctx.fillText('Room', TEXT_LEFT, 190);
  const code = roomCodeLines(ctx, input.room);
  ctx.font = `bold ${code.px}px ${FONT_FAMILY}`;
  let y = 190 + code.px * 1.05;
  for (const line of code.lines) {
    ctx.fillText(line, TEXT_LEFT, y);
    y += code.px * 1.1;
  }
  ctx.font = `28px ${FONT_FAMILY}`;
  ctx.fillStyle = INK;
  ctx.fillText(`Model: ${input.modelTitle}`, TEXT_LEFT, Math.max(y + 24, 400));
  ctx.fillStyle = MUTED;
  ctx.font = `24px ${FONT_FAMILY}`;
  ctx.fillText('Join, and steer a digit across its plane', TEXT_LEFT, Math.max(y + 66, 442));
  drawLegend(ctx, 560);
  return canvas;
}
