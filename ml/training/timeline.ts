import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IMAGE_SIZE, LATENT_DIM, type ModelKind } from '../../shared/constants.js';
import type { TimelineFile, TimelineSnapshot } from '../../server/models/timelineFiles.js';
import { embeddingJson } from '../export/embedding.js';
import { decoderOnnxBytes } from '../export/exportOnnx.js';
import type { AutoencoderModels } from './architecture.js';
import { computeLoss } from './loss.js';
import { gatherImages, type MnistSplit } from '../../server/models/mnist.js';

/** Test digits in every snapshot's embedding and test loss: the first N of the MNIST test set. */
export const TIMELINE_TEST_DIGITS = 2000;

/**
 * Steps (optimizer updates) at which training saves a snapshot: step 0 (untrained), then
 * log-spaced (1, 2, 3, 5 and 7 per decade), where the plane changes fastest, and every epoch's end.
 */
export function snapshotSteps(stepsPerEpoch: number, epochs: number): number[] {
  const total = stepsPerEpoch * epochs;
  const steps = new Set<number>([0]);
  for (let decade = 1; decade <= total; decade *= 10) {
    for (const m of [1, 2, 3, 5, 7]) {
      const s = Math.round(m * decade);
      if (s <= total) steps.add(s);
    }
  }
  for (let e = 1; e <= epochs; e++) steps.add(e * stepsPerEpoch);
  return [...steps].sort((a, b) => a - b);
}

export function snapshotFileNames(step: number): { decoder: string; embedding: string } {
  const id = String(step).padStart(6, '0');
  return { decoder: `decoder-${id}.onnx`, embedding: `embedding-${id}.json` };
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

export interface TimelineRecorderOptions {
  dir: string;
  kind: ModelKind;
  test: MnistSplit;
  /** Training digits per epoch: turns steps into images seen and fractional epochs. */
  trainSamples: number;
  batchSize: number;
  testDigits?: number;
}

/**
 * Records the training timeline into `dir`: per snapshot the decoder as ONNX (the exporter's own
 * bytes) and the embedding of the same test digits, with losses, listed in `timeline.json`.
 * The list is rewritten atomically after each snapshot, so a killed run leaves a whole timeline.
 */
export function createTimelineRecorder(opts: TimelineRecorderOptions) {
  const testDigits = Math.min(opts.testDigits ?? TIMELINE_TEST_DIGITS, opts.test.count);
  const indices = Array.from({ length: testDigits }, (_, i) => i);
  const stepsPerEpoch = Math.ceil(opts.trainSamples / opts.batchSize);
  const indexFile = path.join(opts.dir, 'timeline.json');
  let file: TimelineFile = {
    kind: opts.kind,
    testDigits,
    testDigitsNote: `the first ${testDigits} digits of the MNIST test set, in order`,
    stepsPerEpoch,
    snapshots: [],
  };

  function imagesSeen(step: number): number {
    const epochs = Math.floor(step / stepsPerEpoch);
    const within = step - epochs * stepsPerEpoch;
    return epochs * opts.trainSamples + Math.min(within * opts.batchSize, opts.trainSamples);
  }

  async function encodeTestDigits(models: AutoencoderModels): Promise<Float32Array> {
    const z = new Float32Array(testDigits * LATENT_DIM);
    for (let start = 0; start < testDigits; start += 500) {
      const n = Math.min(500, testDigits - start);
      const zMean = tf.tidy(() => {
        const x = tf.tensor4d(gatherImages(opts.test, indices.slice(start, start + n)), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
        const out = models.encoder.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
        return Array.isArray(out) ? out[0] : out;
      });
      z.set(await zMean.data(), start * LATENT_DIM);
      zMean.dispose();
    }
    return z;
  }

  async function testLoss(models: AutoencoderModels): Promise<number> {
    let sum = 0;
    for (let start = 0; start < testDigits; start += 500) {
      const n = Math.min(500, testDigits - start);
      const total = tf.tidy(() => {
        const x = tf.tensor4d(gatherImages(opts.test, indices.slice(start, start + n)), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
        return computeLoss(models, x, false).total;
      });
      sum += (await total.data())[0] * n;
      total.dispose();
    }
    return sum / testDigits;
  }

  return {
    stepsPerEpoch,
    /** Loads the timeline of a resumed run and forgets snapshots past `step` (they are retaken). */
    resumeAt(step: number): void {
      if (!existsSync(indexFile)) return;
      const loaded = JSON.parse(readFileSync(indexFile, 'utf8')) as TimelineFile;
      file = { ...loaded, snapshots: loaded.snapshots.filter((s) => s.step <= step) };
    },
    has(step: number): boolean {
      return file.snapshots.some((s) => s.step === step);
    },
    async snapshot(models: AutoencoderModels, step: number, trainLoss: number): Promise<TimelineSnapshot> {
      mkdirSync(opts.dir, { recursive: true });
      const names = snapshotFileNames(step);
      writeAtomic(path.join(opts.dir, names.decoder), decoderOnnxBytes(models));
      const z = await encodeTestDigits(models);
      if (z.some((v) => !Number.isFinite(v))) throw new Error(`snapshot at step ${step} encoded a digit to a non-finite z`);
      writeAtomic(path.join(opts.dir, names.embedding), embeddingJson({ count: testDigits, z, labels: opts.test.labels.slice(0, testDigits) }));
      const seen = imagesSeen(step);
      const snap: TimelineSnapshot = {
        step,
        epoch: Math.round((seen / opts.trainSamples) * 1000) / 1000,
        imagesSeen: seen,
        trainLoss: Math.round(trainLoss * 100) / 100,
        testLoss: Math.round((await testLoss(models)) * 100) / 100,
        decoder: names.decoder,
        embedding: names.embedding,
      };
      file = { ...file, snapshots: [...file.snapshots.filter((s) => s.step !== step), snap].sort((a, b) => a.step - b.step) };
      writeAtomic(indexFile, JSON.stringify(file, null, 2) + '\n');
      return snap;
    },
  };
}

export type TimelineRecorder = ReturnType<typeof createTimelineRecorder>;
