/** The client's list of drawings: updates applied in order, and picking a pin by where you click. */
import { describe, expect, it } from 'vitest';
import type { DrawingInfo } from '../../shared/protocol.js';
import { applyDrawingsUpdate, pickDrawing } from '../../app/lib/drawingList.js';

const drawing = (id: string, z: [number, number], model: 'ae' | 'vae' = 'vae'): DrawingInfo => ({
  id, author: 1, authorName: 'Ada', color: '#123456', model, z, zLogVar: null, image: '', nearest: [], createdAt: '2026-01-01T00:00:00Z',
});

describe('the drawings list', () => {
  it('adds, updates in place and removes drawings, and a reset replaces the list', () => {
    let list = applyDrawingsUpdate([], { reset: false, drawings: [drawing('a', [0, 0]), drawing('b', [1, 1])], removed: [], hidden: false });
    list = applyDrawingsUpdate(list, { reset: false, drawings: [drawing('a', [2, 2], 'ae')], removed: ['b'], hidden: false });
    expect(list.map((d) => [d.id, d.model, d.z])).toEqual([['a', 'ae', [2, 2]]]);
    list = applyDrawingsUpdate(list, { reset: true, drawings: [drawing('c', [3, 3])], removed: [], hidden: true });
    expect(list.map((d) => d.id)).toEqual(['c']);
  });

  it('picks the nearest pin within the radius, and none farther away', () => {
    const list = [drawing('a', [0, 0]), drawing('b', [1, 0])];
    const toScreen = (x: number, y: number): [number, number] => [100 + 50 * x, 100 - 50 * y];
    expect(pickDrawing(list, toScreen, 140, 102, 16)?.id).toBe('b');
    expect(pickDrawing(list, toScreen, 104, 99, 16)?.id).toBe('a');
    expect(pickDrawing(list, toScreen, 125, 140, 16)).toBeNull();
  });
});
