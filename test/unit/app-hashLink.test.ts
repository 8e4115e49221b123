import { describe, expect, it } from 'vitest';
import { formatPointHash, parsePointHash, pointLink } from '../../app/lib/hashLink';

describe('a link carrying a point', () => {
  it('reads #z=x,y', () => {
    expect(parsePointHash('#z=1.2,-0.8')).toEqual([1.2, -0.8]);
    expect(parsePointHash('#other=1&z=-3,4')).toEqual([-3, 4]);
  });

  it('ignores fragments without a valid point', () => {
    expect(parsePointHash('')).toBeNull();
    expect(parsePointHash('#z=1.2')).toBeNull();
    expect(parsePointHash('#z=abc,1')).toBeNull();
  });

  it('makes a link that opens at the same point', () => {
    const link = pointLink('http://host:3000/r/calm-otter#z=9,9', [0.4, -2.3]);
    expect(link).toBe('http://host:3000/r/calm-otter#z=0.40,-2.30');
    expect(parsePointHash(formatPointHash([0.4, -2.3]))).toEqual([0.4, -2.3]);
  });
});
