/**
 * Where a bot's cursor goes: the article's circle and line walks (scaled down if the room's model
 * accepts a smaller plane) and a bounded random walk. Each bot gets its own phase so a crowd of
 * bots spreads over the plane instead of moving as one.
 */
import { clampToBounds, type LatentBounds, type LatentPoint } from '../shared/latent.js';

export const WALKS = ['circle', 'line', 'random'] as const;
export type Walk = (typeof WALKS)[number];

type Bounds = Readonly<LatentBounds>;

export interface Walker {
  /** The cursor position at `tMs` since the bot started. */
  at(tMs: number): [number, number];
}

function clamp(b: Bounds, x: number, y: number): LatentPoint {
  return clampToBounds(b, [x, y]);
}

/** A walker for `walk` inside `bounds`; `phase` in [0, 1) offsets it; `random` in [0, 1) seeds it. */
export function createWalker(walk: Walk, bounds: Bounds, phase: number, random: () => number = Math.random): Walker {
  const cx = Math.min(bounds[2], Math.max(bounds[0], 0));
  const cy = Math.min(bounds[3], Math.max(bounds[1], 0));
  if (walk === 'circle') {
    const room = Math.min(cx - bounds[0], bounds[2] - cx, cy - bounds[1], bounds[3] - cy) * 0.95;
    const r = Math.min(2, room);
    const periodMs = 8000;
    return { at: (t) => {
      const a = 2 * Math.PI * (t / periodMs + phase);
      return clamp(bounds, cx + r * Math.cos(a), cy + r * Math.sin(a));
    } };
  }
  if (walk === 'line') {
    const periodMs = 5000;
    return { at: (t) => {
      const s = ((t / periodMs + phase) % 1) * 2;
      const f = s < 1 ? s : 2 - s; // there and back
      return clamp(bounds, 0.4, -2.3 + 5 * f);
    } };
  }
  let z: [number, number] = [bounds[0] + (bounds[2] - bounds[0]) * (0.25 + 0.5 * random()), bounds[1] + (bounds[3] - bounds[1]) * (0.25 + 0.5 * random())];
  let last = 0;
  let heading = 2 * Math.PI * random();
  const speed = Math.min(bounds[2] - bounds[0], bounds[3] - bounds[1]) / 8000; // plane units per ms
  return { at: (t) => {
    const dt = Math.max(0, t - last);
    last = t;
    heading += (random() - 0.5) * 0.6;
    let x = z[0] + Math.cos(heading) * speed * dt;
    let y = z[1] + Math.sin(heading) * speed * dt;
    // Bounce off the edges.
    if (x < bounds[0] || x > bounds[2]) { heading = Math.PI - heading; x = z[0]; }
    if (y < bounds[1] || y > bounds[3]) { heading = -heading; y = z[1]; }
    z = clamp(bounds, x, y);
    return z;
  } };
}
