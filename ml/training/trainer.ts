import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, type ModelKind } from '../../shared/constants.js';
import { buildAutoencoder, trainableVariables, type AutoencoderModels } from './architecture.js';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, type EpochRecord, type TrainingState } from './checkpoint.js';
import { computeLoss } from './loss.js';
import { gatherImages, type MnistSplit } from '../../server/models/mnist.js';
import { createProgress } from './progress.js';
import { permutation } from './random.js';
import { createTimelineRecorder, snapshotSteps, type TimelineRecorder } from './timeline.js';

export interface TrainOptions {
  kind: ModelKind;
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
  /** Where the training timeline goes (snapshots at log-spaced steps); undefined = none. */
  timelineDir?: string;
  /** Test digits per timeline snapshot (default 2,000). */
  timelineDigits?: number;
  progress?: { write: (s: string) => void; tty: boolean };
}

export interface TrainResult {
  models: AutoencoderModels;
  state: TrainingState;
}

function toBatch(split: MnistSplit, indices: ArrayLike<number>): tf.Tensor4D {
  return tf.tensor4d(gatherImages(split, indices), [indices.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
}

/** Mean test loss parts in nats per digit, evaluated in batches without gradients. */
export async function evaluate(models: AutoencoderModels, test: MnistSplit, count = test.count, batch = 500) {
  let total = 0;
  let reconstruction = 0;
  let kl = 0;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const indices = Array.from({ length: n }, (_, i) => start + i);
    const parts = tf.tidy(() => {
      const p = computeLoss(models, toBatch(test, indices), false);
      return [p.total, p.reconstruction, p.kl].map((t) => t.mul(n));
    });
    const [t, r, k] = await Promise.all(parts.map((p) => p.data()));
    tf.dispose(parts);
    total += t[0];
    reconstruction += r[0];
    kl += k[0];
  }
  return { total: total / count, reconstruction: reconstruction / count, kl: kl / count };
}

async function startOrResume(opts: TrainOptions, optimizer: tf.Optimizer, trainSamples: number): Promise<TrainResult> {
  if (opts.resume && hasCheckpoint(opts.checkpointDir)) {
    const loaded = await loadCheckpoint(opts.checkpointDir, optimizer);
    if (loaded.state.kind !== opts.kind) {
      throw new Error(`checkpoint in ${opts.checkpointDir} is a ${loaded.state.kind}, not a ${opts.kind}`);
    }
    opts.log(`resuming ${opts.kind} from epoch ${loaded.state.epochsDone} in ${opts.checkpointDir}`);
    return loaded;
  }
  const now = new Date().toISOString();
  const state: TrainingState = {
    kind: opts.kind,
    backend: opts.backend,
    epochsDone: 0,
    batchSize: opts.batchSize,
    learningRate: opts.learningRate,
    trainSamples,
    seed: opts.seed,
    history: [],
    startedAt: now,
    updatedAt: now,
  };
  return { models: buildAutoencoder(opts.kind), state };
}

/** The timeline's schedule and the training loss since its last snapshot. */
interface TimelineRun {
  recorder: TimelineRecorder;
  steps: Set<number>;
  lossSum: number;
  lossCount: number;
}

async function maybeSnapshot(opts: TrainOptions, run: TrainResult, timeline: TimelineRun | undefined, step: number): Promise<void> {
  if (!timeline || !timeline.steps.has(step) || timeline.recorder.has(step)) return;
  const trainLoss = timeline.lossSum / Math.max(1, timeline.lossCount);
  const snap = await timeline.recorder.snapshot(run.models, step, trainLoss);
  timeline.lossSum = 0;
  timeline.lossCount = 0;
  opts.log(`${opts.kind} timeline snapshot at step ${step} (epoch ${snap.epoch}): test ${snap.testLoss.toFixed(2)} nats/digit`);
}

async function trainEpoch(
  opts: TrainOptions,
  run: TrainResult,
  optimizer: tf.Optimizer,
  data: { train: MnistSplit; test: MnistSplit },
  epoch: number,
  samples: number,
  timeline?: TimelineRun,
) {
  const order = permutation(samples, opts.seed * 1000 + epoch);
  const vars = trainableVariables(run.models);
  const progress = opts.progress && createProgress(`${opts.kind} epoch ${epoch}/${opts.epochs}`, samples, opts.progress.write, opts.progress.tty);
  const stepsPerEpoch = Math.ceil(samples / opts.batchSize);
  let lossSum = 0;
  let seen = 0;
  let snapshotSeconds = 0;
  const started = performance.now();
  for (let start = 0; start < samples; start += opts.batchSize) {
    const indices = order.subarray(start, Math.min(start + opts.batchSize, samples));
    const x = toBatch(data.train, indices);
    const cost = optimizer.minimize(() => computeLoss(run.models, x, true).total, true, vars);
    x.dispose();
    const value = (await cost!.data())[0];
    cost!.dispose();
    if (!Number.isFinite(value)) throw new Error(`loss became ${value} at epoch ${epoch}, image ${start}`);
    lossSum += value * indices.length;
    seen += indices.length;
    if (timeline) {
      timeline.lossSum += value;
      timeline.lossCount++;
      const snapStart = performance.now();
      await maybeSnapshot(opts, run, timeline, (epoch - 1) * stepsPerEpoch + start / opts.batchSize + 1);
      snapshotSeconds += (performance.now() - snapStart) / 1000;
    }
    progress?.update(seen, lossSum / seen);
  }
  progress?.finish();
  // Snapshot time is not training time: keep images/s comparable with runs that record none.
  const seconds = (performance.now() - started) / 1000 - snapshotSeconds;
  return { trainLoss: lossSum / seen, seconds, imagesPerSecond: seen / seconds };
}

async function startTimeline(opts: TrainOptions, run: TrainResult, data: { train: MnistSplit; test: MnistSplit }, samples: number) {
  if (!opts.timelineDir) return undefined;
  const recorder = createTimelineRecorder({
    dir: opts.timelineDir,
    kind: opts.kind,
    test: data.test,
    trainSamples: samples,
    batchSize: opts.batchSize,
    testDigits: opts.timelineDigits,
  });
  const timeline: TimelineRun = { recorder, steps: new Set(snapshotSteps(recorder.stepsPerEpoch, opts.epochs)), lossSum: 0, lossCount: 0 };
  recorder.resumeAt(run.state.epochsDone * recorder.stepsPerEpoch);
  if (run.state.epochsDone === 0 && !recorder.has(0)) {
    // Before any update there is no running training loss: use the first batch's.
    const first = permutation(samples, opts.seed * 1000 + 1).subarray(0, opts.batchSize);
    const loss = tf.tidy(() => computeLoss(run.models, toBatch(data.train, first), false).total);
    timeline.lossSum = (await loss.data())[0];
    timeline.lossCount = 1;
    loss.dispose();
    await maybeSnapshot(opts, run, timeline, 0);
  }
  return timeline;
}

/**
 * Trains the article's AE or VAE with a loop of shuffled mini-batches (the whole-tensor
 * `model.fit` is far slower on wasm), evaluating on the test set and checkpointing every epoch.
 */
export async function train(opts: TrainOptions, data: { train: MnistSplit; test: MnistSplit }): Promise<TrainResult> {
  const samples = Math.min(opts.sampleCap ?? data.train.count, data.train.count);
  const optimizer = tf.train.adam(opts.learningRate);
  const run = await startOrResume(opts, optimizer, samples);
  const timeline = await startTimeline(opts, run, data, samples);
  for (let epoch = run.state.epochsDone + 1; epoch <= opts.epochs; epoch++) {
    const fit = await trainEpoch(opts, run, optimizer, data, epoch, samples, timeline);
    const test = await evaluate(run.models, data.test, Math.min(opts.testCap ?? data.test.count, data.test.count));
    const record: EpochRecord = {
      epoch,
      trainLoss: fit.trainLoss,
      testLoss: test.total,
      testReconstruction: test.reconstruction,
      testKl: test.kl,
      seconds: fit.seconds,
      imagesPerSecond: fit.imagesPerSecond,
    };
    run.state = { ...run.state, epochsDone: epoch, history: [...run.state.history, record], updatedAt: new Date().toISOString() };
    await saveCheckpoint(opts.checkpointDir, run.models, optimizer, run.state);
    opts.log(
      `${opts.kind} epoch ${epoch}: train ${fit.trainLoss.toFixed(2)} test ${test.total.toFixed(2)} ` +
        `(bce ${test.reconstruction.toFixed(2)}, kl ${test.kl.toFixed(2)}) nats/digit, ` +
        `${fit.imagesPerSecond.toFixed(1)} img/s, ${fit.seconds.toFixed(0)} s; checkpoint saved`,
    );
  }
  optimizer.dispose();
  return run;
}
