import { describe, expect, it } from 'vitest';
import { fitTiles, TILE_EXTRA, TILE_GAP } from '../../app/lib/tileFit';

const rowsNeeded = (count: number, columns: number) => Math.ceil(count / columns);

describe('the projector’s digit tiles', () => {
  it('are as large as the space allows while all of them fit', () => {
    for (const count of [1, 4, 9, 30]) {
      const fit = fitTiles(520, 420, count);
      expect(fit.shown).toBe(count);
      const height = rowsNeeded(count, fit.columns) * (fit.digit + TILE_EXTRA.down + TILE_GAP) - TILE_GAP;
      expect(height).toBeLessThanOrEqual(420);
      expect(fit.columns * (fit.digit + TILE_EXTRA.across + TILE_GAP) - TILE_GAP).toBeLessThanOrEqual(520);
      // Two pixels larger would not fit any more (or it is the largest size).
      if (fit.digit < 200) expect(fitTiles(520, 420, count, fit.digit + 2, fit.digit + 2).shown).toBeLessThan(count);
    }
  });

  it('shrink as more people join', () => {
    expect(fitTiles(520, 420, 3).digit).toBeGreaterThan(fitTiles(520, 420, 12).digit);
  });

  it('leave a place for “+n more” when even the smallest do not all fit', () => {
    const fit = fitTiles(300, 200, 100);
    expect(fit.digit).toBe(40);
    expect(fit.shown).toBeLessThan(100);
    expect(fit.shown).toBe(fit.columns * Math.floor((200 + TILE_GAP) / (40 + TILE_EXTRA.down + TILE_GAP)) - 1);
  });
});
