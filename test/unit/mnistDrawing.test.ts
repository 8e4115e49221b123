import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../shared/constants.js';
import { centreOfMass, strokesToDigit, type Stroke } from '../../shared/mnistDrawing.js';
import { loadMnist, type MnistSplit } from '../../server/models/mnist.js';

let test: MnistSplit;

/** Strokes along a digit's own ink: a segment between every two 8-connected ink pixels' centres. */
function strokesAlongInk(pixels: Uint8Array): Stroke[] {
  const ink = (x: number, y: number) => x >= 0 && y >= 0 && x < IMAGE_SIZE && y < IMAGE_SIZE && pixels[y * IMAGE_SIZE + x] > 127;
  const strokes: Stroke[] = [];
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      if (!ink(x, y)) continue;
      strokes.push([[x + 0.5, y + 0.5]]);
      for (const [dx, dy] of [[1, 0], [0, 1], [1, 1], [-1, 1]]) {
        if (ink(x + dx, y + dy)) strokes.push([[x + 0.5, y + 0.5], [x + dx + 0.5, y + dy + 0.5]]);
      }
    }
  }
  return strokes;
}

function inkBox(image: Float32Array, threshold = 0.05) {
  let minX = IMAGE_SIZE, minY = IMAGE_SIZE, maxX = -1, maxY = -1;
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    if (image[i] <= threshold) continue;
    const x = i % IMAGE_SIZE;
    const y = Math.floor(i / IMAGE_SIZE);
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  return { width: maxX - minX + 1, height: maxY - minY + 1 };
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return ab / Math.sqrt(aa * bb);
}

describe('strokes to an MNIST-like digit', () => {
  beforeAll(() => {
    test = loadMnist('test');
  });

  it('turns a test digit drawn along its own ink into an image close to that digit', () => {
    // The strokes already cover the ink's whole width, so a thin pen; the geometry (20x20 fit,
    // centre of mass, anti-aliasing) is what is under test.
    const count = 200;
    const originals = Array.from({ length: count }, (_, i) => Array.from(test.images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS), (v) => v / 255));
    let own = 0;
    let recognised = 0;
    for (let i = 0; i < count; i++) {
      const drawn = strokesToDigit(strokesAlongInk(test.images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS)), { penWidth: 1.5 })!;
      const similarities = originals.map((o) => cosine(drawn, o));
      own += similarities[i] / count;
      if (similarities.indexOf(Math.max(...similarities)) === i) recognised++;
    }
    expect(own).toBeGreaterThan(0.9);
    // Among 200 test digits, the most similar to each drawing is the digit it was drawn from.
    expect(recognised / count).toBeGreaterThan(0.9);
  });

  it('fits the ink into 20x20 keeping its aspect ratio, centred by its centre of mass', () => {
    // A tall narrow stroke (a "1") drawn 300 pad pixels high and 40 wide.
    const digit = strokesToDigit([[[100, 50], [140, 350]]])!;
    const box = inkBox(digit);
    expect(box.height).toBeGreaterThanOrEqual(19);
    expect(box.height).toBeLessThanOrEqual(21);
    expect(box.width).toBeLessThan(8);
    const [cx, cy] = centreOfMass(digit)!;
    // MNIST's centre of mass: pixel (14, 14), whose centre is 14.5 in pixel units.
    expect(Math.abs(cx - 14.5)).toBeLessThan(0.3);
    expect(Math.abs(cy - 14.5)).toBeLessThan(0.3);
    expect(Math.max(...digit)).toBeLessThanOrEqual(1);
    expect(Math.min(...digit)).toBeGreaterThanOrEqual(0);
  });

  it('anti-aliases the pen edge and scales a tiny drawing up like a big one', () => {
    const small = strokesToDigit([[[0, 0], [3, 0], [3, 5]]])!;
    const big = strokesToDigit([[[0, 0], [300, 0], [300, 500]]])!;
    expect(cosine(small, big)).toBeGreaterThan(0.999);
    expect(small.some((v) => v > 0.05 && v < 0.95)).toBe(true);
  });

  it('answers null for no ink, and ignores non-finite points', () => {
    expect(strokesToDigit([])).toBeNull();
    expect(strokesToDigit([[[NaN, 1], [Infinity, 2]]])).toBeNull();
    expect(strokesToDigit([[[5, 5]]])).not.toBeNull();
  });
});
