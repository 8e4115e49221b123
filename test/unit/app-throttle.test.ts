import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from '../../app/lib/throttle';

describe('the cursor throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends at most 30 values a second however fast they come, and always the newest last', () => {
    const sent: number[] = [];
    const at: number[] = [];
    const t = createThrottle<number>((v) => (sent.push(v), at.push(Date.now())), 1000 / 30);
    for (let i = 0; i < 1000; i++) {
      t.push(i);
      vi.advanceTimersByTime(1); // a value every millisecond for a second
    }
    vi.advanceTimersByTime(100);
    const gaps = at.slice(1).map((time, i) => time - at[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(33);
    expect(sent.length).toBeGreaterThanOrEqual(29);
    expect(sent.at(-1)).toBe(999);
  });

  it('sends the first value at once', () => {
    const sent: number[] = [];
    const t = createThrottle<number>((v) => sent.push(v), 33);
    t.push(7);
    expect(sent).toEqual([7]);
  });

  it('sends nothing pending after cancel', () => {
    const sent: number[] = [];
    const t = createThrottle<number>((v) => sent.push(v), 33);
    t.push(1);
    t.push(2);
    t.cancel();
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([1]);
  });
});
