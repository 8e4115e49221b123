/**
 * The test digits nearest to a point of the latent plane. The embedding's points are bucketed once
 * into a square grid; a query visits the cells ring by ring around its own and stops as soon as no
 * unvisited cell can hold a nearer point, so a query reads a few dozen points, not all 10,000.
 */
import { LATENT_DIM } from '../../shared/constants.js';
import type { Embedding } from './modelFiles.js';

/** One test digit: its index in the embedding, its label and its code. */
export interface NearestDigit {
  index: number;
  label: number;
  z: [number, number];
}

export interface NearestIndex {
  /** The `k` digits nearest to (x, y), nearest first (ties: lower index first). */
  nearest(x: number, y: number, k: number): NearestDigit[];
}

/** Cells per side of the grid: ~2.4 points a cell for 10,000 digits. */
const CELLS_PER_SIDE = 64;

/** embedding.json holds 4 decimals: this gives back the file's numbers, not their float32 neighbours. */
function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/** Buckets the embedding's points by grid cell. */
export function createNearestIndex(e: Embedding, cellsPerSide = CELLS_PER_SIDE): NearestIndex {
  const { z, labels, count } = e;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, z[LATENT_DIM * i]);
    maxX = Math.max(maxX, z[LATENT_DIM * i]);
    minY = Math.min(minY, z[LATENT_DIM * i + 1]);
    maxY = Math.max(maxY, z[LATENT_DIM * i + 1]);
  }
  const cell = Math.max(maxX - minX, maxY - minY) / cellsPerSide || 1;
  const nx = Math.floor((maxX - minX) / cell) + 1;
  const ny = Math.floor((maxY - minY) / cell) + 1;
  const cellOf = (x: number, y: number) => {
    const cx = Math.min(nx - 1, Math.max(0, Math.floor((x - minX) / cell)));
    const cy = Math.min(ny - 1, Math.max(0, Math.floor((y - minY) / cell)));
    return [cx, cy] as const;
  };
  // Counting sort: the points of cell c are order[start[c] .. start[c + 1]).
  const start = new Int32Array(nx * ny + 1);
  const cells = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const [cx, cy] = cellOf(z[LATENT_DIM * i], z[LATENT_DIM * i + 1]);
    cells[i] = cy * nx + cx;
    start[cells[i] + 1]++;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const order = new Int32Array(count);
  const fill = start.slice(0, nx * ny);
  for (let i = 0; i < count; i++) order[fill[cells[i]]++] = i;

  function nearest(x: number, y: number, k: number): NearestDigit[] {
    const want = Math.min(k, count);
    const best: { i: number; d: number }[] = [];
    const consider = (i: number) => {
      const dx = z[LATENT_DIM * i] - x;
      const dy = z[LATENT_DIM * i + 1] - y;
      const d = dx * dx + dy * dy;
      if (best.length === want && (d > best[want - 1].d || (d === best[want - 1].d && i > best[want - 1].i))) return;
      let at = best.length;
      while (at > 0 && (best[at - 1].d > d || (best[at - 1].d === d && best[at - 1].i > i))) at--;
      best.splice(at, 0, { i, d });
      if (best.length > want) best.pop();
    };
    const visit = (cx: number, cy: number) => {
      if (cx < 0 || cy < 0 || cx >= nx || cy >= ny) return;
      const c = cy * nx + cx;
      for (let p = start[c]; p < start[c + 1]; p++) consider(order[p]);
    };
    const [qx, qy] = cellOf(x, y);
    for (let r = 0; r <= Math.max(nx, ny); r++) {
      for (let dy = -r; dy <= r; dy++) {
        if (Math.abs(dy) === r) for (let dx = -r; dx <= r; dx++) visit(qx + dx, qy + dy);
        else {
          visit(qx - r, qy + dy);
          if (r > 0) visit(qx + r, qy + dy);
        }
      }
      // Every cell not visited yet is at least r cells away in x or y: nothing in it can be nearer.
      if (best.length === want && best[want - 1].d < (r * cell) ** 2) break;
    }
    return best.map(({ i }) => ({ index: i, label: labels[i], z: [round4(z[LATENT_DIM * i]), round4(z[LATENT_DIM * i + 1])] }));
  }
  return { nearest };
}
