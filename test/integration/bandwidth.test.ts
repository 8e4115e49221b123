import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate, runBots } from '../../server/bot/createBot.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { startServer } from './helpers.js';

describe('a class of 30 on one Wi-Fi', () => {
  let server: PlaygroundServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps each client under 150 KB/s with 30 cursors moving while its own digit arrives at the tick rate', async () => {
    const stats = await runBots({ url: server.url, room: 'wifi-room', walk: 'random', hz: 30, count: 30, durationMs: 4000, warmupMs: 1500 });
    const summary = aggregate(stats);
    console.log('30 bots, 4 s:', JSON.stringify(summary));
    expect(summary.maxKbPerSecond).toBeLessThan(150);
    // 20 Hz ticks; allow for a loaded CI machine (bots and server share this process here).
    expect(summary.meanOwnFramesPerSecond).toBeGreaterThan(14);
    expect(Math.min(...stats.map((s) => s.ownFramesPerSecond))).toBeGreaterThan(10);
  }, 60_000);
});
