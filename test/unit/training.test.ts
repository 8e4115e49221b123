import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAutoencoder } from '../../ml/training/architecture.js';
import { initBackend } from '../../ml/training/backend.js';
import { hasCheckpoint, readState } from '../../ml/training/checkpoint.js';
import { loadMnist, type MnistSplit } from '../../server/models/mnist.js';
import { evaluate, train, type TrainOptions } from '../../ml/training/trainer.js';

let data: { train: MnistSplit; test: MnistSplit };

function options(kind: 'ae' | 'vae', dir: string, epochs: number, resume = false): TrainOptions {
  return {
    kind,
    epochs,
    batchSize: 32,
    learningRate: 1e-3,
    sampleCap: 960,
    testCap: 200,
    checkpointDir: dir,
    resume,
    backend: 'wasm',
    seed: 3,
    log: () => {},
  };
}

describe('training on real MNIST (smoke run)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    data = { train: loadMnist('train'), test: loadMnist('test') };
  });

  for (const kind of ['ae', 'vae'] as const) {
    it(`lowers the ${kind} test loss in one epoch on a few hundred images and leaks no tensors`, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `smoke-${kind}-`));
      const fresh = buildAutoencoder(kind);
      const untrained = await evaluate(fresh, data.test, 200);
      [fresh.encoder, fresh.decoder].forEach((m) => m.dispose());
      const before = tf.memory().numTensors;
      const run = await train(options(kind, dir, 1), data);
      const weights = run.models.encoder.weights.length + run.models.decoder.weights.length;
      const record = run.state.history[0];
      expect(record.testLoss).toBeLessThan(untrained.total - 100);
      expect(record.trainLoss).toBeGreaterThan(record.testLoss);
      // The models' own weights remain, and at most one constant tfjs keeps for the optimizer:
      // a per-step leak would add at least one tensor for each of the 30 steps.
      const kept = tf.memory().numTensors - before;
      expect(kept).toBeGreaterThanOrEqual(weights);
      expect(kept).toBeLessThanOrEqual(weights + 1);
      expect(hasCheckpoint(dir)).toBe(true);
    });
  }

  it('resumes a killed run from its last finished epoch and keeps lowering the loss', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'resume-'));
    await train(options('ae', dir, 1), data);
    const after1 = readState(dir);
    const run = await train(options('ae', dir, 2, true), data);
    expect(run.state.epochsDone).toBe(2);
    expect(run.state.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(run.state.history[0]).toEqual(after1.history[0]);
    expect(run.state.history[1].testLoss).toBeLessThan(after1.history[0].testLoss);
    // The resumed models are the trained ones, not fresh ones.
    const again = await evaluate(run.models, data.test, 200);
    expect(again.total).toBeCloseTo(run.state.history[1].testLoss, 1);
  });
});
