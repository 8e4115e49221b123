import type * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecoder, type Decoder } from '../../server/decoder/createDecoder.js';
import { loadEmbedding } from '../../server/models/modelFiles.js';
import { initBackend } from '../../ml/training/backend.js';
import { gatherImages, loadMnist, type MnistSplit } from '../../server/models/mnist.js';
import { classifyWithTfjs, writeClassifier } from '../helpers/modelFixtures.js';

// The shipped encoders and decoders, real MNIST test digits, and a small real classifier ONNX.
const MODELS_DIR = process.env.MODELS_DIR ?? 'models';
let dir: string;
let service: Decoder;
let tfjsClassifier: tf.LayersModel;
let mnist: MnistSplit;
const DIGITS = Array.from({ length: 48 }, (_, i) => i * 173);

beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'model-service-'));
  tfjsClassifier = writeClassifier(path.join(dir, 'classifier.onnx'));
  service = await createDecoder({ modelsDir: MODELS_DIR, classifierFile: path.join(dir, 'classifier.onnx'), threads: 2 });
  mnist = loadMnist('test');
});

afterAll(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('encoding', () => {
  it('puts real MNIST test digits where the shipped embedding has them (to 1e-3), for both models', async () => {
    for (const kind of ['ae', 'vae'] as const) {
      const embedding = loadEmbedding(MODELS_DIR, kind);
      const { zMean } = await service.encode(kind, gatherImages(mnist, DIGITS));
      DIGITS.forEach((d, i) => {
        expect(Math.abs(zMean[2 * i] - embedding.z[2 * d]), `${kind} digit ${d} x`).toBeLessThan(1e-3);
        expect(Math.abs(zMean[2 * i + 1] - embedding.z[2 * d + 1]), `${kind} digit ${d} y`).toBeLessThan(1e-3);
      });
    }
  });

  it("gives the VAE's z_log_var and none for the AE", async () => {
    const images = gatherImages(mnist, [0, 1]);
    expect((await service.encode('ae', images)).zLogVar).toBeNull();
    const vae = await service.encode('vae', images);
    expect(vae.zLogVar).toHaveLength(4);
    expect(vae.zLogVar!.every((v) => Number.isFinite(v) && v < 1)).toBe(true);
  });

  it('merges encode calls that arrive together into fewer runs, each call getting its own answer', async () => {
    const own = await createDecoder({ modelsDir: MODELS_DIR, models: ['ae'], threads: 1 });
    const singles = await Promise.all(DIGITS.slice(0, 10).map((d) => service.encode('ae', gatherImages(mnist, [d]))));
    const runs = own.stats().runs;
    const merged = await Promise.all(DIGITS.slice(0, 10).map((d) => own.encode('ae', gatherImages(mnist, [d]))));
    // The first call finds the worker free; the nine that wait for it share one run.
    expect(own.stats().runs - runs).toBe(2);
    merged.forEach((m, i) => expect(Array.from(m.zMean)).toEqual(Array.from(singles[i].zMean)));
    await own.close();
  });

  it('refuses images of the wrong size, values outside [0, 1] and NaN, naming the problem', async () => {
    await expect(service.encode('ae', new Float32Array(783))).rejects.toThrow(/783 values is not a whole number of 28x28 images/);
    await expect(service.encode('ae', new Float32Array(784).fill(1.5))).rejects.toThrow(/value 0 \(image 0\) is 1.5.*\[0, 1\]/);
    const nan = new Float32Array(2 * 784);
    nan[900] = Number.NaN;
    await expect(service.encode('ae', nan)).rejects.toThrow(/value 900 \(image 1\) is NaN/);
    await expect(service.encode('ae', new Uint8Array(784) as unknown as Float32Array)).rejects.toThrow(/Float32Array/);
  });
});

describe('classifying', () => {
  it('gives the probabilities of the tfjs model the ONNX file was exported from', async () => {
    const images = gatherImages(mnist, DIGITS);
    const probs = await service.classify(images);
    const expected = classifyWithTfjs(tfjsClassifier, images);
    expect(probs).toHaveLength(DIGITS.length * 10);
    for (let i = 0; i < probs.length; i++) expect(Math.abs(probs[i] - expected[i])).toBeLessThan(1e-5);
    for (let i = 0; i < DIGITS.length; i++) expect(probs.subarray(10 * i, 10 * i + 10).reduce((a, b) => a + b)).toBeCloseTo(1, 5);
  });

  it('reads 0-255 frames as the same images divided by 255', async () => {
    const bytes = mnist.images.slice(0, 3 * 784);
    const [fromBytes, fromFloats] = await Promise.all([service.classify(bytes), service.classify(gatherImages(mnist, [0, 1, 2]))]);
    expect(Array.from(fromBytes)).toEqual(Array.from(fromFloats));
  });

  it('decodes and classifies in one call exactly as decode then classify of the frames', async () => {
    const z = Float32Array.from({ length: 2 * 40 }, () => Math.random() * 6 - 3);
    const fused = await service.decodeAndClassify('vae', z);
    const frames = await service.decode('vae', z);
    expect(Array.from(fused.frames)).toEqual(Array.from(frames));
    const probs = await service.classify(frames);
    for (let i = 0; i < probs.length; i++) expect(Math.abs(fused.probs[i] - probs[i])).toBeLessThan(1e-6);
  });

  it('says so when there is no classifier, naming the file it looked for', async () => {
    const none = await createDecoder({ modelsDir: MODELS_DIR, models: ['ae'], threads: 1, classifierFile: null });
    expect(none.hasClassifier).toBe(false);
    expect(service.hasClassifier).toBe(true);
    await expect(none.classify(new Float32Array(784))).rejects.toThrow(/no classifier is loaded.*classifier\.onnx/);
    await expect(none.decodeAndClassify('ae', new Float32Array(2))).rejects.toThrow(/no classifier/);
    await none.close();
  });

  it('refuses a classifier file that does not keep the contract', async () => {
    await expect(createDecoder({ modelsDir: MODELS_DIR, models: ['ae'], threads: 1, classifierFile: path.join(MODELS_DIR, 'ae', 'encoder.onnx') }))
      .rejects.toThrow(/classifier .*encoder\.onnx lacks probs/);
  });
});
