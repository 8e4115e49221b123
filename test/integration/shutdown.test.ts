import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/store/createSqliteStore.js';
import { joinRoom, startServer, steer, tempDbFile } from './helpers.js';

describe('shutting down', () => {
  it('tells every client, saves recordings in progress and closes the database', async () => {
    const dbFile = tempDbFile();
    const server = await startServer({ dbFile });
    const a = await joinRoom(server.url, 'closing-room', { name: 'Rec' });
    const b = await joinRoom(server.url, 'closing-room', { name: 'Other' });
    const bounds = a.joined.room.bounds;
    await a.emit('record:start', {});
    for (let i = 0; i < 4; i++) await steer(a, [bounds[0] + (bounds[2] - bounds[0]) * (0.4 + 0.05 * i), 0], i + 1);
    const gone = Promise.all([a, b].map((c) => new Promise<string>((r) => c.socket.on('disconnect', r))));
    await server.close();
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
    for (const c of [a, b]) expect(c.notices.map((n) => n.code)).toContain('shutdown');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow(); // no longer listening

    const store = createSqliteStore(dbFile);
    const paths = store.listPaths('closing-room');
    store.close();
    expect(paths).toHaveLength(1);
    expect(paths[0].name).toContain('shut down');
    expect(paths[0].sampleCount).toBeGreaterThan(1);
  });
});
