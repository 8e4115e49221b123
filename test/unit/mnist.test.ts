import { describe, expect, it } from 'vitest';
import { gatherImages, loadMnist, parseIdx } from '../../server/models/mnist.js';

describe('MNIST IDX files', () => {
  it('parses the 60,000 training digits and their labels from the real files', () => {
    const train = loadMnist('train');
    expect(train.count).toBe(60_000);
    expect(train.images.length).toBe(60_000 * 784);
    expect(train.labels.length).toBe(60_000);
    // The first training digit of MNIST is a 5, the second a 0.
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
  });

  it('parses the 10,000 test digits with every label 0-9 present', () => {
    const test = loadMnist('test');
    expect(test.count).toBe(10_000);
    const counts = new Array(10).fill(0);
    for (const l of test.labels) counts[l]++;
    expect(counts.every((c) => c > 800)).toBe(true);
    expect(test.labels[0]).toBe(7);
  });

  it('scales gathered digits into [0, 1] with ink inside a blank border', () => {
    const test = loadMnist('test');
    const batch = gatherImages(test, [0, 1]);
    expect(batch.length).toBe(2 * 784);
    expect(Math.max(...batch)).toBeLessThanOrEqual(1);
    expect(Math.min(...batch)).toBeGreaterThanOrEqual(0);
    const first = batch.subarray(0, 784);
    const ink = first.filter((v) => v > 0.5).length;
    // A handwritten digit covers roughly 10-20 % of the 784 pixels; MNIST leaves a blank border.
    expect(ink).toBeGreaterThan(50);
    expect(ink).toBeLessThan(300);
    expect([first[0], first[27], first[27 * 28], first[783]]).toEqual([0, 0, 0, 0]);
    expect(Array.from(batch.subarray(0, 784))).not.toEqual(Array.from(batch.subarray(784)));
  });

  it('rejects a file with a wrong magic number or a truncated body', () => {
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 1, 5]))).toThrow(/magic/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 5]))).toThrow(/header says 3/);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 5]))).toThrow(/not supported/);
  });
});
