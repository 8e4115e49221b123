import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifierOnnxBytes, exportClassifierFolder, measureClassifierParity } from '../../ml/export/exportClassifier.js';
import { layersModelToOnnx } from '../../ml/export/layersToOnnx.js';
import { encodeOnnxModel } from '../../ml/export/onnxProto.js';
import { initBackend } from '../../ml/training/backend.js';
import { buildClassifier } from '../../ml/training/classifier.js';
import { hasClassifierCheckpoint, trainClassifier, type ClassifierTrainOptions } from '../../ml/training/classifierTrainer.js';
import { loadMnist, type MnistSplit } from '../../server/models/mnist.js';

let data: { train: MnistSplit; test: MnistSplit };

function options(dir: string, epochs: number, resume = false): ClassifierTrainOptions {
  return { epochs, batchSize: 32, learningRate: 1e-3, sampleCap: 960, testCap: 500, checkpointDir: dir, resume, backend: 'wasm', seed: 3, log: () => {} };
}

describe('the exporter\'s Softmax', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('exports a softmax activation as an ONNX Softmax over the last axis that onnxruntime matches to 1e-6', async () => {
    const input = tf.input({ shape: [5] });
    const dense = tf.layers.dense({ units: 4, activation: 'softmax', biasInitializer: 'randomNormal' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: dense });
    const graph = layersModelToOnnx(model, { input: { name: 'x', shape: [5] }, outputs: ['p'] }, 'softmax_test');
    const softmax = graph.nodes.find((n) => n.opType === 'Softmax');
    expect(softmax?.attributes).toEqual([{ name: 'axis', int: -1 }]);
    const session = await ort.InferenceSession.create(encodeOnnxModel(graph, { producerName: 'test', docString: '' }));
    const x = Float32Array.from({ length: 3 * 5 }, (_, i) => Math.sin(i) * 3);
    const onnx = (await session.run({ x: new ort.Tensor('float32', x, [3, 5]) })).p.data as Float32Array;
    const ref = (model.predict(tf.tensor2d(x, [3, 5])) as tf.Tensor).dataSync();
    expect(Math.max(...Array.from(onnx, (v, i) => Math.abs(v - ref[i])))).toBeLessThan(1e-6);
    await session.release();
  });

  it('exports the classifier so that onnxruntime gives tfjs\'s probabilities to 1e-4, before any training', async () => {
    const { probs } = buildClassifier();
    // Fresh models start with zero biases; random ones make the test see a misplaced bias too.
    for (const layer of probs.layers) {
      const w = layer.getWeights();
      if (w.length === 2) layer.setWeights([w[0], tf.randomNormal(w[1].shape, 0, 0.1)]);
    }
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'classifier-onnx-')), 'classifier.onnx');
    writeFileSync(file, classifierOnnxBytes(probs));
    const report = await measureClassifierParity(probs, file, loadMnist('test'));
    expect(report.maxAbsDiff.probs).toBeLessThanOrEqual(1e-4);
    expect(report.scale.probs).toBeGreaterThan(0.1);
  });
});

describe('training the classifier on real MNIST (smoke run)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    data = { train: loadMnist('train'), test: loadMnist('test') };
  });

  it('beats chance by far after one epoch of 960 digits and leaks no tensors', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'classifier-smoke-'));
    const before = tf.memory().numTensors;
    const run = await trainClassifier(options(dir, 1), data);
    const weights = run.models.probs.weights.length;
    expect(run.state.history[0].testAccuracy).toBeGreaterThan(0.6);
    // The model's weights remain, and at most one constant tfjs keeps for the optimizer.
    const kept = tf.memory().numTensors - before;
    expect(kept).toBeGreaterThanOrEqual(weights);
    expect(kept).toBeLessThanOrEqual(weights + 1);
    expect(hasClassifierCheckpoint(dir)).toBe(true);
  });

  it('resumes from its last finished epoch, keeps learning, and exports a folder with its card', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'classifier-resume-'));
    const checkpointDir = path.join(dir, 'checkpoint');
    await trainClassifier(options(checkpointDir, 1), data);
    const run = await trainClassifier(options(checkpointDir, 2, true), data);
    expect(run.state.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(run.state.history[1].trainLoss).toBeLessThan(run.state.history[0].trainLoss);
    const card = await exportClassifierFolder({ checkpointDir, outDir: dir });
    expect(card.training.epochs).toBe(2);
    expect(card.accuracy.onnx).toBeGreaterThan(0.6);
    expect(JSON.parse(readFileSync(path.join(dir, 'card.json'), 'utf8')).files[0].name).toBe('classifier.onnx');
  });
});
