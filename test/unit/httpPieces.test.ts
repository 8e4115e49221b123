import { describe, expect, it } from 'vitest';
import { planGifFrames } from '../../server/http/gifFrames.js';
import { parseManifoldQuery } from '../../server/http/manifoldQuery.js';
import { presetPath } from '../../server/rooms/presets.js';

const q = (s: string) => parseManifoldQuery(new URLSearchParams(s));

describe('parseManifoldQuery', () => {
  it("defaults to the article's 30x30 grid over [-4, 4]", () => {
    expect(q('')).toEqual({ n: 30, xMin: -4, xMax: 4, yMin: -4, yMax: 4 });
  });

  it('takes a range, an explicit box, axes, and caps n at 60', () => {
    expect(q('n=10&range=2')).toMatchObject({ n: 10, xMin: -2, yMax: 2 });
    expect(q('xMin=-1&xMax=2&yMin=0&yMax=3&axes=0')).toEqual({ n: 30, xMin: -1, xMax: 2, yMin: 0, yMax: 3, axes: false });
    expect(q('n=1000').n).toBe(60);
  });

  it('refuses bad input with a bad_request failure', () => {
    for (const s of ['n=0', 'n=2.5', 'n=x', 'range=0', 'range=1e9', 'xMin=0', 'xMin=1&xMax=1&yMin=0&yMax=1', 'axes=yes']) {
      expect(() => q(s), s).toThrow(expect.objectContaining({ code: 'bad_request' }));
    }
  });
});

describe('planGifFrames', () => {
  it('keeps every step of the article walks at their recorded timing', () => {
    const circle = presetPath('r', 'preset-circle')!;
    const plan = planGifFrames(circle.t, circle.z);
    expect(plan.z.length / 2).toBe(360);
    expect(plan.delayMs).toBe(50);
  });

  it('resamples a long path to at most 600 frames and never faster than 20 ms a frame', () => {
    const n = 12_000;
    const t = Array.from({ length: n }, (_, i) => i * 50);
    const z = Array.from({ length: 2 * n }, (_, i) => i);
    const plan = planGifFrames(t, z);
    expect(plan.z.length / 2).toBe(600);
    expect(plan.delayMs).toBeGreaterThan(900);
    const fast = planGifFrames(Array.from({ length: 100 }, (_, i) => i * 5), Array.from({ length: 200 }, () => 0));
    expect(fast.delayMs).toBeGreaterThanOrEqual(20);
  });

  it('makes one frame of a one-sample path', () => {
    expect(planGifFrames([0], [1, 2])).toEqual({ z: Float32Array.from([1, 2]), delayMs: 100 });
  });
});
