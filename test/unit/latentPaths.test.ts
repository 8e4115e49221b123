import { describe, expect, it } from 'vitest';
import { circlePath, linePath } from '../../shared/latentPaths.js';

describe('linePath', () => {
  it('gives the article\'s 50 points z = s*z0 + (1-s)*z1, s = t/50', () => {
    const z = linePath([0.4, -2.3], [0.4, 2.7], 50);
    expect(z).toBeInstanceOf(Float32Array);
    expect(z).toHaveLength(100);
    for (let t = 0; t < 50; t++) {
      const s = t / 50;
      expect(z[2 * t]).toBe(Math.fround(s * 0.4 + (1 - s) * 0.4));
      expect(z[2 * t + 1]).toBe(Math.fround(s * -2.3 + (1 - s) * 2.7));
    }
  });

  it('starts at z1 and stops one step short of z0', () => {
    const z = linePath([0.4, -2.3], [0.4, 2.7], 50);
    expect([z[0], z[1]]).toEqual([Math.fround(0.4), Math.fround(2.7)]);
    expect(z[99]).toBeCloseTo(-2.3 + 5 / 50, 5);
  });

  it('refuses a step count that is not a positive integer', () => {
    expect(() => linePath([0, 0], [1, 1], 0)).toThrow(/steps/);
    expect(() => linePath([0, 0], [1, 1], 2.5)).toThrow(/steps/);
  });
});

describe('circlePath', () => {
  it('gives the article\'s 360 points [2 cos 2πs, 2 sin 2πs], s = t/360', () => {
    const z = circlePath(2, 360);
    expect(z).toHaveLength(720);
    for (let t = 0; t < 360; t++) {
      const s = t / 360;
      expect(z[2 * t]).toBe(Math.fround(2 * Math.cos(2 * Math.PI * s)));
      expect(z[2 * t + 1]).toBe(Math.fround(2 * Math.sin(2 * Math.PI * s)));
    }
  });

  it('starts at [r, 0] and goes counter-clockwise', () => {
    const z = circlePath(2, 4);
    expect(Array.from(z).map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([2, 0, 0, 2, -2, 0, 0, -2]);
  });
});
