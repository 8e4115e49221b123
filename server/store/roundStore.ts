/**
 * The history of a room's challenge rounds in SQLite: one row per finished round with its players'
 * results, so the leaderboard (points summed per player over the room's rounds) survives a restart.
 * Players are keyed by their session's hash, which a returning browser keeps.
 */
import type Database from 'better-sqlite3';
import type { RoundKind } from '../../shared/protocol.js';

/** One player's result in a stored round. */
export interface StoredRoundResult {
  sessionHash: string;
  name: string;
  points: number;
  reachedMs: number | null;
  value: number | null;
}

export interface StoredRound {
  id: string;
  room: string;
  kind: RoundKind;
  target: number;
  /** The lookalike round's "looks like" digit, when the host named one; else null. */
  looksLike: number | null;
  startedAt: string;
  durationMs: number;
  ended: string;
  results: StoredRoundResult[];
}

export interface RoundStore {
  insert(round: StoredRound): void;
  /** The room's rounds, oldest first, at most `limit` (the newest ones). */
  list(room: string, limit?: number): StoredRound[];
}

/** A stored round as `GET /api/rooms/:room/rounds` shows it: players by name, their sessions left out. */
export type PublicRound = Omit<StoredRound, 'room' | 'results'> & { results: Omit<StoredRoundResult, 'sessionHash'>[] };

export function publicRound(r: StoredRound): PublicRound {
  const { room: _room, results, ...rest } = r;
  return { ...rest, results: results.map(({ sessionHash: _secret, ...res }) => res) };
}

/** Rounds kept per room; older ones are deleted when a round is saved (bounds the history). */
export const ROUNDS_KEPT = 500;

interface RoundRow {
  id: string; room: string; kind: RoundKind; target: number; looks_like: number | null; started_at: string; duration_ms: number; ended: string; results: string;
}

export function createRoundStore(db: Database.Database): RoundStore {
  const q = {
    insert: db.prepare(
      `INSERT INTO rounds (id, room, kind, target, looks_like, started_at, duration_ms, ended, results)
       VALUES (@id, @room, @kind, @target, @looksLike, @startedAt, @durationMs, @ended, @results)`,
    ),
    trim: db.prepare(
      `DELETE FROM rounds WHERE room = ? AND id NOT IN (SELECT id FROM rounds WHERE room = ? ORDER BY started_at DESC, rowid DESC LIMIT ${ROUNDS_KEPT})`,
    ),
    list: db.prepare('SELECT * FROM (SELECT *, rowid AS r FROM rounds WHERE room = ? ORDER BY started_at DESC, rowid DESC LIMIT ?) ORDER BY started_at, r'),
  };
  const insertAndTrim = db.transaction((r: StoredRound) => {
    q.insert.run({ ...r, results: JSON.stringify(r.results) });
    q.trim.run(r.room, r.room);
  });
  return {
    insert: (r) => insertAndTrim(r),
    list(room, limit = ROUNDS_KEPT) {
      return (q.list.all(room, limit) as RoundRow[]).map((r) => ({
        id: r.id, room: r.room, kind: r.kind, target: r.target, looksLike: r.looks_like, startedAt: r.started_at, durationMs: r.duration_ms,
        ended: r.ended, results: JSON.parse(r.results) as StoredRoundResult[],
      }));
    },
  };
}
