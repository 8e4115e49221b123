/**
 * Turns a recorded path into GIF frames: at most `maxFrames`, and no faster than GIF players honour
 * (browsers show delays under 20 ms as 100 ms, so faster paths are thinned instead).
 */

export interface GifPlan {
  /** Interleaved z of the frames to decode. */
  z: Float32Array;
  delayMs: number;
}

const MIN_DELAY_MS = 20;

/** Samples the path (held between samples, like a replay) at evenly spaced times. */
export function planGifFrames(t: readonly number[], z: readonly number[], maxFrames = 600): GifPlan {
  const n = t.length;
  const duration = n > 1 ? t[n - 1] - t[0] : 0;
  if (n <= 1 || duration <= 0) return { z: Float32Array.from(z.slice(0, 2)), delayMs: 100 };
  const frames = Math.max(2, Math.min(maxFrames, n, Math.floor(duration / MIN_DELAY_MS) + 1));
  const step = duration / (frames - 1);
  const out = new Float32Array(2 * frames);
  let i = 0;
  for (let k = 0; k < frames; k++) {
    const at = t[0] + k * step + 1e-6;
    while (i < n - 1 && t[i + 1] <= at) i++;
    out[2 * k] = z[2 * i];
    out[2 * k + 1] = z[2 * i + 1];
  }
  return { z: out, delayMs: Math.round(step) };
}
