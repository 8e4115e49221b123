import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import path from 'node:path';
import { IMAGE_SIZE, LATENT_DIM } from '../../shared/constants.js';
import type { AutoencoderModels } from '../training/architecture.js';
import { gatherImages, loadMnist } from '../../server/models/mnist.js';
import { createRng } from '../training/random.js';

/** Per ONNX output (image, z_mean and, for the VAE, z_log_var). */
export type PerOutput = Record<string, number>;

/** How far onnxruntime is from tfjs on the same inputs. */
export interface ParityReport {
  /** Largest absolute difference per output. */
  maxAbsDiff: PerOutput;
  /** Largest |value| tfjs gave per output: float32 rounding grows with it. */
  scale: PerOutput;
}

/**
 * The allowed difference: 1e-4 absolute for outputs within [-1, 1] (the images, a VAE's codes),
 * 1e-4 relative beyond. An AE's codes are unbounded (tens after training), and two float32
 * engines that sum a 3136-term dot product in different orders differ by a few ulps of its terms.
 */
export function parityTolerance(scale: number): number {
  return 1e-4 * Math.max(1, scale);
}

/** The outputs whose difference exceeds `parityTolerance`, as readable lines (empty when all agree). */
export function parityFailures(report: ParityReport): string[] {
  return Object.entries(report.maxAbsDiff)
    .filter(([name, diff]) => !(diff <= parityTolerance(report.scale[name])))
    .map(([name, diff]) => `${name}: max abs diff ${diff} > ${parityTolerance(report.scale[name])} (output scale ${report.scale[name]})`);
}

function maxAbs(a: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

export interface ParityOptions {
  /** Random latent points in [-zRange, zRange]^2 fed to both decoders. */
  zCount?: number;
  zRange?: number;
  /** The first `imageCount` MNIST test digits fed to both encoders. */
  imageCount?: number;
  seed?: number;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`output sizes differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  // A NaN on either side must never pass as "equal".
  for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i]) || Number.isNaN(b[i])) return Number.NaN;
  return max;
}

async function runTfjs(model: tf.LayersModel, input: Float32Array, shape: number[]): Promise<Float32Array[]> {
  const x = tf.tensor(input, shape);
  const out = model.predict(x, { batchSize: 250 });
  x.dispose();
  const list = Array.isArray(out) ? out : [out];
  const data = await Promise.all(list.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(list);
  return data;
}

/**
 * Runs the tfjs models and the ONNX files in `dir` on the same inputs and reports how far apart
 * they are: the proof that the exported files compute what was trained.
 */
export async function measureParity(models: AutoencoderModels, dir: string, opts: ParityOptions = {}): Promise<ParityReport> {
  const { zCount = 1000, zRange = 6, imageCount = 1000, seed = 1 } = opts;
  const rng = createRng(seed);
  const z = Float32Array.from({ length: zCount * LATENT_DIM }, () => (rng() * 2 - 1) * zRange);
  const test = loadMnist('test');
  const images = gatherImages(test, Array.from({ length: Math.min(imageCount, test.count) }, (_, i) => i));
  const n = images.length / (IMAGE_SIZE * IMAGE_SIZE);

  const decoder = await ort.InferenceSession.create(path.join(dir, 'decoder.onnx'));
  const encoder = await ort.InferenceSession.create(path.join(dir, 'encoder.onnx'));
  try {
    const decoded = await decoder.run({ z: new ort.Tensor('float32', z, [zCount, LATENT_DIM]) });
    const encoded = await encoder.run({ image: new ort.Tensor('float32', images, [n, IMAGE_SIZE, IMAGE_SIZE]) });
    const [tfImage] = await runTfjs(models.decoder, z, [zCount, LATENT_DIM]);
    const tfCodes = await runTfjs(models.encoder, images, [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const pairs: [string, Float32Array, Float32Array][] = [
      ['image', tfImage, decoded.image.data as Float32Array],
      ['z_mean', tfCodes[0], encoded.z_mean.data as Float32Array],
    ];
    if (models.kind === 'vae') pairs.push(['z_log_var', tfCodes[1], encoded.z_log_var.data as Float32Array]);
    return {
      maxAbsDiff: Object.fromEntries(pairs.map(([name, ref, onnx]) => [name, maxAbsDiff(ref, onnx)])),
      scale: Object.fromEntries(pairs.map(([name, ref]) => [name, maxAbs(ref)])),
    };
  } finally {
    await decoder.release();
    await encoder.release();
  }
}
