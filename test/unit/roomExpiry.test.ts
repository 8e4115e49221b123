import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.js';
import { createRoomExpiry } from '../../server/store/roomExpiry.js';
import { createSqliteStore, type SqliteStore } from '../../server/store/createSqliteStore.js';
import { MIGRATIONS } from '../../server/store/migrations.js';

const DAY = 24 * 3600_000;
const file = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'expiry-')), 'rooms.db');
const log = createLogger({ level: 'silent' });

/** Sets a room's last visit directly, as if it happened `daysAgo` days before `now`. */
function visitedDaysAgo(f: string, id: string, daysAgo: number, now = Date.now()): void {
  const db = new Database(f);
  db.prepare('UPDATE rooms SET visited_at = ? WHERE id = ?').run(new Date(now - daysAgo * DAY).toISOString(), id);
  db.close();
}

function room(s: SqliteStore, id: string): void {
  s.createRoom({ id, model: 'vae', tickRate: 20, hostKeyHash: 'h' });
}

describe('the last-visit migration', () => {
  it('gives rooms of an older database their last update as last visit', () => {
    const f = file();
    const old = new Database(f);
    old.exec(MIGRATIONS[0]);
    old.pragma('user_version = 1');
    old.prepare(`INSERT INTO rooms VALUES ('old-room', 'ae', 20, 'h', '2020-01-01T00:00:00.000Z', '2020-02-01T00:00:00.000Z')`).run();
    old.close();
    const s = createSqliteStore(f);
    expect(s.lastVisit('old-room')).toBe('2020-02-01T00:00:00.000Z');
    s.close();
  });

  it('stamps a new room with its creation as its last visit, and a touch moves it', () => {
    const s = createSqliteStore(':memory:');
    const before = new Date().toISOString();
    room(s, 'new-room');
    expect(s.lastVisit('new-room')! >= before).toBe(true);
    s.touchRooms(['new-room'], new Date('2031-01-01T00:00:00Z'));
    expect(s.lastVisit('new-room')).toBe('2031-01-01T00:00:00.000Z');
    s.close();
  });
});

describe('room expiry', () => {
  function setup() {
    const f = file();
    const s = createSqliteStore(f);
    for (const id of ['idle-empty', 'idle-with-path', 'recent-empty', 'idle-loaded']) room(s, id);
    s.insertPath({ id: 'p-1', room: 'idle-with-path', name: 'walk', author: 'A', authorId: 1, authorSessionHash: null, t: [0], z: [0, 0] });
    for (const id of ['idle-empty', 'idle-with-path', 'idle-loaded']) visitedDaysAgo(f, id, 31);
    visitedDaysAgo(f, 'recent-empty', 29);
    return { f, s };
  }

  it('deletes rooms with no saved path and no visit for 30 days, and nothing else', async () => {
    const { s } = setup();
    const loaded = new Set(['idle-loaded']);
    const expiry = createRoomExpiry({ store: s, loadedRooms: () => loaded, log, touchEveryMs: Infinity });
    expect(await expiry.sweep()).toBe(1);
    expect(s.getRoom('idle-empty')).toBeUndefined();
    for (const kept of ['idle-with-path', 'recent-empty', 'idle-loaded']) expect(s.getRoom(kept), kept).toBeDefined();
    s.close();
  });

  it('never deletes a loaded room, and counts its being loaded as a visit', async () => {
    const { s } = setup();
    let now = Date.now();
    const loaded = new Set(['idle-loaded']);
    const expiry = createRoomExpiry({ store: s, loadedRooms: () => loaded, log, now: () => now });
    await expiry.sweep();
    expect(s.getRoom('idle-loaded')).toBeDefined();
    // Unloaded now: its visit was recorded while it was loaded, so it lives 30 more days.
    loaded.clear();
    now += 29 * DAY;
    await expiry.sweep();
    expect(s.getRoom('idle-loaded')).toBeDefined();
    now += 2 * DAY;
    await expiry.sweep();
    expect(s.getRoom('idle-loaded')).toBeUndefined();
    s.close();
  });

  it('sweeps thousands of rooms in batches without losing any', async () => {
    const f = file();
    const db = new Database(f);
    createSqliteStore(f).close();
    const insert = db.prepare(`INSERT INTO rooms (id, model, tick_rate, host_key_hash, created_at, updated_at, visited_at) VALUES (?, 'vae', 20, 'h', ?, ?, ?)`);
    const old = new Date(Date.now() - 40 * DAY).toISOString();
    db.transaction(() => {
      for (let i = 0; i < 2_345; i++) insert.run(`bulk-${i}`, old, old, old);
    })();
    db.close();
    const s = createSqliteStore(f);
    room(s, 'fresh-one');
    const loaded = new Set(['bulk-7', 'bulk-2000']);
    const expiry = createRoomExpiry({ store: s, loadedRooms: () => loaded, log, batch: 100, touchEveryMs: Infinity });
    expect(await expiry.sweep()).toBe(2_343);
    expect(s.getRoom('bulk-7')).toBeDefined();
    expect(s.getRoom('bulk-2000')).toBeDefined();
    expect(s.getRoom('fresh-one')).toBeDefined();
    s.close();
  });

  it('touches a loaded room once per interval, not on every poll', () => {
    const s = createSqliteStore(':memory:');
    room(s, 'busy-room');
    let now = Date.parse('2031-01-01T00:00:00Z');
    const expiry = createRoomExpiry({ store: s, loadedRooms: () => ['busy-room'], log, now: () => now, touchEveryMs: 3600_000 });
    expiry.observe();
    expect(s.lastVisit('busy-room')).toBe('2031-01-01T00:00:00.000Z');
    now += 60_000;
    expiry.observe();
    expect(s.lastVisit('busy-room')).toBe('2031-01-01T00:00:00.000Z');
    now += 3600_000;
    expiry.observe();
    expect(s.lastVisit('busy-room')).toBe('2031-01-01T01:01:00.000Z');
    s.close();
  });
});
