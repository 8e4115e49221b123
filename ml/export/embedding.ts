import * as ort from 'onnxruntime-node';
import { IMAGE_SIZE, LATENT_DIM } from '../../shared/constants.js';
import type { Embedding } from '../../server/models/modelFiles.js';
import { gatherImages, type MnistSplit } from '../../server/models/mnist.js';

/** Encodes every digit of `split` with the exported encoder: z_mean per digit, with its label. */
export async function encodeSplit(encoderFile: string, split: MnistSplit, batch = 1000): Promise<Embedding> {
  const session = await ort.InferenceSession.create(encoderFile, { intraOpNumThreads: 1 });
  const z = new Float32Array(split.count * LATENT_DIM);
  try {
    for (let start = 0; start < split.count; start += batch) {
      const n = Math.min(batch, split.count - start);
      const images = gatherImages(split, Array.from({ length: n }, (_, i) => start + i));
      const out = await session.run({ image: new ort.Tensor('float32', images, [n, IMAGE_SIZE, IMAGE_SIZE]) });
      z.set(out.z_mean.data as Float32Array, start * LATENT_DIM);
    }
  } finally {
    await session.release();
  }
  if (z.some((v) => !Number.isFinite(v))) throw new Error(`${encoderFile} encoded a digit to a non-finite z`);
  return { count: split.count, z, labels: Uint8Array.from(split.labels) };
}

/** Rounds to 4 decimals: far below a pixel on any plot of the plane, and it keeps the JSON small. */
function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/** The `embedding.json` text: `{"count", "z": [x0, y0, x1, y1, ...], "labels": [...]}`. */
export function embeddingJson(e: Embedding): string {
  return JSON.stringify({ count: e.count, z: Array.from(e.z, round4), labels: Array.from(e.labels) });
}

/** The bounding box of the embedding, rounded like the file. */
export function latentBounds(e: Embedding): { min: [number, number]; max: [number, number] } {
  const min: [number, number] = [Infinity, Infinity];
  const max: [number, number] = [-Infinity, -Infinity];
  for (let i = 0; i < e.count; i++) {
    for (let d = 0; d < LATENT_DIM; d++) {
      const v = round4(e.z[i * LATENT_DIM + d]);
      min[d] = Math.min(min[d], v);
      max[d] = Math.max(max[d], v);
    }
  }
  return { min, max };
}
