/**
 * Rooms expire when they hold no saved path and nobody visited them for 30 days, so abandoned ids
 * return to the pool of readable ones. A visit is a room being loaded: while loaded (someone is in
 * it, or was within the reconnect grace) the room is touched at most once per `touchEveryMs`, and a
 * loaded room is never deleted. The sweep runs at start and then every `sweepEveryMs`, in batches,
 * so a big database never holds the event loop for long.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../log.js';
import type { IdleRoom, SqliteStore } from './createSqliteStore.js';

const DAY_MS = 24 * 3600_000;

export interface RoomExpiryOptions {
  /** Idle time after which a pathless room expires; default 30 days. 0 or Infinity: never. */
  idleMs: number;
  /** Time between sweeps; default 6 hours. */
  sweepEveryMs: number;
  /** How often loaded rooms are looked at; default 15 s (shorter than any reconnect grace). */
  pollMs: number;
  /** A loaded room's visit is written at most this often; default 1 hour. */
  touchEveryMs: number;
  /** Rooms deleted per transaction; default 500. */
  batch: number;
}

export const DEFAULT_ROOM_EXPIRY: RoomExpiryOptions = {
  idleMs: 30 * DAY_MS, sweepEveryMs: 6 * 3600_000, pollMs: 15_000, touchEveryMs: 3600_000, batch: 500,
};

export interface RoomExpiryDeps extends Partial<RoomExpiryOptions> {
  store: SqliteStore;
  /** Ids of the rooms loaded right now. */
  loadedRooms: () => Iterable<string>;
  log: Logger;
  now?: () => number;
}

export interface RoomExpiry {
  /** Sweeps once, then keeps sweeping and recording visits until `stop`. */
  start(): Promise<void>;
  /** Deletes the expired rooms; resolves to how many. */
  sweep(): Promise<number>;
  /** Records a visit to every loaded room not touched within `touchEveryMs`. */
  observe(): void;
  /** Stops the timers after recording a last visit to the loaded rooms. Idempotent. */
  stop(): void;
}

export function createRoomExpiry(deps: RoomExpiryDeps): RoomExpiry {
  const o: RoomExpiryOptions = { ...DEFAULT_ROOM_EXPIRY };
  for (const key of Object.keys(o) as (keyof RoomExpiryOptions)[]) o[key] = deps[key] ?? o[key];
  const now = deps.now ?? Date.now;
  const touched = new Map<string, number>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  function observe(force = false): void {
    const t = now();
    const loaded = new Set(deps.loadedRooms());
    for (const id of touched.keys()) if (!loaded.has(id)) touched.delete(id);
    const due = [...loaded].filter((id) => force || !(t - (touched.get(id) ?? -Infinity) < o.touchEveryMs));
    if (!due.length) return;
    deps.store.touchRooms(due, new Date(t));
    for (const id of due) touched.set(id, t);
  }

  async function sweep(): Promise<number> {
    if (!(o.idleMs > 0 && Number.isFinite(o.idleMs))) return 0;
    observe();
    const before = new Date(now() - o.idleMs).toISOString();
    let deleted = 0;
    let after: IdleRoom | null = null;
    for (;;) {
      if (stopped) break;
      const batch = deps.store.idleRooms(before, after, o.batch);
      if (!batch.length) break;
      after = batch[batch.length - 1];
      // Checked in the same turn as the delete: a room loaded since the query is kept.
      const loaded = new Set(deps.loadedRooms());
      deleted += deps.store.deleteIdleRooms(batch.filter((r) => !loaded.has(r.id)).map((r) => r.id), before);
      if (batch.length < o.batch) break;
      await nextTurn();
    }
    if (deleted) deps.log.info({ event: 'expire_rooms', rooms: deleted, idleBefore: before }, 'expired idle rooms');
    return deleted;
  }

  const guarded = (what: string, fn: () => unknown) => () => {
    Promise.resolve()
      .then(fn)
      .catch((err: unknown) => deps.log.error({ err, event: 'error', what }, 'room expiry failed'));
  };

  return {
    async start() {
      await sweep();
      if (stopped) return;
      timers.push(setInterval(guarded('observe', () => observe()), o.pollMs).unref());
      if (Number.isFinite(o.sweepEveryMs)) timers.push(setInterval(guarded('sweep', sweep), o.sweepEveryMs).unref());
    },
    sweep,
    observe: () => observe(),
    stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearInterval(t);
      observe(true);
    },
  };
}
