import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecoder, crashWorkerForTest, type Decoder } from '../../server/decoder/createDecoder.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { entries, joinRoom, MODELS_DIR, startServer, steer, waitFor } from './helpers.js';

describe('a decoder worker crash', () => {
  let decoder: Decoder;
  let server: PlaygroundServer;
  beforeAll(async () => {
    decoder = await createDecoder({ modelsDir: MODELS_DIR });
    server = await startServer({ decoder });
  });
  afterAll(async () => {
    await server.close();
    await decoder.close();
  });

  it('costs the room a tick or two, not its frames', async () => {
    const a = await joinRoom(server.url, 'crash-worker', { name: 'A' });
    const b = a.joined.room.bounds;
    let seq = 0;
    const move = () => a.socket.volatile.emit('cursor', { z: [b[0] + (b[2] - b[0]) * Math.random(), (b[1] + b[3]) / 2], seq: ++seq });
    move();
    await waitFor(() => entries(a).length > 0, 3000, 'first frame');
    crashWorkerForTest(decoder);
    // Moves made while the worker is down are decoded once it is back: each gets its frame.
    for (let i = 0; i < 4; i++) await steer(a, [b[0] + (b[2] - b[0]) * Math.random(), (b[1] + b[3]) / 2], ++seq);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { totals: { workerRestarts: number } };
    expect(health.totals.workerRestarts).toBe(1);
    a.close();
  });
});
