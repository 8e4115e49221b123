/**
 * The embedded SQLite store: room settings and recorded paths. better-sqlite3 is synchronous, so
 * when a write call returns the transaction is committed; with WAL and synchronous=FULL the WAL is
 * fsynced at every commit, which is what makes a save ack survive a `kill -9` or a power cut.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ModelKind } from '../../shared/constants.js';
import type { PathDetail, PathSummary } from '../../shared/protocol.js';
import { createDrawingStore, type DrawingStore } from './drawingStore.js';
import { MIGRATIONS } from './migrations.js';
import { createRoundStore, type RoundStore } from './roundStore.js';

export interface StoredRoom {
  id: string;
  model: ModelKind;
  tickRate: number;
  hostKeyHash: string;
  createdAt: string;
}

/** A path to insert: samples as t (ms from start) and interleaved z. */
export interface NewPath {
  id: string;
  room: string;
  name: string;
  author: string;
  authorId: number | null;
  authorSessionHash: string | null;
  t: ArrayLike<number>;
  z: ArrayLike<number>;
}

/** A room found idle by `idleRooms`: its id and last visit, the position of a batch walk. */
export interface IdleRoom {
  id: string;
  visitedAt: string;
}

export interface StoredPath extends PathDetail {
  authorSessionHash: string | null;
}

export interface SqliteStore {
  readonly file: string;
  getRoom(id: string): StoredRoom | undefined;
  /** Inserts a room; returns false when the id is taken. */
  createRoom(room: Omit<StoredRoom, 'createdAt'>): boolean;
  updateRoom(id: string, settings: { model?: ModelKind; tickRate?: number }): void;
  insertPath(p: NewPath): PathSummary;
  listPaths(room: string): PathSummary[];
  getPath(room: string, id: string): StoredPath | undefined;
  /** A path's summary and author, without loading its samples. */
  getPathMeta(room: string, id: string): (PathSummary & { authorSessionHash: string | null }) | undefined;
  countPaths(room: string): number;
  /** Returns false when no such path. */
  renamePath(room: string, id: string, name: string): boolean;
  deletePath(room: string, id: string): boolean;
  /** When the room was last visited (ISO), or undefined for an unknown room. */
  lastVisit(id: string): string | undefined;
  /** Records a visit to these rooms at `at` (default now), in one transaction. */
  touchRooms(ids: readonly string[], at?: Date): void;
  /**
   * Up to `limit` rooms without paths last visited before `before` (ISO), in (visit, id) order
   * after `after`, so a caller can walk them in batches.
   */
  idleRooms(before: string, after: IdleRoom | null, limit: number): IdleRoom[];
  /** Deletes these rooms if they are still idle since before `before` and pathless; returns how many. */
  deleteIdleRooms(ids: readonly string[], before: string): number;
  /** The rooms' challenge-round history. */
  readonly rounds: RoundStore;
  /** The rooms' drawings. */
  readonly drawings: DrawingStore;
  /** A cheap query proving the database answers (health checks). */
  ping(): boolean;
  /** Checkpoints the WAL into the main file and closes. Idempotent. */
  close(): void;
}

interface PathRow {
  id: string; room: string; name: string; author: string; author_id: number | null;
  author_session_hash: string | null; created_at: string; duration_ms: number; sample_count: number;
  t?: Buffer; z?: Buffer;
}

const SUMMARY_COLUMNS = 'id, room, name, author, author_id, created_at, duration_ms, sample_count';

function toSummary(r: PathRow): PathSummary {
  return {
    id: r.id, room: r.room, name: r.name, author: r.author, authorId: r.author_id,
    createdAt: r.created_at, durationMs: r.duration_ms, sampleCount: r.sample_count, preset: false,
  };
}

/** Copies a blob into an aligned typed array (Buffers from SQLite may sit at odd offsets). */
function blobToArray<T extends Float32Array | Uint32Array>(buf: Buffer, Ctor: { new (b: ArrayBuffer): T }): number[] {
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return Array.from(new Ctor(copy.buffer));
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Opens (creating if needed) the store at `file`; ':memory:' works for throwaway stores. */
export function createSqliteStore(file: string): SqliteStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const q = {
    getRoom: db.prepare('SELECT id, model, tick_rate, host_key_hash, created_at FROM rooms WHERE id = ?'),
    createRoom: db.prepare(
      `INSERT OR IGNORE INTO rooms (id, model, tick_rate, host_key_hash, created_at, updated_at, visited_at)
       VALUES (@id, @model, @tickRate, @hostKeyHash, @now, @now, @now)`,
    ),
    updateRoom: db.prepare(
      'UPDATE rooms SET model = COALESCE(@model, model), tick_rate = COALESCE(@tickRate, tick_rate), updated_at = @now WHERE id = @id',
    ),
    insertPath: db.prepare(
      `INSERT INTO paths (id, room, name, author, author_id, author_session_hash, created_at, duration_ms, sample_count, t, z)
       VALUES (@id, @room, @name, @author, @authorId, @authorSessionHash, @createdAt, @durationMs, @sampleCount, @t, @z)`,
    ),
    listPaths: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM paths WHERE room = ? ORDER BY created_at, id`),
    getPath: db.prepare(`SELECT ${SUMMARY_COLUMNS}, author_session_hash, t, z FROM paths WHERE room = ? AND id = ?`),
    getPathMeta: db.prepare(`SELECT ${SUMMARY_COLUMNS}, author_session_hash FROM paths WHERE room = ? AND id = ?`),
    countPaths: db.prepare('SELECT COUNT(*) AS n FROM paths WHERE room = ?'),
    renamePath: db.prepare('UPDATE paths SET name = ? WHERE room = ? AND id = ?'),
    deletePath: db.prepare('DELETE FROM paths WHERE room = ? AND id = ?'),
    lastVisit: db.prepare('SELECT visited_at FROM rooms WHERE id = ?'),
    touchRoom: db.prepare('UPDATE rooms SET visited_at = ? WHERE id = ?'),
    idleRooms: db.prepare(
      `SELECT id, visited_at AS visitedAt FROM rooms
       WHERE visited_at < @before AND (visited_at, id) > (@afterVisit, @afterId)
         AND NOT EXISTS (SELECT 1 FROM paths WHERE paths.room = rooms.id)
       ORDER BY visited_at, id LIMIT @limit`,
    ),
    deleteIdleRoom: db.prepare(
      'DELETE FROM rooms WHERE id = ? AND visited_at < ? AND NOT EXISTS (SELECT 1 FROM paths WHERE paths.room = rooms.id)',
    ),
  };
  const touchAll = db.transaction((ids: readonly string[], at: string) => {
    for (const id of ids) q.touchRoom.run(at, id);
  });
  const deleteAll = db.transaction((ids: readonly string[], before: string) =>
    ids.reduce((n, id) => n + q.deleteIdleRoom.run(id, before).changes, 0),
  );
  let closed = false;

  return {
    file,
    rounds: createRoundStore(db),
    drawings: createDrawingStore(db),
    getRoom(id) {
      const r = q.getRoom.get(id) as
        | { id: string; model: ModelKind; tick_rate: number; host_key_hash: string; created_at: string }
        | undefined;
      return r && { id: r.id, model: r.model, tickRate: r.tick_rate, hostKeyHash: r.host_key_hash, createdAt: r.created_at };
    },
    createRoom(room) {
      return q.createRoom.run({ ...room, now: new Date().toISOString() }).changes === 1;
    },
    updateRoom(id, s) {
      q.updateRoom.run({ id, model: s.model ?? null, tickRate: s.tickRate ?? null, now: new Date().toISOString() });
    },
    insertPath(p) {
      const n = p.t.length;
      if (p.z.length !== 2 * n || n === 0) throw new Error('a path needs one z pair per sample and at least one sample');
      const row = {
        ...p,
        createdAt: new Date().toISOString(),
        durationMs: Math.round(p.t[n - 1]),
        sampleCount: n,
        t: Buffer.from(Uint32Array.from(p.t).buffer),
        z: Buffer.from(Float32Array.from(p.z).buffer),
      };
      q.insertPath.run(row);
      return toSummary({
        id: p.id, room: p.room, name: p.name, author: p.author, author_id: p.authorId,
        author_session_hash: p.authorSessionHash, created_at: row.createdAt, duration_ms: row.durationMs, sample_count: n,
      });
    },
    listPaths(room) {
      return (q.listPaths.all(room) as PathRow[]).map(toSummary);
    },
    getPath(room, id) {
      const r = q.getPath.get(room, id) as PathRow | undefined;
      if (!r || !r.t || !r.z) return undefined;
      return { ...toSummary(r), authorSessionHash: r.author_session_hash, t: blobToArray(r.t, Uint32Array), z: blobToArray(r.z, Float32Array) };
    },
    getPathMeta(room, id) {
      const r = q.getPathMeta.get(room, id) as PathRow | undefined;
      return r && { ...toSummary(r), authorSessionHash: r.author_session_hash };
    },
    countPaths(room) {
      return (q.countPaths.get(room) as { n: number }).n;
    },
    renamePath(room, id, name) {
      return q.renamePath.run(name, room, id).changes === 1;
    },
    deletePath(room, id) {
      return q.deletePath.run(room, id).changes === 1;
    },
    lastVisit(id) {
      return (q.lastVisit.get(id) as { visited_at: string } | undefined)?.visited_at;
    },
    touchRooms: (ids, at = new Date()) => touchAll(ids, at.toISOString()),
    idleRooms(before, after, limit) {
      return q.idleRooms.all({ before, afterVisit: after?.visitedAt ?? '', afterId: after?.id ?? '', limit }) as IdleRoom[];
    },
    deleteIdleRooms: (ids, before) => deleteAll(ids, before),
    ping() {
      return !closed && db.prepare('SELECT 1 AS one').get() !== undefined;
    },
    close() {
      if (closed) return;
      closed = true;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
