/**
 * The /healthz report: ready once models, database and decoder worker are up, with the counters
 * that tell a teacher (or an operator) whether a room is healthy.
 */
import type { PoolStats } from './decoder/createWorkerPool.js';
import type { ModelCatalog } from './modelCatalog.js';
import type { ServerMetrics } from './metrics.js';
import type { RoomManager } from './rooms/RoomManager.js';
import type { SqliteStore } from './store/createSqliteStore.js';

export interface HealthInputs {
  state: 'starting' | 'ready' | 'stopping';
  catalog: ModelCatalog;
  store: SqliteStore;
  manager: RoomManager;
  metrics: ServerMetrics;
  restarts: number;
  /** The decoder pool's workers and queue, when the server runs its own pool. */
  pool?: PoolStats;
}

/** At most this many rooms are listed (the busiest first). */
const LISTED_ROOMS = 50;

export function healthReport(h: HealthInputs): { ready: boolean } & Record<string, unknown> {
  let db = false;
  try {
    db = h.state !== 'stopping' && h.store.ping();
  } catch {
    db = false;
  }
  const rooms = h.manager.all();
  const ready = h.state === 'ready' && db;
  return {
    ready,
    status: ready ? 'ok' : h.state === 'ready' ? 'degraded' : h.state,
    uptimeSeconds: Math.round((Date.now() - h.metrics.startedAt) / 1000),
    models: h.catalog.kinds,
    database: db,
    worker: { ready: h.state === 'ready', restarts: h.restarts, ...(h.pool ? { pool: h.pool } : {}) },
    metrics: {
      connections: h.metrics.connections,
      badPayloads: h.metrics.badPayloads,
      rateLimited: h.metrics.rateLimited,
      errors: h.metrics.errors,
      rooms: rooms.length,
      participants: rooms.reduce((s, r) => s + r.size, 0),
    },
    rooms: rooms
      .sort((a, b) => b.size - a.size)
      .slice(0, LISTED_ROOMS)
      .map((r) => ({ id: r.id, model: r.model, participants: r.size, replays: r.replays.size, ...r.metrics })),
  };
}
