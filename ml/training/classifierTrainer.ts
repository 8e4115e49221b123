import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadLayersModel, loadOptimizer, saveLayersModel, saveOptimizer, writeAtomic } from './checkpoint.js';
import {
  buildClassifier,
  classifierFromProbs,
  classifierVariables,
  crossEntropy,
  evaluateClassifier,
  labelledBatch,
  type ClassifierModels,
} from './classifier.js';
import type { MnistSplit } from '../../server/models/mnist.js';
import { createProgress } from './progress.js';
import { permutation } from './random.js';

/** One finished epoch of the classifier. */
export interface ClassifierEpoch {
  epoch: number;
  /** Mean cross-entropy (nats) over the epoch's batches, and their accuracy. */
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  seconds: number;
  imagesPerSecond: number;
}

/** What a resumed run and the model card need besides the weights. */
export interface ClassifierState {
  kind: 'classifier';
  backend: string;
  epochsDone: number;
  batchSize: number;
  learningRate: number;
  trainSamples: number;
  testSamples: number;
  seed: number;
  history: ClassifierEpoch[];
  startedAt: string;
  updatedAt: string;
}

export interface ClassifierTrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Use only the first N training images (quick runs); undefined = all 60,000. */
  sampleCap?: number;
  /** Test images evaluated after each epoch; undefined = all 10,000. */
  testCap?: number;
  checkpointDir: string;
  resume: boolean;
  backend: string;
  seed: number;
  log: (line: string) => void;
  progress?: { write: (s: string) => void; tty: boolean };
}

/** Saves weights, optimizer and state; the state file is written last and marks the checkpoint whole. */
export async function saveClassifierCheckpoint(dir: string, models: ClassifierModels, optimizer: tf.Optimizer, state: ClassifierState) {
  mkdirSync(dir, { recursive: true });
  await saveLayersModel(models.probs, dir, 'classifier');
  await saveOptimizer(optimizer, dir);
  writeAtomic(path.join(dir, 'state.json'), JSON.stringify(state, null, 2));
}

/** Whether `dir` holds a whole classifier checkpoint. */
export function hasClassifierCheckpoint(dir: string): boolean {
  return ['state.json', 'classifier.json', 'optimizer.json'].every((f) => existsSync(path.join(dir, f)));
}

/** Loads a classifier checkpoint (and, when given, restores the optimizer state into it). */
export async function loadClassifierCheckpoint(dir: string, optimizer?: tf.Optimizer) {
  const state = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as ClassifierState;
  if (state.kind !== 'classifier') throw new Error(`the checkpoint in ${dir} is a ${String(state.kind)}, not a classifier`);
  const models = classifierFromProbs(await loadLayersModel(dir, 'classifier'));
  if (optimizer) await loadOptimizer(optimizer, dir);
  return { models, state };
}

async function startOrResume(opts: ClassifierTrainOptions, optimizer: tf.Optimizer, trainSamples: number, testSamples: number) {
  if (opts.resume && hasClassifierCheckpoint(opts.checkpointDir)) {
    const loaded = await loadClassifierCheckpoint(opts.checkpointDir, optimizer);
    opts.log(`resuming the classifier from epoch ${loaded.state.epochsDone} in ${opts.checkpointDir}`);
    return loaded;
  }
  const now = new Date().toISOString();
  const { batchSize, learningRate, seed, backend } = opts;
  const state: ClassifierState = {
    kind: 'classifier', backend, epochsDone: 0, batchSize, learningRate, trainSamples, testSamples, seed, history: [], startedAt: now, updatedAt: now,
  };
  return { models: buildClassifier(), state };
}

async function trainEpoch(opts: ClassifierTrainOptions, models: ClassifierModels, optimizer: tf.Optimizer, train: MnistSplit, epoch: number, samples: number) {
  // The same seed scheme as the autoencoders: a resumed epoch sees the same shuffle.
  const order = permutation(samples, opts.seed * 1000 + epoch);
  const vars = classifierVariables(models);
  const progress = opts.progress && createProgress(`classifier epoch ${epoch}/${opts.epochs}`, samples, opts.progress.write, opts.progress.tty);
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  const started = performance.now();
  for (let start = 0; start < samples; start += opts.batchSize) {
    const indices = order.subarray(start, Math.min(start + opts.batchSize, samples));
    const { x, y } = labelledBatch(train, indices);
    let hits: tf.Scalar | undefined;
    const cost = optimizer.minimize(() => {
      const logits = models.logits.apply(x, { training: true }) as tf.Tensor2D;
      hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32')) as tf.Scalar);
      return crossEntropy(logits, y);
    }, true, vars);
    tf.dispose([x, y]);
    const value = (await cost!.data())[0];
    correct += (await hits!.data())[0];
    tf.dispose([cost!, hits!]);
    if (!Number.isFinite(value)) throw new Error(`loss became ${value} at epoch ${epoch}, image ${start}`);
    lossSum += value * indices.length;
    seen += indices.length;
    progress?.update(seen, lossSum / seen);
  }
  progress?.finish();
  const seconds = (performance.now() - started) / 1000;
  return { trainLoss: lossSum / seen, trainAccuracy: correct / seen, seconds, imagesPerSecond: seen / seconds };
}

/**
 * Trains the digit classifier with Adam on shuffled mini-batches (cross-entropy from logits),
 * evaluating on the test set and checkpointing after every epoch, so a killed run resumes.
 */
export async function trainClassifier(opts: ClassifierTrainOptions, data: { train: MnistSplit; test: MnistSplit }) {
  const samples = Math.min(opts.sampleCap ?? data.train.count, data.train.count);
  const testSamples = Math.min(opts.testCap ?? data.test.count, data.test.count);
  const optimizer = tf.train.adam(opts.learningRate);
  const run = await startOrResume(opts, optimizer, samples, testSamples);
  for (let epoch = run.state.epochsDone + 1; epoch <= opts.epochs; epoch++) {
    const fit = await trainEpoch(opts, run.models, optimizer, data.train, epoch, samples);
    const test = await evaluateClassifier(run.models, data.test, testSamples);
    const record: ClassifierEpoch = { epoch, ...fit, testLoss: test.loss, testAccuracy: test.accuracy };
    run.state = { ...run.state, epochsDone: epoch, history: [...run.state.history, record], updatedAt: new Date().toISOString() };
    await saveClassifierCheckpoint(opts.checkpointDir, run.models, optimizer, run.state);
    opts.log(
      `classifier epoch ${epoch}: train ${fit.trainLoss.toFixed(4)} nats (${(100 * fit.trainAccuracy).toFixed(2)} %), ` +
        `test ${test.loss.toFixed(4)} nats, accuracy ${(100 * test.accuracy).toFixed(2)} % on ${testSamples} digits, ` +
        `${fit.imagesPerSecond.toFixed(1)} img/s, ${fit.seconds.toFixed(0)} s; checkpoint saved`,
    );
  }
  optimizer.dispose();
  return run;
}
