/**
 * The class's heat map as a room system: a fixed n x n grid per model over the model's accepted
 * bounds, counting every participant's cursor at every tick (so it measures time spent, not moves).
 * Its memory is fixed (n*n counters per model); the host shows, hides and resets it, and while it is
 * shown the room gets it about once a second as n*n bytes on a log scale.
 */
import type { ModelKind } from '../../shared/constants.js';
import type { LatentBounds } from '../../shared/latent.js';
import { ErrorCode, ServerEvent, type HeatmapUpdate } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import type { Participant, RoomContext, RoomSystem } from './types.js';

/** Cells per side of the grid. */
export const HEATMAP_N = 64;
/** How often the shown heat map is sent. */
export const HEATMAP_SEND_MS = 1000;

export interface HeatMapView {
  model(): ModelKind;
  bounds(): LatentBounds;
}

export class HeatMap implements RoomSystem {
  private readonly grids = new Map<ModelKind, { counts: Uint32Array; total: number }>();
  private shown = false;
  private lastSent = -Infinity;

  constructor(private readonly room: RoomContext, private readonly view: HeatMapView, readonly n = HEATMAP_N) {}

  /** Shows, hides or resets (host only); answers whether it is shown. */
  control(by: Participant, req: { show?: boolean; reset?: boolean }): boolean {
    if (!by.host) fail(ErrorCode.notHost, 'only the host can show or reset the heat map');
    if (req.reset) this.grids.delete(this.view.model());
    if (req.show !== undefined) this.shown = req.show;
    this.send();
    return this.shown;
  }

  beforeTick(now: number): void {
    const b = this.view.bounds();
    const grid = this.grid(this.view.model());
    for (const p of this.room.participants()) {
      const z = p.cursor.z;
      if (!z || !p.conn) continue;
      const col = Math.min(this.n - 1, Math.max(0, Math.floor(((z[0] - b[0]) / (b[2] - b[0])) * this.n)));
      const row = Math.min(this.n - 1, Math.max(0, Math.floor(((b[3] - z[1]) / (b[3] - b[1])) * this.n)));
      // Saturates rather than wraps: a room open for years stays a heat map.
      if (grid.counts[row * this.n + col] < 0xffffffff) grid.counts[row * this.n + col]++;
      grid.total++;
    }
    if (this.shown && now - this.lastSent >= HEATMAP_SEND_MS) this.send(now);
  }

  onJoin(p: Participant): void {
    // Hidden too: a page that rejoins after a restart must drop the heat map it showed.
    p.conn?.send(ServerEvent.heatmap, this.update());
  }

  /** The grid of the room's current model as the `heatmap` event carries it. */
  update(): HeatmapUpdate {
    const model = this.view.model();
    const base = { shown: this.shown, model, n: this.n, bounds: this.view.bounds() };
    if (!this.shown) return { ...base, cells: '', total: 0 };
    const { counts, total } = this.grid(model);
    let max = 0;
    for (const c of counts) max = Math.max(max, c);
    const bytes = new Uint8Array(counts.length);
    // Log scale: a cell visited once still shows next to where the whole class sat.
    const scale = max > 0 ? 254 / Math.log1p(max) : 0;
    for (let i = 0; i < counts.length; i++) bytes[i] = counts[i] === 0 ? 0 : 1 + Math.round(Math.log1p(counts[i]) * scale);
    return { ...base, cells: Buffer.from(bytes).toString('base64'), total };
  }

  /** Raw counts of a model's grid (tests). */
  counts(model: ModelKind): Uint32Array {
    return this.grid(model).counts;
  }

  private send(now = this.room.deps.clock.now()): void {
    this.lastSent = now;
    this.room.broadcast(ServerEvent.heatmap, this.update());
  }

  private grid(model: ModelKind) {
    let g = this.grids.get(model);
    if (!g) this.grids.set(model, (g = { counts: new Uint32Array(this.n * this.n), total: 0 }));
    return g;
  }
}
