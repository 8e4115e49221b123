/** The class's heat map in-process: where cursors have been, counted at the tick on a fixed grid. */
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomTestServer, TEST_BOUNDS, type RoomTestServer } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

describe('the heat map', () => {
  it('counts every placed cursor at every tick in the cell under it, +y at the top', async () => {
    server = createRoomTestServer();
    const host = await server.joined('heat-room');
    const a = await server.joined('heat-room');
    await a.request('cursor', { z: [-3.9, 3.9], seq: 1 }); // the VAE's top-left cell
    await host.request('cursor', { z: [3.9, -3.9], seq: 1 }); // bottom-right
    for (let i = 0; i < 5; i++) await server.tick();
    const counts = server.room('heat-room').heat.counts('vae');
    expect(counts).toHaveLength(64 * 64);
    expect(counts[0]).toBe(5);
    expect(counts[64 * 64 - 1]).toBe(5);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(10);
  });

  it('is sent only while shown, compactly, and the host resets it; students may not', async () => {
    server = createRoomTestServer();
    const host = await server.joined('heat-send');
    const a = await server.joined('heat-send');
    await a.request('cursor', { z: [0.1, 0.1], seq: 1 });
    for (let i = 0; i < 30; i++) await server.tick();
    // Only the hidden state at the join (a page rejoining after a restart drops the map it showed).
    expect(a.heatmaps).toEqual([{ shown: false, model: 'vae', n: 64, bounds: TEST_BOUNDS.vae, cells: '', total: 0 }]);
    expect((await a.request('heatmap', { show: true })).ok).toBe(false);
    const shown = await host.request('heatmap', { show: true });
    expect(shown.ok && shown.shown).toBe(true);
    const update = a.heatmaps.at(-1)!;
    expect(update).toMatchObject({ shown: true, model: 'vae', n: 64, bounds: TEST_BOUNDS.vae, total: 30 });
    const cells = Buffer.from(update.cells, 'base64');
    expect(cells).toHaveLength(64 * 64);
    expect(cells.filter((c) => c > 0)).toEqual(Buffer.from([255]));
    a.clear();
    for (let i = 0; i < 40; i++) await server.tick(50); // 2 s: about two sends, not 40
    expect(a.heatmaps.length).toBeGreaterThanOrEqual(1);
    expect(a.heatmaps.length).toBeLessThanOrEqual(3);
    await host.request('heatmap', { reset: true });
    expect(a.heatmaps.at(-1)!.total).toBe(0);
    await host.request('heatmap', { show: false });
    a.clear();
    for (let i = 0; i < 40; i++) await server.tick(50);
    expect(a.heatmaps).toEqual([]);
  });
});
