/**
 * Participant and ghost colours: a hand-picked palette of clearly different hues first, then
 * golden-angle hues, so everyone in a class of 30 is told apart on the plane.
 */

const PALETTE = [
  '#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45',
  '#fabed4', '#469990', '#dcbeff', '#9a6324', '#ffe119', '#800000', '#aaffc3', '#808000',
  '#ffd8b1', '#000075', '#a9a9a9', '#00a86b',
] as const;

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * c).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** The n-th colour of the sequence (palette, then golden-angle hues). */
export function colorAt(n: number): string {
  if (n < PALETTE.length) return PALETTE[n];
  const i = n - PALETTE.length;
  return hslToHex((i * 137.508) % 360, 0.65, i % 2 === 0 ? 0.5 : 0.38);
}

/** The first colour of the sequence that nobody in `used` has. */
export function pickColor(used: Iterable<string>): string {
  const taken = new Set(used);
  for (let n = 0; ; n++) {
    const c = colorAt(n);
    if (!taken.has(c)) return c;
  }
}
