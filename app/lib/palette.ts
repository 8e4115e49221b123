/**
 * Colours of the ten digit classes in the scatter. Okabe & Ito's colour-blind-safe set, with a
 * darker yellow (pure #F0E442 vanishes on a light background), extended to ten with Tol's wine
 * and a mid grey, so neighbouring digits stay apart for the common forms of colour blindness.
 */
export const DIGIT_COLORS = [
  '#0072B2', // 0 blue
  '#E69F00', // 1 orange
  '#009E73', // 2 bluish green
  '#D55E00', // 3 vermillion
  '#56B4E9', // 4 sky blue
  '#CC79A7', // 5 reddish purple
  '#C9B400', // 6 yellow, darkened
  '#000000', // 7 black
  '#999999', // 8 grey
  '#882255', // 9 wine
] as const;

/** The colour of a digit class as a 0xRRGGBB number, for Pixi tints. */
export function digitColorNumber(label: number): number {
  const hex = DIGIT_COLORS[((label % 10) + 10) % 10];
  return parseInt(hex.slice(1), 16);
}

/** A CSS colour string (#rgb, #rrggbb) as 0xRRGGBB; grey for anything unreadable. */
export function cssColorToNumber(color: string): number {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return 0x777777;
  const hex = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  return parseInt(hex, 16);
}
