import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../shared/constants.js';
import type { ClassifyFn } from '../../server/classifier/classifyFrames.js';
import { topClasses } from '../../server/classifier/classifyFrames.js';
import { DIGIT_CLASSES, type ClassifierCard } from '../../server/models/classifierFiles.js';
import { CLASSIFIER_SUMMARY, type ClassifierModels } from '../training/classifier.js';
import { hasClassifierCheckpoint, loadClassifierCheckpoint, type ClassifierState } from '../training/classifierTrainer.js';
import { loadMnist, type MnistSplit } from '../../server/models/mnist.js';
import { createRng } from '../training/random.js';
import { createOnnxClassify } from '../figures/onnxClassify.js';
import { layersModelToOnnx } from './layersToOnnx.js';
import { DATASET, describeFiles, summarizeLayers } from './modelCard.js';
import { encodeOnnxModel, ONNX_IR_VERSION, ONNX_OPSET } from './onnxProto.js';
import { parityFailures, type ParityReport } from './parity.js';

const PARITY_RULE = 'max abs diff <= 1e-4 on the probabilities of the first 1,000 test digits and 200 seeded uniform-noise images';

/** classifier.onnx bytes: `image` [N,28,28] in [0,1] (1 = ink) -> `probs` [N,10] (softmax). */
export function classifierOnnxBytes(model: tf.LayersModel): Uint8Array {
  const graph = layersModelToOnnx(model, { input: { name: 'image', shape: [IMAGE_SIZE, IMAGE_SIZE] }, outputs: ['probs'] }, 'digit_classifier');
  return encodeOnnxModel(graph, { producerName: 'latent-playground', docString: 'MNIST digit classifier of the latent playground' });
}

/** Accuracy of `classify` on the first `count` digits of a split, overall and per true digit. */
export async function classifierAccuracy(classify: ClassifyFn, split: MnistSplit, count = split.count, batch = 1000) {
  const hits = new Array<number>(DIGIT_CLASSES).fill(0);
  const totals = new Array<number>(DIGIT_CLASSES).fill(0);
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    const { labels } = topClasses(await classify(split.images.subarray(start * IMAGE_PIXELS, end * IMAGE_PIXELS)));
    labels.forEach((predicted, i) => {
      const truth = split.labels[start + i];
      totals[truth]++;
      if (predicted === truth) hits[truth]++;
    });
  }
  return { accuracy: hits.reduce((a, b) => a + b, 0) / count, perDigit: hits.map((h, d) => h / Math.max(1, totals[d])) };
}

/** Test digits and seeded noise, as floats in [0, 1]: parity must hold off the data too. */
function parityInputs(test: MnistSplit): { images: Float32Array; count: number } {
  const digits = 1000;
  const noise = 200;
  const images = new Float32Array((digits + noise) * IMAGE_PIXELS);
  for (let i = 0; i < digits * IMAGE_PIXELS; i++) images[i] = test.images[i] / 255;
  const rng = createRng(7);
  for (let i = digits * IMAGE_PIXELS; i < images.length; i++) images[i] = rng();
  return { images, count: digits + noise };
}

/** Runs tfjs and onnxruntime on the same images and reports how far their probabilities are apart. */
export async function measureClassifierParity(model: tf.LayersModel, onnxFile: string, test: MnistSplit): Promise<ParityReport> {
  const { images, count } = parityInputs(test);
  const session = await ort.InferenceSession.create(onnxFile);
  try {
    const onnx = (await session.run({ image: new ort.Tensor('float32', images, [count, IMAGE_SIZE, IMAGE_SIZE]) })).probs.data as Float32Array;
    const x = tf.tensor4d(images, [count, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const out = model.predict(x, { batchSize: 250 }) as tf.Tensor;
    const ref = (await out.data()) as Float32Array;
    tf.dispose([x, out]);
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < ref.length; i++) {
      // A NaN on either side must never pass as "equal".
      diff = Number.isNaN(ref[i]) || Number.isNaN(onnx[i]) ? Number.NaN : Math.max(diff, Math.abs(ref[i] - onnx[i]));
      if (Number.isNaN(diff)) break;
      scale = Math.max(scale, Math.abs(ref[i]));
    }
    return { maxAbsDiff: { probs: diff }, scale: { probs: scale } };
  } finally {
    await session.release();
  }
}

function buildCard(models: ClassifierModels, state: ClassifierState, measured: Pick<ClassifierCard, 'accuracy' | 'files'> & { parity: ParityReport }): ClassifierCard {
  const tfjsAccuracy = state.history.at(-1)?.testAccuracy;
  if (tfjsAccuracy === undefined) throw new Error('the classifier checkpoint has no finished epoch to describe');
  return {
    kind: 'classifier',
    title: 'Convolutional MNIST digit classifier',
    architecture: { summary: CLASSIFIER_SUMMARY, layers: summarizeLayers(models.probs), parameters: models.probs.countParams() },
    dataset: DATASET,
    training: {
      epochs: state.epochsDone, batchSize: state.batchSize, learningRate: state.learningRate, optimizer: 'Adam',
      loss: 'cross-entropy of the softmax, from logits, mean over digits (nats)',
      backend: `tfjs ${state.backend}`, trainSamples: state.trainSamples, seed: state.seed,
      // Time in the training loops; per-epoch test evaluation and checkpointing are not counted.
      totalSeconds: Math.round(state.history.reduce((s, r) => s + r.seconds, 0)),
      startedAt: state.startedAt, finishedAt: state.updatedAt,
    },
    accuracy: measured.accuracy,
    history: state.history,
    onnx: { irVersion: ONNX_IR_VERSION, opset: ONNX_OPSET, parity: { ...measured.parity, tolerance: PARITY_RULE } },
    exportedAt: new Date().toISOString(),
    files: measured.files,
  };
}

/**
 * Turns a classifier checkpoint into the shipped folder: classifier.onnx and card.json, after
 * proving that the ONNX file computes what tfjs computes and measuring its test-set accuracy.
 */
export async function exportClassifierFolder({ checkpointDir, outDir, log = () => {} }: { checkpointDir: string; outDir: string; log?: (line: string) => void }) {
  if (!hasClassifierCheckpoint(checkpointDir)) throw new Error(`no classifier checkpoint in ${checkpointDir}: train first with npm run train -- --model classifier`);
  const { models, state } = await loadClassifierCheckpoint(checkpointDir);
  log(`loaded the classifier checkpoint (${state.epochsDone} epochs) from ${checkpointDir}`);
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'classifier.onnx');
  writeFileSync(file, classifierOnnxBytes(models.probs));
  const test = loadMnist('test');
  const parity = await measureClassifierParity(models.probs, file, test);
  log(`parity tfjs vs onnxruntime: max abs diff ${parity.maxAbsDiff.probs} on the probabilities`);
  const failures = parityFailures(parity);
  if (failures.length > 0) throw new Error(`classifier.onnx does not compute what tfjs computes: ${failures.join('; ')}`);
  const { classify, release } = await createOnnxClassify(file);
  const measured = await classifierAccuracy(classify, test).finally(release);
  const accuracy = { testDigits: test.count, onnx: measured.accuracy, tfjs: state.history.at(-1)?.testAccuracy ?? Number.NaN, perDigit: measured.perDigit };
  log(`test accuracy of classifier.onnx: ${(100 * measured.accuracy).toFixed(2)} % of ${test.count} digits`);
  const card = buildCard(models, state, { accuracy, parity, files: describeFiles(outDir, ['classifier.onnx']) });
  writeFileSync(path.join(outDir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  models.probs.dispose();
  return card;
}

