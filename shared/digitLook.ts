/**
 * How a decoded digit looks everywhere the project draws one (the room's canvases and textures,
 * the path GIFs): dark ink on light paper, the colours of the page. The article's own figures keep
 * its white-on-black look.
 */

/** RGB of paper (intensity 0) and ink (intensity 255). */
export const DIGIT_PAPER = [250, 250, 246] as const;
export const DIGIT_INK = [20, 24, 38] as const;

/** The RGB of a decoded intensity (0 = background, 255 = ink) in the page's look. */
export function digitRgb(intensity: number): [number, number, number] {
  const a = intensity / 255;
  return [0, 1, 2].map((i) => Math.round(DIGIT_PAPER[i] + (DIGIT_INK[i] - DIGIT_PAPER[i]) * a)) as [number, number, number];
}
