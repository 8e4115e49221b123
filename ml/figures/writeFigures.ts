import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelKind } from '../../shared/constants.js';
import { circlePath, linePath } from '../../shared/latentPaths.js';
import { loadEmbedding, modelDir, modelFile } from '../../server/models/modelFiles.js';
import { encodeDigitGif } from '../../server/images/encodeDigitGif.js';
import { createOnnxDecode } from './onnxDecode.js';
import { renderComparePng, type CompareColumn } from './renderCompare.js';
import { renderManifoldPng, type ManifoldOptions } from '../../server/images/renderManifold.js';
import { renderScatterPng } from './renderScatter.js';
import { loadTimelineEmbeddings, renderTimelineGif } from './timelineGif.js';

/** The article's figure parameters (its values are the defaults). */
export interface FigureOptions {
  /** Digits per side of the manifold; 30. */
  n: number;
  /** The manifold spans [-range, range]^2; 4. */
  range: number;
  /** Frames of the line walk from [0.4, 2.7] towards [0.4, -2.3]; 50. */
  lineSteps: number;
  /** Frames of the circle walk; 360. */
  circleSteps: number;
  /** Radius of the circle walk; 2. */
  radius: number;
}

export const ARTICLE_FIGURES: FigureOptions = { n: 30, range: 4, lineSteps: 50, circleSteps: 360, radius: 2 };

export const LINE_Z0 = [0.4, -2.3] as const;
export const LINE_Z1 = [0.4, 2.7] as const;

function manifoldOptions(opts: FigureOptions, title?: string): ManifoldOptions {
  return { n: opts.n, xMin: -opts.range, xMax: opts.range, yMin: -opts.range, yMax: opts.range, title };
}

/**
 * Writes scatter.png, manifold.png, line.gif and circle.gif of one model into `outDir`, and
 * timeline.gif (the scatter forming over training) when the model ships a timeline.
 */
export async function writeModelFigures(modelsDir: string, kind: ModelKind, outDir: string, opts: FigureOptions): Promise<string[]> {
  const embedding = loadEmbedding(modelsDir, kind);
  const { decode, release } = await createOnnxDecode(modelFile(modelsDir, kind, 'decoder.onnx'));
  try {
    mkdirSync(outDir, { recursive: true });
    const title = kind.toUpperCase();
    const files: [string, Uint8Array][] = [
      ['scatter.png', await renderScatterPng(embedding, { title: `${title}: encoded MNIST test set` })],
      ['manifold.png', await renderManifoldPng(decode, manifoldOptions(opts, `${title}: decoded latent plane`))],
      ['line.gif', encodeDigitGif(await decode(linePath(LINE_Z0, LINE_Z1, opts.lineSteps)), { delayMs: 100, look: 'dark' })],
      ['circle.gif', encodeDigitGif(await decode(circlePath(opts.radius, opts.circleSteps)), { delayMs: 40, look: 'dark' })],
    ];
    const timelineDir = path.join(modelDir(modelsDir, kind), 'timeline');
    if (existsSync(path.join(timelineDir, 'timeline.json'))) {
      const { file, embeddings } = loadTimelineEmbeddings(timelineDir);
      files.push(['timeline.gif', renderTimelineGif(file, embeddings, { title })]);
    }
    return files.map(([name, bytes]) => {
      const file = path.join(outDir, name);
      writeFileSync(file, bytes);
      return file;
    });
  } finally {
    await release();
  }
}

/** Writes compare.png: AE and VAE scatter and manifold side by side. */
export async function writeCompareFigure(modelsDir: string, kinds: ModelKind[], outFile: string, opts: FigureOptions): Promise<string> {
  const columns: CompareColumn[] = [];
  const releases: (() => Promise<void>)[] = [];
  try {
    for (const kind of kinds) {
      const { decode, release } = await createOnnxDecode(modelFile(modelsDir, kind, 'decoder.onnx'));
      releases.push(release);
      columns.push({ kind, embedding: loadEmbedding(modelsDir, kind), decode });
    }
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, await renderComparePng(columns, manifoldOptions(opts)));
    return outFile;
  } finally {
    await Promise.all(releases.map((r) => r()));
  }
}
