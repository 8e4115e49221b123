import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecoder, crashWorkerForTest, type Decoder } from '../../server/decoder/createDecoder.js';
import { chunkSizes } from '../../server/decoder/workUnits.js';
import type { ModelKind } from '../../shared/constants.js';

// The shipped models, decoded by a pool of two workers and by a single worker.
const MODELS_DIR = process.env.MODELS_DIR ?? 'models';
let one: Decoder;
let pool: Decoder;

beforeAll(async () => {
  [one, pool] = await Promise.all([createDecoder({ modelsDir: MODELS_DIR, threads: 1 }), createDecoder({ modelsDir: MODELS_DIR, threads: 2 })]);
});

afterAll(async () => {
  await Promise.all([one?.close(), pool?.close()]);
});

function randomZ(n: number, range = 3): Float32Array {
  return Float32Array.from({ length: 2 * n }, () => (Math.random() * 2 - 1) * range);
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

describe('chunkSizes', () => {
  it('keeps small batches whole and cuts large ones into near-equal runs of at most maxRun', () => {
    expect(chunkSizes(10, 2, 32, 16)).toEqual([10]);
    expect(chunkSizes(30, 2, 32, 16)).toEqual([15, 15]);
    expect(chunkSizes(70, 2, 32, 16)).toEqual([24, 23, 23]);
    expect(chunkSizes(300, 2, 32, 16).every((n) => n <= 32)).toBe(true);
    expect(chunkSizes(300, 2, 32, 16).reduce((a, b) => a + b)).toBe(300);
    expect(chunkSizes(0, 2, 32, 16)).toEqual([]);
  });
});

describe('the decoder pool', () => {
  it('starts one worker per thread asked for', () => {
    expect(pool.threads).toBe(2);
    expect(pool.stats()).toMatchObject({ threads: 2, live: 2, restarts: 0 });
  });

  it('gives the same frames as one worker, for batches from 1 to 300, in the order of the points', async () => {
    for (const model of ['ae', 'vae'] as ModelKind[]) {
      for (const n of [1, 17, 64, 300]) {
        const z = randomZ(n);
        const [a, b] = await Promise.all([one.decode(model, z), pool.decode(model, z)]);
        expect(b.length).toBe(n * 784);
        expect(same(a, b), `${model} batch ${n}`).toBe(true);
      }
    }
  });

  it('splits a large batch across both workers, each point decoded once', async () => {
    const before = pool.stats().runs;
    const call = pool.decode('vae', randomZ(300));
    expect(pool.stats().busy).toBe(2);
    await call;
    // 300 points in runs of at most 32: ten runs, not more.
    expect(pool.stats().runs - before).toBe(10);
  });

  it('spreads the calls of several rooms over both workers', async () => {
    const calls = Array.from({ length: 6 }, () => pool.decode('ae', randomZ(16)));
    expect(pool.stats().busy).toBe(2);
    for (const frames of await Promise.all(calls)) expect(frames.length).toBe(16 * 784);
  });

  it("resolves one caller's calls in the order they were made, a small call never before a large earlier one", async () => {
    const order: string[] = [];
    const sizes = { large: 300, small: 1, medium: 40, tiny: 1 };
    await Promise.all(Object.entries(sizes).map(([name, n]) => pool.decode('vae', randomZ(n), { caller: 'room-a' }).then(() => order.push(name))));
    expect(order).toEqual(['large', 'small', 'medium', 'tiny']);
  });

  it('runs the calls a crashed worker held on the others, loses none, and replaces it', async () => {
    const own = await createDecoder({ modelsDir: MODELS_DIR, models: ['vae'], threads: 2 });
    const inputs = [randomZ(300), randomZ(5), randomZ(16), randomZ(40)];
    const expected = await Promise.all(inputs.map((z) => one.decode('vae', z)));
    crashWorkerForTest(own, 0, 'throw');
    const got = await Promise.all(inputs.map((z) => own.decode('vae', z)));
    got.forEach((frames, i) => expect(same(frames, expected[i]), `call ${i}`).toBe(true));
    expect(own.stats().restarts).toBe(1);
    // The other worker may have finished everything before the replacement loaded.
    await until(() => own.stats().live === 2);
    expect(own.stats().retried).toBeGreaterThanOrEqual(1);
    await own.close();
  });

  it('survives a worker that ends itself, and one that dies in the middle of a large batch', async () => {
    const own = await createDecoder({ modelsDir: MODELS_DIR, models: ['ae'], threads: 2 });
    const z = randomZ(600);
    const expected = await one.decode('ae', z);
    const call = own.decode('ae', z);
    const other = own.decode('ae', z.subarray(0, 2 * 20), { caller: 'another-room' });
    // Worker 1 is running a part of the batch: the next part it is handed kills it.
    crashWorkerForTest(own, 1, 'next-run');
    expect(same(await call, expected)).toBe(true);
    expect(same(await other, expected.subarray(0, 20 * 784))).toBe(true);
    expect(own.stats()).toMatchObject({ restarts: 1, retried: 1 });
    crashWorkerForTest(own, 0, 'exit');
    expect(same(await own.decode('ae', z), expected)).toBe(true);
    expect(own.restarts).toBe(2);
    await own.close();
  });

  it('rejects, saying so, a call that kills the worker it runs on and then the one it is retried on', async () => {
    const own = await createDecoder({ modelsDir: MODELS_DIR, models: ['ae'], threads: 2 });
    crashWorkerForTest(own, 0, 'next-run');
    crashWorkerForTest(own, 1, 'next-run');
    await expect(own.decode('ae', randomZ(4))).rejects.toThrow(/crashed 2 workers running this call, which is not retried again/);
    expect(own.stats()).toMatchObject({ restarts: 2, retried: 1 });
    expect((await own.decode('ae', randomZ(4))).length).toBe(4 * 784);
    await own.close();
  });

  it('refuses a call while too many images wait, instead of queueing without end', async () => {
    const own = await createDecoder({ modelsDir: MODELS_DIR, models: ['ae'], threads: 1, maxQueuedImages: 100 });
    const first = own.decode('ae', randomZ(90));
    await expect(own.decode('ae', randomZ(50))).rejects.toThrow(/overloaded.*at most 100/);
    expect((await first).length).toBe(90 * 784);
    await own.close();
  });

  it('runs its workers at the nice value asked for, on Linux', async () => {
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    const niced = () => readdirSync('/proc/self/task').filter((tid) => niceOf(tid) === 7).length;
    const before = niced();
    const own = await createDecoder({ modelsDir: MODELS_DIR, models: ['ae'], threads: 2, workerNice: 7 });
    expect(niced() - before).toBeGreaterThanOrEqual(2);
    await own.close();
  });

  it('rejects the calls still waiting when it closes', async () => {
    const own = await createDecoder({ modelsDir: MODELS_DIR, models: ['ae'], threads: 1 });
    const refused = expect(own.decode('ae', randomZ(200))).rejects.toThrow(/decoder closed/);
    await own.close();
    await refused;
  });
});
