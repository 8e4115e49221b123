/**
 * Turning decoded digits (row-major uint8 intensities, 255 = ink) into RGBA pixels for a canvas or
 * a texture, and a short checksum so tests can tell two digits apart without reading pixels.
 */
import { DIGIT_INK as INK, DIGIT_PAPER as PAPER } from '../../shared/digitLook';

/**
 * Writes `pixels` (size x size) into `out` (outSize x outSize RGBA), upscaled by an integer
 * factor with nearest-neighbour so every decoded pixel stays a sharp square.
 */
export function writeDigitRgba(pixels: Uint8Array, size: number, out: Uint8ClampedArray | Uint8Array, outSize: number): void {
  const f = Math.max(1, Math.floor(outSize / size));
  for (let oy = 0; oy < outSize; oy++) {
    const sy = Math.min(size - 1, Math.floor(oy / f));
    for (let ox = 0; ox < outSize; ox++) {
      const sx = Math.min(size - 1, Math.floor(ox / f));
      const a = (pixels[sy * size + sx] ?? 0) / 255;
      const o = (oy * outSize + ox) * 4;
      out[o] = Math.round(PAPER[0] + (INK[0] - PAPER[0]) * a);
      out[o + 1] = Math.round(PAPER[1] + (INK[1] - PAPER[1]) * a);
      out[o + 2] = Math.round(PAPER[2] + (INK[2] - PAPER[2]) * a);
      out[o + 3] = 255;
    }
  }
}

/** Side of a square digit image from its pixel count (784 -> 28, 196 -> 14). */
export function sideOf(pixels: Uint8Array): number {
  return Math.round(Math.sqrt(pixels.length));
}

/** FNV-1a over the pixels, as 8 hex digits: a cheap fingerprint of a frame for test hooks. */
export function pixelChecksum(pixels: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < pixels.length; i++) {
    h ^= pixels[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Draws a digit onto a canvas one canvas pixel per decoded pixel; CSS `image-rendering: pixelated`
 * upscales it with nearest-neighbour, so it stays sharp at any displayed size.
 */
export function drawDigit(canvas: HTMLCanvasElement, pixels: Uint8Array): void {
  const size = sideOf(pixels);
  if (canvas.width !== size) canvas.width = size;
  if (canvas.height !== size) canvas.height = size;
  // A CPU-backed canvas: we only ever write whole small images, and a GPU one would sync per write.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  const image = ctx.createImageData(size, size);
  writeDigitRgba(pixels, size, image.data, size);
  ctx.putImageData(image, 0, 0);
}
