import type * as Gifenc from 'gifenc';
import { createRequire } from 'node:module';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../shared/constants.js';
import { digitRgb } from '../../shared/digitLook.js';
import { scaleDigit } from './scaleDigit.js';

// gifenc's ESM build exports GIFEncoder as its default, its CJS build as a property, and Node and
// Vite pick different builds; require() gets the CJS one everywhere.
const { GIFEncoder } = createRequire(import.meta.url)('gifenc') as typeof Gifenc;

/**
 * 256 colours, one per decoded byte, so frames need no quantising: the page's dark ink on light
 * paper, or the article's white on black.
 */
const PALETTES = {
  light: Array.from({ length: 256 }, (_, v) => digitRgb(v)),
  dark: Array.from({ length: 256 }, (_, v) => [v, v, v]),
};

export interface DigitGifOptions {
  /** Pixels per digit pixel; default 4 (a 112 px square). */
  scale?: number;
  /** Time per frame; default 80 ms. GIF keeps centiseconds, so it is rounded to 10 ms. */
  delayMs?: number;
  /** 'light' (default): dark digits on light, as the web app shows them; 'dark': the article's white on black. */
  look?: keyof typeof PALETTES;
}

/**
 * Encodes N decoded digits (N*784 bytes, 255 = ink) as an animated GIF that loops forever, one
 * frame per digit.
 */
export function encodeDigitGif(frames: Uint8Array, opts: DigitGifOptions = {}): Uint8Array {
  const { scale = 4, delayMs = 80, look = 'light' } = opts;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be a positive integer, got ${scale}`);
  if (frames.length === 0 || frames.length % IMAGE_PIXELS !== 0) {
    throw new RangeError(`frames must hold N*${IMAGE_PIXELS} bytes with N >= 1, got ${frames.length}`);
  }
  const side = IMAGE_SIZE * scale;
  const encoder = GIFEncoder();
  const count = frames.length / IMAGE_PIXELS;
  for (let i = 0; i < count; i++) {
    const index = scaleDigit(frames.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS), side);
    // The palette goes with the first frame only: it becomes the global table for all of them.
    encoder.writeFrame(index, side, side, { delay: delayMs, repeat: 0, ...(i === 0 ? { palette: PALETTES[look] } : {}) });
  }
  encoder.finish();
  return encoder.bytes();
}
