/**
 * Real ONNX models for tests, made in a temp folder by the project's own exporter: freshly
 * initialised autoencoders (real graphs, real weights, so real and distinct images), a training
 * timeline of such decoders, and a small dense classifier with the classifier's contract.
 */
import * as tf from '@tensorflow/tfjs';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IMAGE_SIZE, type ModelKind } from '../../shared/constants.js';
import { decoderOnnxBytes, exportOnnx } from '../../ml/export/exportOnnx.js';
import { layersModelToOnnx } from '../../ml/export/layersToOnnx.js';
import { encodeOnnxModel } from '../../ml/export/onnxProto.js';
import { buildAutoencoder } from '../../ml/training/architecture.js';
import { snapshotFileNames } from '../../ml/training/timeline.js';
import type { TimelineFile } from '../../server/models/timelineFiles.js';

/** Writes `encoder.onnx` and `decoder.onnx` of a fresh model of each kind into `<dir>/<kind>`. */
export function writeRandomModels(dir: string, kinds: readonly ModelKind[] = ['ae', 'vae']): void {
  for (const kind of kinds) exportOnnx(buildAutoencoder(kind), path.join(dir, kind));
}

/** Copies the shipped model folders' served files into `dir` (to add a timeline beside them). */
export function copyShippedModels(from: string, dir: string, kinds: readonly ModelKind[] = ['ae', 'vae']): void {
  for (const kind of kinds) {
    mkdirSync(path.join(dir, kind), { recursive: true });
    for (const f of ['encoder.onnx', 'decoder.onnx', 'embedding.json', 'card.json']) copyFileSync(path.join(from, kind, f), path.join(dir, kind, f));
  }
}

/**
 * Writes `<dir>/<kind>/timeline/` with one freshly initialised decoder per step (so every snapshot
 * decodes differently) and an embedding of `digits` made-up points; returns the decoder files.
 */
export function writeTimeline(dir: string, kind: ModelKind, steps: number[], digits = 20): Record<number, string> {
  const folder = path.join(dir, kind, 'timeline');
  mkdirSync(folder, { recursive: true });
  const files: Record<number, string> = {};
  const snapshots = steps.map((step, i) => {
    const names = snapshotFileNames(step);
    writeFileSync(path.join(folder, names.decoder), decoderOnnxBytes(buildAutoencoder(kind)));
    const z = Array.from({ length: 2 * digits }, (_, j) => Math.round(Math.sin(step + j) * 1e4) / 1e3);
    writeFileSync(path.join(folder, names.embedding), JSON.stringify({ count: digits, z, labels: Array.from({ length: digits }, (_, j) => j % 10) }));
    files[step] = path.join(folder, names.decoder);
    return { step, epoch: i / 10, imagesSeen: step * 128, trainLoss: 500 - i, testLoss: 501 - i, ...names };
  });
  const file: TimelineFile = { kind, testDigits: digits, testDigitsNote: `${digits} made-up points`, stepsPerEpoch: 10, snapshots };
  writeFileSync(path.join(folder, 'timeline.json'), JSON.stringify(file, null, 2));
  return files;
}

/**
 * A small dense classifier with the shipped classifier's contract: `image` [N, 28, 28] in [0, 1]
 * -> `probs` [N, 10] (softmax). The exporter makes the dense layers; the Softmax node is added here.
 * Returns the tfjs model whose softmax the ONNX file must match.
 */
export function writeClassifier(file: string): tf.LayersModel {
  const input = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1] });
  const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: 16, activation: 'relu' }).apply(flat) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: 10 }).apply(hidden) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits });
  const graph = layersModelToOnnx(model, { input: { name: 'image', shape: [IMAGE_SIZE, IMAGE_SIZE] }, outputs: ['logits'] }, 'test_classifier');
  graph.nodes.push({ name: 'probs/Softmax', opType: 'Softmax', inputs: ['logits'], outputs: ['probs'], attributes: [{ name: 'axis', int: 1 }] });
  graph.outputs = [{ name: 'probs', shape: ['N', 10] }];
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, encodeOnnxModel(graph, { producerName: 'latent-playground tests' }));
  return model;
}

/** What the tfjs classifier says of N*784 images in [0, 1]. */
export function classifyWithTfjs(model: tf.LayersModel, images: Float32Array): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(images, [images.length / (IMAGE_SIZE * IMAGE_SIZE), IMAGE_SIZE, IMAGE_SIZE, 1]);
    return tf.softmax(model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
}
