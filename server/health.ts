/**
 * The /healthz report: ready once models, database and decoder worker are up, with the counters
 * that tell an operator whether the server and its rooms are healthy.
 */
import type { PoolStats } from './decoder/createWorkerPool.js';
import { readFileSync } from 'node:fs';
import { PROTOCOL_VERSION } from '../shared/protocol.js';
import type { RenderStats } from './http/RenderQueue.js';
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
  images: { stats(): RenderStats };
  restarts: number;
  /** The decoder pool's workers and queue, when the server runs its own pool. */
  pool?: PoolStats;
}

/** At most this many rooms are listed (the busiest first). */
const LISTED_ROOMS = 50;

/** The server's release (package.json), shown by the public health report. */
export const SERVER_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The health report. Anyone gets readiness, the version and server-wide totals; `detailed` (the
 * admin token) adds models, database, worker and the busiest rooms with their ids: a room id is
 * all it takes to join a class, so it is never public.
 */
export function healthReport(h: HealthInputs, detailed = false): { ready: boolean } & Record<string, unknown> {
  let db = false;
  try {
    db = h.state !== 'stopping' && h.store.ping();
  } catch {
    db = false;
  }
  const rooms = h.manager.all();
  const ready = h.state === 'ready' && db;
  const totals = {
    rooms: rooms.length,
    participants: rooms.reduce((s, r) => s + r.size, 0),
    connections: h.metrics.connections,
    badPayloads: h.metrics.badPayloads,
    rateLimited: h.metrics.rateLimited,
    errors: h.metrics.errors,
    workerRestarts: h.restarts,
  };
  const report = {
    ready,
    status: ready ? 'ok' : h.state === 'ready' ? 'degraded' : h.state,
    version: SERVER_VERSION,
    protocol: PROTOCOL_VERSION,
    uptimeSeconds: Math.round((Date.now() - h.metrics.startedAt) / 1000),
    totals,
  };
  if (!detailed) return report;
  return {
    ...report,
    models: h.catalog.kinds,
    database: db,
    worker: { ready: h.state === 'ready', restarts: h.restarts, ...(h.pool ? { pool: h.pool } : {}) },
    images: h.images.stats(),
    metrics: { ...totals },
    rooms: rooms
      .sort((a, b) => b.size - a.size)
      .slice(0, LISTED_ROOMS)
      .map((r) => ({ id: r.id, model: r.model, participants: r.size, replays: r.replays.size, tickRate: r.tickRate, loopRate: r.loopRate, ...r.metrics })),
  };
}
