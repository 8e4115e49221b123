import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOM_ID_PATTERN } from '../../shared/protocol.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { readableRoomId } from '../../server/rooms/names.js';
import { createSqliteStore } from '../../server/store/createSqliteStore.js';
import { joinRoom, sleep, startServer, tempDbFile, waitFor } from './helpers.js';

const DAY = 24 * 3600_000;

describe('creating rooms over HTTP', () => {
  let server: PlaygroundServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const post = (headers: Record<string, string> = {}) =>
    fetch(`${server!.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

  it('lets one address make 10 rooms at once, then answers 429 with Retry-After and a JSON error', async () => {
    server = await startServer();
    for (let i = 0; i < 10; i++) expect((await post()).status, `room ${i + 1}`).toBe(201);
    const refused = await post();
    expect(refused.status).toBe(429);
    const retry = Number(refused.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(15);
    expect(await refused.json()).toMatchObject({ error: { code: 'limit', message: expect.stringMatching(/rooms/) } });
  });

  it('lets the client in again once the Retry-After has passed', async () => {
    server = await startServer({ roomCreation: { burst: 1, perMinute: 20 } }); // one every 3 s
    expect((await post()).status).toBe(201);
    const refused = await post();
    expect(refused.status).toBe(429);
    await sleep(Number(refused.headers.get('retry-after')) * 1000 + 100);
    expect((await post()).status).toBe(201);
  });

  it('ignores X-Forwarded-For unless the peer is a configured proxy', async () => {
    server = await startServer({ roomCreation: { burst: 1, perMinute: 1 } });
    expect((await post({ 'x-forwarded-for': '203.0.113.1' })).status).toBe(201);
    expect((await post({ 'x-forwarded-for': '203.0.113.2' })).status).toBe(429); // same socket address
    await server.close();
    server = await startServer({ roomCreation: { burst: 1, perMinute: 1 }, trustProxy: ['127.0.0.1'] });
    expect((await post({ 'x-forwarded-for': '203.0.113.1' })).status).toBe(201);
    expect((await post({ 'x-forwarded-for': '203.0.113.2' })).status).toBe(201);
    expect((await post({ 'x-forwarded-for': '198.51.100.9, 203.0.113.1' })).status).toBe(429); // the proxy saw .1
  });

  it('makes longer ids once all 81,000 readable ones are taken, never a 500', async () => {
    const dbFile = tempDbFile();
    createSqliteStore(dbFile).close();
    const db = new Database(dbFile);
    const insert = db.prepare(`INSERT INTO rooms (id, model, tick_rate, host_key_hash, created_at, updated_at, visited_at) VALUES (?, 'vae', 20, 'h', ?, ?, ?)`);
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let a = 0; a < 30; a++) {
        for (let b = 0; b < 30; b++) {
          for (let n = 0; n < 90; n++) {
            const picks = [a, b, n];
            insert.run(readableRoomId(() => picks.shift()!), now, now, now);
          }
        }
      }
    })();
    db.close();
    server = await startServer({ dbFile });
    for (let i = 0; i < 3; i++) {
      const res = await post();
      expect(res.status).toBe(201);
      const { room } = (await res.json()) as { room: string };
      expect(room).toMatch(/^[a-z]+-[a-z]+-\d{4,}$/);
      expect(room).toMatch(ROOM_ID_PATTERN);
    }
  }, 120_000);
});

describe('room expiry on a real server', () => {
  let server: PlaygroundServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('expires rooms with no path and no visit for 30 days when it starts', async () => {
    const dbFile = tempDbFile();
    const s = createSqliteStore(dbFile);
    for (const id of ['old-empty', 'old-kept', 'young-empty']) s.createRoom({ id, model: 'vae', tickRate: 20, hostKeyHash: 'h' });
    s.insertPath({ id: 'p-1', room: 'old-kept', name: 'walk', author: 'A', authorId: 1, authorSessionHash: null, t: [0], z: [0, 0] });
    s.close();
    const db = new Database(dbFile);
    db.prepare(`UPDATE rooms SET visited_at = ? WHERE id IN ('old-empty', 'old-kept')`).run(new Date(Date.now() - 31 * DAY).toISOString());
    db.close();
    server = await startServer({ dbFile });
    expect(server.store.getRoom('old-empty')).toBeUndefined();
    expect(server.store.getRoom('old-kept')).toBeDefined();
    expect(server.store.getRoom('young-empty')).toBeDefined();
    expect((await fetch(`${server.url}/api/rooms/old-empty`)).status).toBe(404);
  });

  it('records a visit when someone joins a room', async () => {
    server = await startServer({ roomExpiry: { pollMs: 20 } });
    const created = (await (await fetch(`${server.url}/api/rooms`, { method: 'POST' })).json()) as { room: string };
    const db = new Database(server.store.file);
    const longAgo = new Date(Date.now() - 40 * DAY).toISOString();
    db.prepare('UPDATE rooms SET visited_at = ? WHERE id = ?').run(longAgo, created.room);
    db.close();
    const before = Date.now();
    const c = await joinRoom(server.url, created.room, { name: 'Visitor' });
    await waitFor(() => Date.parse(server!.store.lastVisit(created.room) ?? '') >= before - 1000, 5000, 'the visit to be recorded');
    c.close();
  });
});
