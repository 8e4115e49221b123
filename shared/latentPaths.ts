/**
 * The seed article's two walks through the latent plane, point for point. Both return
 * Float32Array [x0, y0, x1, y1, ...] of 2 * steps numbers; the room server offers them as
 * presets and the figures CLI turns them into GIFs.
 */

/** A 2-D latent point. */
export type LatentPoint = readonly [number, number];

function assertSteps(steps: number): void {
  if (!Number.isInteger(steps) || steps <= 0) throw new Error(`steps must be a positive integer, got ${steps}`);
}

/**
 * The article's line walk: z = s * z0 + (1 - s) * z1 with s = t / steps for t = 0..steps-1.
 * It starts AT z1 and stops one step short of z0, exactly as the article's loop does.
 */
export function linePath(z0: LatentPoint, z1: LatentPoint, steps: number): Float32Array {
  assertSteps(steps);
  const out = new Float32Array(2 * steps);
  for (let t = 0; t < steps; t++) {
    const s = t / steps;
    out[2 * t] = s * z0[0] + (1 - s) * z1[0];
    out[2 * t + 1] = s * z0[1] + (1 - s) * z1[1];
  }
  return out;
}

/** The article's circle walk: z = [r cos(2 pi s), r sin(2 pi s)] with s = t / steps for t = 0..steps-1. */
export function circlePath(radius: number, steps: number): Float32Array {
  assertSteps(steps);
  const out = new Float32Array(2 * steps);
  for (let t = 0; t < steps; t++) {
    const s = t / steps;
    out[2 * t] = radius * Math.cos(2 * Math.PI * s);
    out[2 * t + 1] = radius * Math.sin(2 * Math.PI * s);
  }
  return out;
}
