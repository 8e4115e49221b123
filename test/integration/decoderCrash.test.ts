import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecoder, crashWorkerForTest, type Decoder } from '../../server/decoder/createDecoder.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { entries, joinRoom, MODELS_DIR, sleep, startServer, waitFor } from './helpers.js';

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
    for (let i = 0; i < 10; i++) {
      move();
      await sleep(50);
    }
    const before = entries(a).length;
    for (let i = 0; i < 10; i++) {
      move();
      await sleep(50);
    }
    await waitFor(() => entries(a).length > before + 3, 5000, 'frames after the crash');
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { totals: { workerRestarts: number } };
    expect(health.totals.workerRestarts).toBe(1);
    a.close();
  });
});
