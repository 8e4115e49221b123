/**
 * The drawings table: each drawing's image (784 bytes) and where the room's model last encoded it,
 * so a room's drawings come back with it after a restart and a new model can encode them again.
 */
import type Database from 'better-sqlite3';
import type { ModelKind } from '../../shared/constants.js';

/** A drawing as stored. */
export interface StoredDrawing {
  id: string;
  room: string;
  authorId: number;
  authorName: string;
  authorSessionHash: string;
  color: string;
  model: ModelKind;
  z: [number, number];
  zLogVar: [number, number] | null;
  image: Uint8Array;
  createdAt: string;
}

export interface DrawingStore {
  insert(d: StoredDrawing): void;
  /** The room's drawings, oldest first. */
  list(room: string): StoredDrawing[];
  /** Records a new encoding (after a model switch). */
  updateCode(id: string, model: ModelKind, z: [number, number], zLogVar: [number, number] | null): void;
  /** Returns false when no such drawing. */
  delete(room: string, id: string): boolean;
  /** Deletes every drawing of the room; returns how many. */
  clear(room: string): number;
}

interface Row {
  id: string; room: string; author_id: number; author_name: string; author_session_hash: string; color: string;
  model: ModelKind; z: Buffer; z_log_var: Buffer | null; image: Buffer; created_at: string;
}

const pair = (v: [number, number]) => Buffer.from(Float64Array.from(v).buffer);
function unpair(b: Buffer): [number, number] {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  const f = new Float64Array(copy.buffer);
  return [f[0], f[1]];
}

/** The drawing queries over an open (migrated) database. */
export function createDrawingStore(db: Database.Database): DrawingStore {
  const q = {
    insert: db.prepare(
      `INSERT INTO drawings (id, room, author_id, author_name, author_session_hash, color, model, z, z_log_var, image, created_at)
       VALUES (@id, @room, @authorId, @authorName, @authorSessionHash, @color, @model, @z, @zLogVar, @image, @createdAt)`,
    ),
    list: db.prepare('SELECT * FROM drawings WHERE room = ? ORDER BY created_at, id'),
    updateCode: db.prepare('UPDATE drawings SET model = ?, z = ?, z_log_var = ? WHERE id = ?'),
    delete: db.prepare('DELETE FROM drawings WHERE room = ? AND id = ?'),
    clear: db.prepare('DELETE FROM drawings WHERE room = ?'),
  };
  return {
    insert(d) {
      q.insert.run({ ...d, z: pair(d.z), zLogVar: d.zLogVar && pair(d.zLogVar), image: Buffer.from(d.image) });
    },
    list(room) {
      return (q.list.all(room) as Row[]).map((r) => ({
        id: r.id, room: r.room, authorId: r.author_id, authorName: r.author_name, authorSessionHash: r.author_session_hash,
        color: r.color, model: r.model, z: unpair(r.z), zLogVar: r.z_log_var && unpair(r.z_log_var),
        image: new Uint8Array(r.image), createdAt: r.created_at,
      }));
    },
    updateCode(id, model, z, zLogVar) {
      q.updateCode.run(model, pair(z), zLogVar && pair(zLogVar), id);
    },
    delete: (room, id) => q.delete.run(room, id).changes === 1,
    clear: (room) => q.clear.run(room).changes,
  };
}
