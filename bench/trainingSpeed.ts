import * as tf from '@tensorflow/tfjs';
import { buildAutoencoder, trainableVariables } from '../server/training/architecture.js';
import { initBackend } from '../server/training/backend.js';
import { computeLoss } from '../server/training/loss.js';
import { gatherImages, loadMnist } from '../server/training/mnist.js';
import { permutation } from '../server/training/random.js';

export interface TrainingSpeedResult {
  backend: string;
  model: string;
  images: number;
  batchSize: number;
  imagesPerSecond: number;
  goal: number;
}

/**
 * Training throughput of the article's conv AE on real MNIST: the same step as `npm run train`
 * (Adam on a shuffled 128-image batch), timed after two warm-up steps.
 */
export async function benchTrainingSpeed(images: number, batchSize = 128): Promise<TrainingSpeedResult> {
  const backend = await initBackend('wasm');
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
  return { backend, model: 'ae', images: steps * batchSize, batchSize, imagesPerSecond: (steps * batchSize) / seconds, goal: 50 };
}
