/**
 * A find-a-7 round with the real parts: the shipped VAE decoder and digit classifier in the model
 * service's worker, scoring cursors in an in-process room. The "known 7" is a test digit labelled
 * 7 whose encoded z the classifier, reading its decoded digit, calls 7 with p >= 0.9.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecoder, type Decoder } from '../../server/decoder/createDecoder.js';
import { createRoomTestServer, TEST_BOUNDS } from '../helpers/roomTestServer.js';

let decoder: Decoder;
beforeAll(async () => {
  decoder = await createDecoder({ models: ['vae'], threads: 1 });
}, 60_000);
afterAll(() => decoder?.close());

/** The first embedded 7 the classifier is sure of, and a z it does not call 7 at all. */
async function pickPoints(): Promise<{ seven: [number, number]; p7: number; other: [number, number] }> {
  const emb = JSON.parse(readFileSync(path.join('models', 'vae', 'embedding.json'), 'utf8')) as { z: number[]; labels: number[] };
  const sevens = emb.labels.flatMap((l, i) => (l === 7 ? [i] : [])).slice(0, 64);
  const zs = Float32Array.from(sevens.flatMap((i) => [emb.z[2 * i], emb.z[2 * i + 1]]));
  const { probs } = await decoder.decodeAndClassify('vae', zs);
  const best = sevens.findIndex((_, k) => probs[k * 10 + 7] >= 0.9 && Math.abs(zs[2 * k]) < 3.5 && Math.abs(zs[2 * k + 1]) < 3.5);
  expect(best).toBeGreaterThanOrEqual(0);
  const zero = emb.labels.indexOf(0);
  const other: [number, number] = [emb.z[2 * zero], emb.z[2 * zero + 1]];
  expect((await decoder.decodeAndClassify('vae', Float32Array.from(other))).probs[7]).toBeLessThan(0.5);
  return { seven: [zs[2 * best], zs[2 * best + 1]], p7: probs[best * 10 + 7], other };
}

describe('a find-a-7 round with the real decoder and classifier', () => {
  it('is won by the cursor placed on a known 7, scored by the classifier on the server', async () => {
    const { seven, p7, other } = await pickPoints();
    const server = createRoomTestServer({ decoder, bounds: { vae: TEST_BOUNDS.vae } });
    try {
      const host = await server.joined('real-seven');
      const a = await server.joined('real-seven', { name: 'Ada' });
      const b = await server.joined('real-seven', { name: 'Bo' });
      await a.request('cursor', { z: seven, seq: 1 });
      await b.request('cursor', { z: other, seq: 1 });
      await host.request('round:start', { kind: 'find', target: 7, seconds: 20 });
      for (let t = 0; t <= 1200; t += 50) await server.tick(50);
      const state = host.rounds.at(-1)!;
      expect(state.winners).toEqual([a.you.id]);
      const ada = state.players.find((p) => p.id === a.you.id)!;
      expect(ada.value).toBeCloseTo(p7, 3);
      expect(ada.points).toBeGreaterThan(900);
      expect(state.players.find((p) => p.id === b.you.id)!.value).toBeLessThan(0.5);
    } finally {
      server.close();
    }
  });
});
