import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { IMAGE_PIXELS } from '../../shared/constants.js';
import { DIGIT_PALETTE as DIGIT_COLORS } from '../../shared/digitPalette.js';
import { convexHull, insideHull } from '../../ml/figures/convexHull.js';
import { cellCentres, measureModelClaim, type ClaimOptions } from '../../ml/figures/measureClaim.js';
import { renderRegionsPng } from '../../ml/figures/renderRegions.js';
import type { Embedding } from '../../server/models/modelFiles.js';

/**
 * A fake plane: the decoder writes into a frame's first pixel which half of the plane the point
 * is in (digit 1 right of x = 0, digit 7 left) and whether it is within radius 1 of the origin
 * (then the classifier is sure, otherwise it gives the digit only 0.6).
 */
const decode = async (z: Float32Array) => {
  const frames = new Uint8Array((z.length / 2) * IMAGE_PIXELS);
  for (let i = 0; i < z.length / 2; i++) {
    frames[i * IMAGE_PIXELS] = z[2 * i] >= 0 ? 1 : 7;
    frames[i * IMAGE_PIXELS + 1] = Math.hypot(z[2 * i], z[2 * i + 1]) <= 1 ? 1 : 0;
  }
  return frames;
};
const classify = async (frames: Uint8Array) => {
  const n = frames.length / IMAGE_PIXELS;
  const probs = new Float32Array(10 * n);
  for (let i = 0; i < n; i++) {
    const p = frames[i * IMAGE_PIXELS + 1] ? 0.95 : 0.6;
    probs.fill((1 - p) / 9, 10 * i, 10 * i + 10);
    probs[10 * i + frames[i * IMAGE_PIXELS]] = p;
  }
  return probs;
};

const OPTIONS: ClaimOptions = { range: 2, n: 40, threshold: 0.9, line: { z0: [-1.5, 0.5], z1: [1.5, 0.5], steps: 30 }, circle: { radius: 0.5, steps: 40 } };

describe('the convex hull', () => {
  it('keeps the corners of a square and leaves out points inside and on its edges', () => {
    const hull = convexHull([0, 0, 2, 0, 2, 2, 0, 2, 1, 1, 1, 0, 0.5, 1.5]);
    expect(hull).toHaveLength(4);
    expect(insideHull(hull, [1, 1])).toBe(true);
    expect(insideHull(hull, [2, 1])).toBe(true);
    expect(insideHull(hull, [2.01, 1])).toBe(false);
  });
});

describe('the article\'s claim, measured', () => {
  it('puts the grid\'s points at the centres of equal cells', () => {
    expect(cellCentres(4, { xMin: -2, xMax: 2, yMin: 0, yMax: 8 })).toEqual({ n: 4, xMin: -1.5, xMax: 1.5, yMin: 1, yMax: 7 });
  });

  it('measures the confident share of the square, of the test digits\' cells and hull, and the walks\' changes', async () => {
    // Test digits on the unit circle's inside: a ring of 8 points and the origin.
    const ring = Array.from({ length: 8 }, (_, k) => [0.9 * Math.cos((k * Math.PI) / 4), 0.9 * Math.sin((k * Math.PI) / 4)]).flat();
    const embedding: Embedding = { count: 9, z: Float32Array.from([...ring, 0, 0]), labels: Uint8Array.from([1, 1, 7, 7, 7, 7, 7, 1, 1]) };
    const { claim, squareMap } = await measureModelClaim(decode, classify, embedding, OPTIONS);
    // The unit disc is pi / 16 of the square [-2, 2]^2.
    expect(claim.square.confidentShare).toBeCloseTo(Math.PI / 16, 1);
    expect(claim.square.digitsPresent).toBe(2);
    expect(claim.square.confidentShareByDigit[1]).toBeCloseTo(Math.PI / 32, 1);
    expect(claim.testDigits.occupied).toEqual({ cells: 9, confidentShare: 1 });
    expect(claim.testDigits.hull.confidentShare).toBe(1);
    expect(claim.testDigits.hull.cells).toBeGreaterThan(1000);
    // Ring points at 90 and 270 degrees have x ~ 0: the decoder puts them on either side.
    expect(claim.testDigits.reconstructionAccuracy).toBeGreaterThanOrEqual(7 / 9);
    expect(claim.line).toMatchObject({ steps: 30, changes: 1, sequence: '1 7' });
    expect(claim.circle).toMatchObject({ steps: 40, changes: 2, sequence: '1 7 1', confidentShare: 1 });
    expect(squareMap.n).toBe(40);
  });

  it('draws each cell in its digit\'s colour washed towards white by how unsure the classifier is', async () => {
    const ring = [0.5, 0, -0.5, 0, 0, 0.5];
    const { squareMap } = await measureModelClaim(decode, classify, { count: 3, z: Float32Array.from(ring), labels: Uint8Array.from([1, 7, 1]) }, OPTIONS);
    const png = await renderRegionsPng([{ title: 'A', subtitle: 'b', map: squareMap, box: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 }, threshold: 0.9 }], 4);
    const image = await loadImage(png);
    const ctx = createCanvas(image.width, image.height).getContext('2d');
    ctx.drawImage(image, 0, 0);
    // The panel's plot starts at (58, 52); cell (row 19, col 22) is just right of the origin, inside the disc (0.95 sure of a 1).
    const sure = ctx.getImageData(58 + 22 * 4 + 1, 52 + 19 * 4 + 1, 1, 1).data;
    const one = [1, 3, 5].map((i) => parseInt(DIGIT_COLORS[1].slice(i, i + 2), 16));
    expect(Array.from(sure.subarray(0, 3))).toEqual(one.map((c) => Math.round(255 * 0.05 + c * 0.95)));
    // A corner cell (0.6 sure of a 7) is the colour washed 40 % towards white.
    const unsure = ctx.getImageData(58 + 1, 52 + 1, 1, 1).data;
    const black = parseInt(DIGIT_COLORS[7].slice(1, 3), 16);
    expect(unsure[0]).toBeCloseTo(255 * 0.4 + black * 0.6, -1);
  });
});
