/**
 * A refused request changes nothing, and a cap holds on every path, in-process: recordings
 * autosaved at the path cap, record:stop refused, host actions whose save fails.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRoomTestServer, type RoomTestServer } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => {
  vi.restoreAllMocks();
  server?.close();
});

/** Two people in `room`; `a` records (one sample), `b` saves a path, filling a cap of one. */
async function capReachedWhileARecords(room: string) {
  const a = await server.joined(room, { name: 'Away' });
  const b = await server.joined(room, { name: 'Stays' });
  await a.request('cursor', { z: [0, 0], seq: 1 });
  await b.request('cursor', { z: [1, 1], seq: 1 });
  expect((await a.request('record:start', {})).ok).toBe(true);
  expect((await b.request('record:start', {})).ok).toBe(true);
  await server.tick();
  expect((await b.request('record:stop', {})).ok).toBe(true);
  return { a, b };
}

describe('the path cap', () => {
  it('drops a recording whose author left past the cap, and tells the room', async () => {
    server = createRoomTestServer({ limits: { pathsPerRoom: 1, reconnectGraceMs: 500 } });
    const { a, b } = await capReachedWhileARecords('cap-grace-room');
    a.disconnect();
    await server.tick(500);
    expect(server.store.listPaths('cap-grace-room').map((p) => p.author)).toEqual(['Stays']);
    expect(b.notices.map((n) => n.code)).toContain('recording_dropped');
  });

  it('drops a recording in progress at shutdown when the room is at its cap', async () => {
    server = createRoomTestServer({ limits: { pathsPerRoom: 1 } });
    await capReachedWhileARecords('cap-shutdown-room');
    server.manager.closeAll();
    expect(server.store.countPaths('cap-shutdown-room')).toBe(1);
  });
});

describe('a refused request', () => {
  it('keeps the recording when record:stop is refused because nothing was recorded yet', async () => {
    server = createRoomTestServer();
    const a = await server.joined('stop-early-room');
    expect((await a.request('record:start', {})).ok).toBe(true);
    const early = await a.request('record:stop', {});
    expect(!early.ok && early.error.code).toBe('bad_request');
    await a.request('cursor', { z: [1, 1], seq: 1 });
    await server.tick();
    const saved = await a.request('record:stop', {});
    expect(saved.ok && saved.path.sampleCount).toBe(1);
  });

  it('keeps sampling a recording whose save was refused at the path cap', async () => {
    server = createRoomTestServer({ limits: { pathsPerRoom: 1 } });
    const { a, b } = await capReachedWhileARecords('stop-full-room');
    const refused = await a.request('record:stop', {});
    expect(!refused.ok && refused.error.code).toBe('limit');
    await a.request('cursor', { z: [2, 2], seq: 2 });
    await server.tick();
    const [path] = server.store.listPaths('stop-full-room');
    await b.request('path:delete', { id: path.id });
    const saved = await a.request('record:stop', {});
    expect(saved.ok && saved.path.sampleCount).toBe(3); // at start, at the first tick, and after the refusal
  });

  it('leaves the room as it was when a host action cannot be saved', async () => {
    server = createRoomTestServer();
    const host = await server.joined('disk-full-room');
    vi.spyOn(server.store, 'updateRoom').mockImplementation(() => {
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    const before = server.room('disk-full-room').snapshot();
    const answers = await Promise.all([
      host.request('host', { action: 'tickRate', hz: 30 }),
      host.request('host', { action: 'model', model: 'ae' }),
    ]);
    expect(answers.map((a) => !a.ok && a.error.code)).toEqual(['internal', 'internal']);
    expect(server.room('disk-full-room').snapshot()).toEqual(before);
  });
});
