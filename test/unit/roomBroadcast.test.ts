/**
 * What a room broadcasts, in-process: room snapshots and path lists are state (a client only needs
 * the latest), so bursts are coalesced and a client that stopped reading is sent only the latest
 * once it reads again; requests that make a room broadcast are rate-limited per connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomTestServer, type RoomTestServer } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

const names = (snapshot: { participants: { name: string }[] } | undefined) => snapshot?.participants.map((p) => p.name);
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('room snapshots', () => {
  it('sends a burst of changes as at most one snapshot per interval, the latest last', async () => {
    server = createRoomTestServer();
    const renamer = await server.joined('burst-room', { name: 'Renamer' });
    const watcher = await server.joined('burst-room', { name: 'Watcher' });
    await server.tick(1000);
    watcher.clear();
    for (let i = 1; i <= 5; i++) await renamer.request('rename', { name: `Name ${i}` });
    await settle();
    expect(watcher.snapshots.length).toBeLessThanOrEqual(1);
    await server.tick(200);
    expect(watcher.snapshots.length).toBeLessThanOrEqual(2);
    expect(names(watcher.snapshots.at(-1))).toEqual(['Name 5', 'Watcher']);
  });

  it('holds snapshots back from a client that stopped reading, then sends it only the latest', async () => {
    server = createRoomTestServer();
    const renamer = await server.joined('slow-room', { name: 'Renamer' });
    const slow = await server.joined('slow-room', { name: 'Slow' });
    const fast = await server.joined('slow-room', { name: 'Fast' });
    await server.tick(1000);
    slow.clear();
    fast.clear();
    slow.setBacklog(10 * 1024 * 1024);
    for (let i = 1; i <= 3; i++) {
      await renamer.request('rename', { name: `Name ${i}` });
      await server.tick(200);
    }
    expect(slow.snapshots).toEqual([]);
    expect(fast.snapshots.map(names)).toEqual([1, 2, 3].map((i) => [`Name ${i}`, 'Slow', 'Fast']));
    slow.setBacklog(0);
    await server.tick(50);
    expect(slow.snapshots.map(names)).toEqual([['Name 3', 'Slow', 'Fast']]);
  });
});

describe('path lists', () => {
  it('sends a burst of path renames as at most one list per interval, the latest last', async () => {
    server = createRoomTestServer();
    const host = await server.joined('paths-burst-room');
    const watcher = await server.joined('paths-burst-room');
    await host.request('cursor', { z: [1, 1], seq: 1 });
    await host.request('record:start', {});
    await server.tick(50);
    const saved = await host.request('record:stop', {});
    if (!saved.ok) throw new Error(saved.error.message);
    await server.tick(1000);
    watcher.clear();
    for (let i = 1; i <= 5; i++) await host.request('path:rename', { id: saved.path.id, name: `Walk ${i}` });
    await settle();
    expect(watcher.pathLists.length).toBeLessThanOrEqual(1);
    await server.tick(200);
    expect(watcher.pathLists.length).toBeLessThanOrEqual(2);
    expect(watcher.pathLists.at(-1)?.find((p) => p.id === saved.path.id)?.name).toBe('Walk 5');
  });
});

describe('the request rate limit', () => {
  it('refuses requests that make the room broadcast beyond the limit, and they change nothing', async () => {
    server = createRoomTestServer();
    const a = await server.joined('rate-room', { name: 'First' });
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await a.request('rename', { name: `Name ${i}` }));
    const accepted = answers.filter((x) => x.ok).length;
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThan(20);
    expect(answers.slice(accepted).map((x) => !x.ok && x.error.code)).toEqual(Array(20 - accepted).fill('rate_limited'));
    expect(names(server.room('rate-room').snapshot())).toEqual([`Name ${accepted - 1}`]);
    server.clock.advance(1000);
    expect((await a.request('rename', { name: 'Later' })).ok).toBe(true);
  });

  it('never limits cursor updates and pings', async () => {
    server = createRoomTestServer();
    const a = await server.joined('free-room');
    for (let seq = 1; seq <= 100; seq++) expect((await a.request('cursor', { z: [seq / 100, 0], seq })).ok).toBe(true);
    for (let t = 0; t < 50; t++) expect((await a.request('ping', { t })).ok).toBe(true);
  });
});
