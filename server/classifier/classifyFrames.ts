import { IMAGE_PIXELS } from '../../shared/constants.js';
import { DIGIT_CLASSES } from '../models/classifierFiles.js';

/**
 * Classifies N decoded digits: N*784 bytes (0-255, row-major 28x28, as the decoder gives them)
 * -> N*10 probabilities (each row sums to 1).
 */
export type ClassifyFn = (frames: Uint8Array) => Promise<Float32Array>;

/** Throws a clear error unless `frames` holds whole 28x28 digits, at most `maxImages` of them. */
export function checkFrames(frames: unknown, maxImages: number): asserts frames is Uint8Array {
  if (!(frames instanceof Uint8Array)) throw new TypeError('classify: frames must be a Uint8Array of 28x28 digits');
  if (frames.length % IMAGE_PIXELS !== 0) throw new RangeError(`classify: ${frames.length} bytes is not a whole number of 28x28 digits`);
  if (frames.length / IMAGE_PIXELS > maxImages) {
    throw new RangeError(`classify: ${frames.length / IMAGE_PIXELS} digits in one call, at most ${maxImages} allowed`);
  }
}

/** Bytes 0-255 -> the classifier's input scale, floats in [0, 1] (MNIST / 255, as in training). */
export function framesToInput(frames: Uint8Array): Float32Array {
  const out = new Float32Array(frames.length);
  for (let i = 0; i < frames.length; i++) out[i] = frames[i] / 255;
  return out;
}

/** The most probable digit of each row and its probability. */
export function topClasses(probs: Float32Array): { labels: Uint8Array; confidence: Float32Array } {
  const n = probs.length / DIGIT_CLASSES;
  const labels = new Uint8Array(n);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < DIGIT_CLASSES; c++) if (probs[i * DIGIT_CLASSES + c] > probs[i * DIGIT_CLASSES + best]) best = c;
    labels[i] = best;
    confidence[i] = probs[i * DIGIT_CLASSES + best];
  }
  return { labels, confidence };
}
