/**
 * The regions map: the classifier's verdict on the decoded digit at every cell of a grid over the
 * latent plane. Where it is sure, the decoder draws a clear digit; where it hesitates, a blend.
 */
import { IMAGE_PIXELS, LATENT_DIM } from '../../shared/constants.js';
import type { ClassifyFn } from '../classifier/classifyFrames.js';
import { topClasses } from '../classifier/classifyFrames.js';
import { manifoldGrid, type DecodeFn } from '../images/renderManifold.js';
import { DIGIT_CLASSES } from './classifierFiles.js';

/** An n x n grid over [xMin, xMax] x [yMin, yMax]; cell centres as in the manifold (linspace, ends included). */
export interface RegionsView {
  n: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** What the map is made from: a model's decoder and the digit classifier. */
export interface RegionsSource {
  decode: DecodeFn;
  classify: ClassifyFn;
}

/** Per cell, row-major from the top-left (+y at the top, as the manifold): the digit and its probability. */
export interface RegionsMap extends RegionsView {
  labels: Uint8Array;
  confidence: Float32Array;
}

/**
 * Decodes and classifies the grid `chunk` cells at a time (128: ~40 ms of a decoder worker): a
 * shared worker then serves other calls (the rooms' ticks) between the chunks instead of waiting
 * for the whole grid.
 */
export async function computeRegions(source: RegionsSource, view: RegionsView, chunk = 128): Promise<RegionsMap> {
  const z = manifoldGrid(view);
  const cells = view.n * view.n;
  const labels = new Uint8Array(cells);
  const confidence = new Float32Array(cells);
  for (let start = 0; start < cells; start += chunk) {
    const end = Math.min(cells, start + chunk);
    const frames = await source.decode(z.subarray(LATENT_DIM * start, LATENT_DIM * end));
    if (frames.length !== (end - start) * IMAGE_PIXELS) throw new Error(`decode returned ${frames.length} bytes for ${end - start} digits`);
    const probs = await source.classify(frames);
    if (probs.length !== (end - start) * DIGIT_CLASSES) throw new Error(`classify returned ${probs.length} values for ${end - start} digits`);
    const top = topClasses(probs);
    labels.set(top.labels, start);
    confidence.set(top.confidence, start);
  }
  return { ...view, labels, confidence };
}
