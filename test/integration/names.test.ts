import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundServer } from '../../server/createServer.js';
import { connect, joinRoom, startServer, type TestClient } from './helpers.js';

const EMOJI = '\u{1F600}';

describe('names over a real connection', () => {
  let server: PlaygroundServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it("numbers a second 'a' + 11 emoji without splitting an emoji", async () => {
    const name = `a${EMOJI.repeat(11)}`;
    const first = await joinRoom(server.url, 'emoji-room', { name });
    const second = await joinRoom(server.url, 'emoji-room', { name });
    clients.push(first, second);
    expect(first.joined.you.name).toBe(name);
    expect(second.joined.you.name).toBe(`a${EMOJI.repeat(10)} 2`);
    expect(second.joined.you.name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('refuses a lone surrogate and an invisible name, and cleans a bidi override away', async () => {
    const c = await connect(server.url);
    clients.push(c);
    const lone = await c.emit('join', { protocol: 1, room: 'names-room', name: 'Ada\uD83D' });
    expect(lone).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/surrogate/) } });
    const blank = await c.emit('join', { protocol: 1, room: 'names-room', name: '\u200B\u3164' });
    expect(blank).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/visible/) } });
    const ok = await c.emit('join', { protocol: 1, room: 'names-room', name: '\u202Enimda\u202C' });
    expect(ok).toMatchObject({ ok: true, you: { name: 'nimda' } });
  });

  it('saves a path under its cleaned name, never a replacement character', async () => {
    const a = await joinRoom(server.url, 'path-names', { name: 'P' });
    clients.push(a);
    const b = a.joined.room.bounds;
    await a.emit('record:start', {});
    await a.emit('cursor', { z: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2], seq: 1 });
    await new Promise((r) => setTimeout(r, 150));
    expect(await a.emit('record:stop', { name: `walk${EMOJI}\uDE00` })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const saved = await a.emit('record:stop', { name: `Zoe\u0308 walk\u0007 ${EMOJI}` });
    expect(saved).toMatchObject({ ok: true, path: { name: `Zo\u00EB walk ${EMOJI}` } });
    const db = new Database(server.store.file, { readonly: true });
    const rows = db.prepare('SELECT name FROM paths').all() as { name: string }[];
    db.close();
    expect(rows.map((r) => r.name)).toEqual([`Zo\u00EB walk ${EMOJI}`]);
    expect(rows.every((r) => !r.name.includes('\uFFFD'))).toBe(true);
  });
});
