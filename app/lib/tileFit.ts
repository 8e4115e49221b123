/**
 * How large the projector can draw everyone's digits so that all of them fit the space left
 * (no scrolling on a projector): the largest digit side for which the tiles' rows fit.
 */

/** Pixels a tile adds around its digit: padding and border across, plus the name line down. */
export const TILE_EXTRA = { across: 18, down: 42 };
export const TILE_GAP = 8;

export interface TileFit {
  /** Side of each digit in CSS pixels. */
  digit: number;
  columns: number;
  /** How many tiles fit; the rest are summed up as "+n more". */
  shown: number;
}

export function fitTiles(width: number, height: number, count: number, min = 40, max = 200): TileFit {
  const layout = (d: number) => {
    const columns = Math.max(1, Math.floor((width + TILE_GAP) / (d + TILE_EXTRA.across + TILE_GAP)));
    const rowsFit = Math.max(0, Math.floor((height + TILE_GAP) / (d + TILE_EXTRA.down + TILE_GAP)));
    return { columns, capacity: columns * rowsFit };
  };
  for (let d = max; d > min; d -= 2) {
    const { columns, capacity } = layout(d);
    if (capacity >= count) return { digit: d, columns, shown: count };
  }
  const { columns, capacity } = layout(min);
  // One place is taken by the "+n more" tile when not everyone fits.
  return { digit: min, columns, shown: capacity >= count ? count : Math.max(0, capacity - 1) };
}
