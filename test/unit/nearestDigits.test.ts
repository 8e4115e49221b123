import { describe, expect, it } from 'vitest';
import { loadEmbedding } from '../../server/models/modelFiles.js';
import { createNearestIndex } from '../../server/models/nearestDigits.js';

const MODELS_DIR = process.env.MODELS_DIR ?? 'models';

/** The k nearest by sorting all points: the answer the grid must give. */
function bruteForce(z: Float32Array, x: number, y: number, k: number): number[] {
  const all = Array.from({ length: z.length / 2 }, (_, i) => ({ i, d: (z[2 * i] - x) ** 2 + (z[2 * i + 1] - y) ** 2 }));
  return all.sort((a, b) => a.d - b.d || a.i - b.i).slice(0, k).map((p) => p.i);
}

describe('the nearest-digit index', () => {
  it('finds the same 5 nearest test digits as a full sort, inside and far outside the embedding', () => {
    for (const kind of ['ae', 'vae'] as const) {
      const e = loadEmbedding(MODELS_DIR, kind);
      const index = createNearestIndex(e);
      const queries: [number, number][] = [[0, 0], [100, -100], [-7, 3]];
      for (let q = 0; q < 200; q++) queries.push([(Math.random() - 0.5) * 12, (Math.random() - 0.5) * 12]);
      for (const [x, y] of queries) {
        expect(index.nearest(x, y, 5).map((d) => d.index), `${kind} at ${x}, ${y}`).toEqual(bruteForce(e.z, x, y, 5));
      }
    }
  });

  it("names each test digit as its own nearest, with its label and the file's code", () => {
    const e = loadEmbedding(MODELS_DIR, 'vae');
    const index = createNearestIndex(e);
    for (const i of [0, 1, 4321, 9999]) {
      const [first] = index.nearest(e.z[2 * i], e.z[2 * i + 1], 5);
      expect(first.label).toBe(e.labels[i]);
      expect(first.z[0]).toBeCloseTo(e.z[2 * i], 6);
      expect(first.z[1]).toBeCloseTo(e.z[2 * i + 1], 6);
    }
  });

  it('works with fewer points than asked for, and with all points in one place', () => {
    const index = createNearestIndex({ count: 3, z: Float32Array.of(1, 1, 1, 1, 1, 1), labels: Uint8Array.of(7, 8, 9) });
    expect(index.nearest(0, 0, 5).map((d) => d.index)).toEqual([0, 1, 2]);
  });
});
