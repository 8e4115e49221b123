import * as ort from 'onnxruntime-node';
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecoder, crashWorkerForTest, type Decoder } from '../../server/decoder/createDecoder.js';
import { exportOnnx } from '../../ml/export/exportOnnx.js';
import { buildAutoencoder } from '../../ml/training/architecture.js';
import { initBackend } from '../../ml/training/backend.js';

// Real ONNX files through the real exporter: randomly initialised models decode to real images.
let modelsDir: string;
let decoder: Decoder;

beforeAll(async () => {
  await initBackend('cpu');
  modelsDir = mkdtempSync(path.join(tmpdir(), 'decoder-'));
  for (const kind of ['ae', 'vae'] as const) exportOnnx(buildAutoencoder(kind), path.join(modelsDir, kind));
  decoder = await createDecoder({ modelsDir });
});

afterAll(async () => {
  await decoder?.close();
  rmSync(modelsDir, { recursive: true, force: true });
});

function randomZ(n: number, range = 4): Float32Array {
  return Float32Array.from({ length: 2 * n }, () => (Math.random() * 2 - 1) * range);
}

describe('the decoder service', () => {
  it('decodes N latent points into N*784 bytes of 28x28 frames', async () => {
    for (const n of [1, 3, 64]) {
      const frames = await decoder.decode('vae', randomZ(n));
      expect(frames).toBeInstanceOf(Uint8Array);
      expect(frames.length).toBe(n * 784);
    }
  });

  it('gives the pixels onnxruntime computes, scaled to 0-255', async () => {
    const z = randomZ(5);
    const session = await ort.InferenceSession.create(path.join(modelsDir, 'ae', 'decoder.onnx'));
    const image = (await session.run({ z: new ort.Tensor('float32', z, [5, 2]) })).image.data as Float32Array;
    await session.release();
    const frames = await decoder.decode('ae', z);
    expect(new Set(frames).size).toBeGreaterThan(1);
    for (let i = 0; i < frames.length; i++) expect(frames[i]).toBe(Math.round(image[i] * 255));
  });

  it('gives the same frames for a batch as for single calls', async () => {
    const z = randomZ(6);
    const batch = await decoder.decode('ae', z);
    for (let i = 0; i < 6; i++) {
      const one = await decoder.decode('ae', z.slice(2 * i, 2 * i + 2));
      expect(Array.from(one)).toEqual(Array.from(batch.subarray(784 * i, 784 * (i + 1))));
    }
  });

  it('decodes the AE and the VAE with their own weights', async () => {
    const z = randomZ(2);
    const [ae, vae] = await Promise.all([decoder.decode('ae', z), decoder.decode('vae', z)]);
    expect(Array.from(ae)).not.toEqual(Array.from(vae));
  });

  it('leaves the caller\'s array usable after the call', async () => {
    const z = randomZ(2);
    await decoder.decode('vae', z);
    expect(z.length).toBe(4);
  });

  it('returns no frames for no points', async () => {
    expect((await decoder.decode('ae', new Float32Array(0))).length).toBe(0);
  });

  it('rejects a z that holds NaN or Infinity, naming the bad coordinate', async () => {
    await expect(decoder.decode('ae', Float32Array.of(0, Number.NaN))).rejects.toThrow(/z\[1\] is NaN/);
    await expect(decoder.decode('ae', Float32Array.of(Infinity, 0))).rejects.toThrow(/z\[0\] is Infinity.*finite/);
  });

  it('rejects a z of odd length', async () => {
    await expect(decoder.decode('ae', Float32Array.of(1, 2, 3))).rejects.toThrow(/odd length 3/);
  });

  it('rejects a z that is not a Float32Array, and a model that is not loaded', async () => {
    await expect(decoder.decode('ae', [0, 0] as unknown as Float32Array)).rejects.toThrow(/Float32Array/);
    await expect(decoder.decode('gan' as never, randomZ(1))).rejects.toThrow(/model "gan" is not loaded/);
  });

  it('rejects a batch larger than its limit', async () => {
    const small = await createDecoder({ modelsDir, models: ['ae'], maxPoints: 4 });
    await expect(small.decode('ae', randomZ(5))).rejects.toThrow(/at most 4/);
    await small.close();
  });

  it('keeps the event loop free while it decodes', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await decoder.decode('vae', randomZ(3000));
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // A blocked loop would see no tick at all until the run ended.
    if (elapsed > 100) expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
  });

  it('runs the call a crashed worker held again on its replacement, and counts the restart', async () => {
    const own = await createDecoder({ modelsDir, models: ['vae'], threads: 1 });
    const z = randomZ(4);
    const expected = await own.decode('vae', z);
    expect(own.restarts).toBe(0);
    crashWorkerForTest(own);
    expect(Array.from(await own.decode('vae', z))).toEqual(Array.from(expected));
    expect(own.restarts).toBe(1);
    expect(own.stats().retried).toBe(1);
    await own.close();
  });

  it('fails the calls waiting for a replacement that cannot load, then loads again at the next call', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'decoder-reload-'));
    cpSync(path.join(modelsDir, 'ae'), path.join(dir, 'ae'), { recursive: true });
    const own = await createDecoder({ modelsDir: dir, models: ['ae'], threads: 1 });
    const file = path.join(dir, 'ae', 'decoder.onnx');
    renameSync(file, `${file}.away`);
    crashWorkerForTest(own);
    await expect(own.decode('ae', randomZ(2))).rejects.toThrow(/could not load the models/);
    renameSync(`${file}.away`, file);
    expect((await own.decode('ae', randomZ(2))).length).toBe(2 * 784);
    await own.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects calls after close', async () => {
    const own = await createDecoder({ modelsDir, models: ['ae'] });
    await own.close();
    await expect(own.decode('ae', randomZ(1))).rejects.toThrow(/closed/);
  });

  it('refuses to start without decoder.onnx, naming the file and the commands that make it', async () => {
    await expect(createDecoder({ modelsDir: path.join(modelsDir, 'nowhere'), models: ['vae'] })).rejects.toThrow(
      /missing .*vae[/\\]decoder\.onnx.*npm run train -- --model vae.*npm run export -- --model vae/,
    );
  });
});
