/** Matplotlib's viridis sampled at 0/9 .. 9/9: the article's scatter colours digits 0-9 with it. */
export const DIGIT_COLORS = [
  '#440154', '#482878', '#3e4989', '#31688e', '#26828e',
  '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725',
] as const;
