import { createCanvas, loadImage } from '@napi-rs/canvas';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { circlePath } from '../../shared/latentPaths.js';
import { exportOnnx } from '../../ml/export/exportOnnx.js';
import { encodeDigitGif } from '../../server/images/encodeDigitGif.js';
import { createOnnxDecode } from '../../ml/figures/onnxDecode.js';
import { manifoldGrid, manifoldLayout, renderManifoldPng, type DecodeFn } from '../../server/images/renderManifold.js';
import { renderScatterPng } from '../../ml/figures/renderScatter.js';
import { ARTICLE_FIGURES, writeCompareFigure, writeModelFigures } from '../../ml/figures/writeFigures.js';
import { buildAutoencoder } from '../../ml/training/architecture.js';
import { initBackend } from '../../ml/training/backend.js';
import { parseGif } from '../helpers/parseGif.js';

let dir: string;
let decode: DecodeFn;
let release: () => Promise<void>;

const ARTICLE_GRID = { n: 30, xMin: -4, xMax: 4, yMin: -4, yMax: 4 };

/** The grey levels of one cell of a rendered PNG, read back from the file's pixels. */
async function readCell(png: Buffer, x0: number, y0: number, cell: number): Promise<number[]> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(x0, y0, cell, cell).data;
  return Array.from({ length: cell * cell }, (_, i) => data[4 * i]);
}

beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'figures-'));
  // Real models through the real exporter; a fake embedding is enough for the scatter's layout.
  for (const kind of ['ae', 'vae'] as const) {
    exportOnnx(buildAutoencoder(kind), path.join(dir, 'models', kind));
    const labels = Array.from({ length: 200 }, (_, i) => i % 10);
    const z = labels.flatMap((l, i) => [Math.cos(l) * 2 + (i % 7) * 0.05, Math.sin(l) * 2 - (i % 5) * 0.05]);
    writeFileSync(path.join(dir, 'models', kind, 'embedding.json'), JSON.stringify({ count: 200, z, labels }));
    writeFileSync(path.join(dir, 'models', kind, 'card.json'), JSON.stringify({ kind }));
  }
  ({ decode, release } = await createOnnxDecode(path.join(dir, 'models', 'vae', 'decoder.onnx')));
});

afterAll(async () => {
  await release?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('the manifold picture', () => {
  it('lays the grid out with +y on the top row and -x in the left column', () => {
    const z = manifoldGrid(ARTICLE_GRID);
    expect(z).toHaveLength(2 * 900);
    expect([z[0], z[1]]).toEqual([-4, 4]);
    expect([z[2 * 29], z[2 * 29 + 1]]).toEqual([4, 4]);
    expect([z[2 * 870], z[2 * 870 + 1]]).toEqual([-4, -4]);
    expect([z[2 * 899], z[2 * 899 + 1]]).toEqual([4, -4]);
  });

  it('is exactly n*cell pixels square without axes', async () => {
    const png = await renderManifoldPng(decode, { ...ARTICLE_GRID, n: 5, cell: 14, axes: false });
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([70, 70]);
  });

  it('is the layout\'s size with axes, the grid inside it n*28 pixels square', async () => {
    const png = await renderManifoldPng(decode, ARTICLE_GRID);
    const layout = manifoldLayout(ARTICLE_GRID);
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([layout.width, layout.height]);
    expect([layout.grid.width, layout.grid.height]).toEqual([840, 840]);
    expect(layout.width).toBeGreaterThan(840);
  });

  it('shows in its top-left cell the digit decoded at (-range, +range)', async () => {
    const png = await renderManifoldPng(decode, ARTICLE_GRID);
    const { grid } = manifoldLayout(ARTICLE_GRID);
    const topLeft = await readCell(png, grid.x, grid.y, 28);
    const corners = await Promise.all([[-4, 4], [4, 4], [-4, -4], [4, -4]].map(async (c) => Array.from(await decode(Float32Array.from(c)))));
    expect(topLeft).toEqual(corners[0]);
    // The corners differ, so the match above pins the orientation down.
    for (const other of corners.slice(1)) expect(other).not.toEqual(corners[0]);
  });

  it('puts each decoded digit in its own cell, row by row', async () => {
    // A decode whose digits carry their z: cell (row i, column j) must show the grid's point k = i*n + j.
    const labelled: DecodeFn = async (z) => {
      const out = new Uint8Array((z.length / 2) * 784);
      for (let k = 0; k < z.length / 2; k++) out.fill(k * 10 + 5, k * 784, (k + 1) * 784);
      return out;
    };
    const n = 4;
    const png = await renderManifoldPng(labelled, { n, xMin: -1, xMax: 1, yMin: -1, yMax: 1, cell: 6, axes: false });
    for (let k = 0; k < n * n; k++) {
      const cell = await readCell(png, (k % n) * 6, Math.floor(k / n) * 6, 6);
      expect(new Set(cell)).toEqual(new Set([k * 10 + 5]));
    }
  });

  it('refuses an empty or inverted range', async () => {
    await expect(renderManifoldPng(decode, { ...ARTICLE_GRID, xMax: -4 })).rejects.toThrow(/xMax > xMin/);
    await expect(renderManifoldPng(decode, { ...ARTICLE_GRID, n: 0 })).rejects.toThrow(/n must be/);
  });
});

describe('the digit GIF', () => {
  it('has one frame per digit, the scaled size, the delay and loops forever', async () => {
    const frames = await decode(circlePath(2, 12));
    const info = parseGif(encodeDigitGif(frames, { scale: 3, delayMs: 40 }));
    expect(info).toMatchObject({ version: 'GIF89a', width: 84, height: 84, frames: 12, loops: 0 });
    expect(info.delaysMs).toEqual(Array(12).fill(40));
  });

  it('refuses bytes that are not whole digits', () => {
    expect(() => encodeDigitGif(new Uint8Array(100))).toThrow(/N\*784/);
  });
});

describe('the figures CLI', () => {
  it('writes the article\'s four pictures: 50 line frames and 360 circle frames', async () => {
    const out = path.join(dir, 'figs', 'vae');
    const files = await writeModelFigures(path.join(dir, 'models'), 'vae', out, ARTICLE_FIGURES);
    expect(files.map((f) => path.basename(f))).toEqual(['scatter.png', 'manifold.png', 'line.gif', 'circle.gif']);
    expect(parseGif(readFileSync(path.join(out, 'line.gif'))).frames).toBe(50);
    expect(parseGif(readFileSync(path.join(out, 'circle.gif'))).frames).toBe(360);
    const scatter = await loadImage(readFileSync(path.join(out, 'scatter.png')));
    expect([scatter.width, scatter.height]).toEqual([640, 560]);
  });

  it('adds timeline.gif, the scatter forming snapshot by snapshot, when the model has a timeline', async () => {
    const models = path.join(dir, 'timeline-models');
    exportOnnx(buildAutoencoder('ae'), path.join(models, 'ae'));
    const labels = Array.from({ length: 50 }, (_, i) => i % 10);
    const embedding = (spread: number) => ({ count: 50, z: labels.flatMap((l) => [Math.cos(l) * spread, Math.sin(l) * spread]), labels });
    writeFileSync(path.join(models, 'ae', 'embedding.json'), JSON.stringify(embedding(2)));
    writeFileSync(path.join(models, 'ae', 'card.json'), JSON.stringify({ kind: 'ae' }));
    mkdirSync(path.join(models, 'ae', 'timeline'));
    const snapshots = [0.1, 1, 2].map((spread, i) => {
      writeFileSync(path.join(models, 'ae', 'timeline', `e${i}.json`), JSON.stringify(embedding(spread)));
      return { step: i * 10, epoch: i / 2, imagesSeen: i * 1280, trainLoss: 200 - i, testLoss: 200 - i, decoder: `d${i}.onnx`, embedding: `e${i}.json` };
    });
    const timeline = { kind: 'ae', testDigits: 50, testDigitsNote: '', stepsPerEpoch: 20, snapshots };
    writeFileSync(path.join(models, 'ae', 'timeline', 'timeline.json'), JSON.stringify(timeline));
    const out = path.join(dir, 'figs-timeline');
    const files = await writeModelFigures(models, 'ae', out, { ...ARTICLE_FIGURES, n: 4, lineSteps: 2, circleSteps: 2 });
    expect(files.map((f) => path.basename(f))).toContain('timeline.gif');
    // Each snapshot once, and 4 in-between frames from one to the next.
    expect(parseGif(readFileSync(path.join(out, 'timeline.gif'))).frames).toBe(3 + 2 * 4);
  });

  it('writes the AE and VAE side by side in compare.png', async () => {
    const file = await writeCompareFigure(path.join(dir, 'models'), ['ae', 'vae'], path.join(dir, 'figs', 'compare.png'), ARTICLE_FIGURES);
    const image = await loadImage(readFileSync(file));
    expect(image.width).toBeGreaterThan(2 * manifoldLayout(ARTICLE_GRID).width);
  });

  it('draws a scatter of the requested size', async () => {
    const png = await renderScatterPng({ count: 2, z: Float32Array.of(0, 0, 1, 1), labels: Uint8Array.of(3, 8) }, { width: 300, height: 250 });
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([300, 250]);
  });
});
