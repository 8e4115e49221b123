/**
 * Colours of the ten digit classes wherever a digit is coloured by its class: the room's scatter
 * and legend, and the regions map. Okabe & Ito's colour-blind-safe set, with a darker yellow (pure
 * #F0E442 vanishes on a light background), extended to ten with Tol's wine and a mid grey, so
 * neighbouring digits stay apart for the common forms of colour blindness.
 */
export const DIGIT_PALETTE = [
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
