import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as Gifenc from 'gifenc';
import { createRequire } from 'node:module';
import type { Embedding } from '../../server/models/modelFiles.js';
import type { TimelineFile, TimelineSnapshot } from '../../server/models/timelineFiles.js';
import { drawScatter } from './renderScatter.js';

const { GIFEncoder, quantize, applyPalette } = createRequire(import.meta.url)('gifenc') as typeof Gifenc;

export interface TimelineGifOptions {
  /** In-between frames from one snapshot to the next (the digits glide from old code to new). */
  tween?: number;
  width?: number;
  height?: number;
  /** Time per frame, and the extra hold on each snapshot and on the last one. */
  frameMs?: number;
  holdMs?: number;
  endHoldMs?: number;
  title: string;
}

/** A timeline as its snapshots' embeddings, read from `dir` (the folder holding timeline.json). */
export function loadTimelineEmbeddings(dir: string): { file: TimelineFile; embeddings: Embedding[] } {
  const file = JSON.parse(readFileSync(path.join(dir, 'timeline.json'), 'utf8')) as TimelineFile;
  const embeddings = file.snapshots.map((s) => {
    const raw = JSON.parse(readFileSync(path.join(dir, s.embedding), 'utf8')) as { count: number; z: number[]; labels: number[] };
    return { count: raw.count, z: Float32Array.from(raw.z), labels: Uint8Array.from(raw.labels) };
  });
  return { file, embeddings };
}

function lerpEmbedding(a: Embedding, b: Embedding, t: number): Embedding {
  const z = new Float32Array(a.z.length);
  for (let i = 0; i < z.length; i++) z[i] = a.z[i] + (b.z[i] - a.z[i]) * t;
  return { count: a.count, z, labels: a.labels };
}

/** Axes that hold the whole final plane, symmetric-ish around it with a margin, fixed for every frame. */
function fixedRanges(last: Embedding): { xRange: [number, number]; yRange: [number, number] } {
  const range = (offset: number): [number, number] => {
    let min = Infinity;
    let max = -Infinity;
    for (let i = offset; i < last.z.length; i += 2) {
      min = Math.min(min, last.z[i]);
      max = Math.max(max, last.z[i]);
    }
    const pad = (max - min) * 0.08;
    return [min - pad, max + pad];
  };
  return { xRange: range(0), yRange: range(1) };
}

function caption(s: TimelineSnapshot): string {
  const epoch = s.epoch < 1 ? s.epoch.toFixed(3) : s.epoch.toFixed(s.epoch % 1 === 0 ? 0 : 2);
  return `step ${s.step}, epoch ${epoch}, ${s.imagesSeen.toLocaleString('en-US')} images, test loss ${s.testLoss.toFixed(1)}`;
}

/**
 * The scatter of the timeline's test digits forming over training, as an animated GIF: each
 * snapshot held, with every digit gliding from its old code to its new one in between. The axes
 * stay those of the trained plane, so the early planes show how small and mixed they start.
 */
export function renderTimelineGif(file: TimelineFile, embeddings: Embedding[], opts: TimelineGifOptions): Uint8Array {
  const { tween = 4, width = 480, height = 420, frameMs = 60, holdMs = 300, endHoldMs = 2500 } = opts;
  const ranges = fixedRanges(embeddings[embeddings.length - 1]);
  const encoder = GIFEncoder();
  let palette: number[][] | undefined;
  const frame = (e: Embedding, title: string, delay: number) => {
    const canvas = drawScatter(e, { width, height, ...ranges, title });
    const rgba = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    // One palette from the first frame: the colours (white, black, the ten digit colours) never change.
    const first = palette === undefined;
    palette ??= quantize(rgba, 64);
    // The first frame's palette becomes the global table; later frames reuse it.
    encoder.writeFrame(applyPalette(rgba, palette), width, height, { delay, repeat: 0, ...(first ? { palette } : {}) });
  };
  embeddings.forEach((e, i) => {
    const snap = file.snapshots[i];
    const last = i === embeddings.length - 1;
    frame(e, `${opts.title}: ${caption(snap)}`, last ? endHoldMs : holdMs);
    if (last) return;
    for (let k = 1; k <= tween; k++) frame(lerpEmbedding(e, embeddings[i + 1], k / (tween + 1)), `${opts.title}: ${caption(snap)}`, frameMs);
  });
  encoder.finish();
  return encoder.bytes();
}
