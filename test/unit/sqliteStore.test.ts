import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/store/createSqliteStore.js';
import { MIGRATIONS } from '../../server/store/migrations.js';

const file = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'store-')), 'rooms.db');

describe('createSqliteStore', () => {
  it('opens in WAL mode with full sync and migrates a fresh file', () => {
    const f = file();
    createSqliteStore(f).close();
    const db = new Database(f);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('stores rooms and keeps the first writer of an id', () => {
    const s = createSqliteStore(':memory:');
    expect(s.createRoom({ id: 'room-a', model: 'ae', tickRate: 20, hostKeyHash: 'h1' })).toBe(true);
    expect(s.createRoom({ id: 'room-a', model: 'vae', tickRate: 30, hostKeyHash: 'h2' })).toBe(false);
    s.updateRoom('room-a', { tickRate: 10 });
    expect(s.getRoom('room-a')).toMatchObject({ model: 'ae', tickRate: 10, hostKeyHash: 'h1' });
    s.close();
  });

  it('round-trips a path and lists, renames and deletes it', () => {
    const f = file();
    const s = createSqliteStore(f);
    s.createRoom({ id: 'room-b', model: 'vae', tickRate: 20, hostKeyHash: 'h' });
    const summary = s.insertPath({ id: 'p-1', room: 'room-b', name: 'walk', author: 'Ada', authorId: 3, authorSessionHash: 'sh', t: [0, 50, 100], z: [0.5, -1, 0.25, 2, 1, 1] });
    expect(summary).toMatchObject({ id: 'p-1', sampleCount: 3, durationMs: 100, preset: false, authorId: 3 });
    expect(() => s.insertPath({ id: 'p-2', room: 'room-b', name: 'x', author: 'A', authorId: null, authorSessionHash: null, t: [0], z: [1] })).toThrow();
    s.close();

    const again = createSqliteStore(f);
    expect(again.getPath('room-b', 'p-1')).toMatchObject({ t: [0, 50, 100], z: [0.5, -1, 0.25, 2, 1, 1], authorSessionHash: 'sh' });
    expect(again.getPath('room-c', 'p-1')).toBeUndefined(); // paths belong to their room
    expect(again.renamePath('room-b', 'p-1', 'renamed')).toBe(true);
    expect(again.listPaths('room-b').map((p) => p.name)).toEqual(['renamed']);
    expect(again.countPaths('room-b')).toBe(1);
    expect(again.deletePath('room-b', 'p-1')).toBe(true);
    expect(again.deletePath('room-b', 'p-1')).toBe(false);
    again.close();
    again.close(); // idempotent
  });
});
