import * as tf from '@tensorflow/tfjs';
import { MODEL_KINDS, type ModelKind } from '../shared/constants.js';
import { defaultModelsDir, loadModelCard } from '../server/models/modelFiles.js';
import { buildAutoencoder, trainableVariables } from '../ml/training/architecture.js';
import { chooseBackend } from '../ml/training/backend.js';
import { computeLoss } from '../ml/training/loss.js';
import { gatherImages, loadMnist } from '../server/models/mnist.js';
import { permutation } from '../ml/training/random.js';

export interface TrainingSpeedResult {
  backend: string;
  /** Why that backend: tfjs-node found, or why not (the same choice `npm run train` makes); absent in results recorded before it was. */
  backendReason?: string;
  model: string;
  images: number;
  batchSize: number;
  imagesPerSecond: number;
  /** This benchmark's goal (a few hundred images), and the models issue's goal for a full training run. */
  goals: { fewHundredImages: number; fullTraining: number };
  /** What the shipped models' cards recorded for their full training runs (null when a card is missing). */
  shipped: Partial<Record<ModelKind, { epochs: number; imagesPerSecond: number; backend: string; totalSeconds: number } | null>>;
}

/** The epoch-averaged training speed each shipped card recorded. */
function shippedTraining(modelsDir: string): TrainingSpeedResult['shipped'] {
  const out: TrainingSpeedResult['shipped'] = {};
  for (const kind of MODEL_KINDS) {
    try {
      const card = loadModelCard(modelsDir, kind);
      const images = card.training.trainSamples * card.history.length;
      const seconds = card.history.reduce((a, h) => a + h.seconds, 0);
      out[kind] = { epochs: card.history.length, imagesPerSecond: Math.round(images / seconds), backend: card.training.backend, totalSeconds: Math.round(card.training.totalSeconds) };
    } catch {
      out[kind] = null;
    }
  }
  return out;
}

/**
 * Training throughput of the article's conv AE on real MNIST: the same step as `npm run train`
 * (Adam on a shuffled 128-image batch) on the backend it would choose, timed after two warm-up steps.
 */
export async function benchTrainingSpeed(images: number, batchSize = 128, modelsDir = defaultModelsDir()): Promise<TrainingSpeedResult> {
  const { name: backend, reason: backendReason } = await chooseBackend();
  const train = loadMnist('train');
  const models = buildAutoencoder('ae');
  const vars = trainableVariables(models);
  const optimizer = tf.train.adam(1e-3);
  const order = permutation(train.count, 42);
  const step = async (start: number) => {
    const idx = order.subarray(start, start + batchSize);
    const x = tf.tensor4d(gatherImages(train, idx), [idx.length, 28, 28, 1]);
    const cost = optimizer.minimize(() => computeLoss(models, x, true).total, true, vars)!;
    await cost.data();
    tf.dispose([x, cost]);
  };
  await step(0);
  await step(batchSize);
  const steps = Math.max(1, Math.round(images / batchSize));
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) await step((s + 2) * batchSize);
  const seconds = (performance.now() - t0) / 1000;
  optimizer.dispose();
  models.encoder.dispose();
  models.decoder.dispose();
  return { backend, backendReason, model: 'ae', images: steps * batchSize, batchSize, imagesPerSecond: (steps * batchSize) / seconds,
    goals: { fewHundredImages: 50, fullTraining: 90 }, shipped: shippedTraining(modelsDir) };
}
