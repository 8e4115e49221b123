import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../server/socket/RateLimiter.js';
import { Recording } from '../../server/rooms/Recording.js';
import { Replay } from '../../server/rooms/Replay.js';
import { presetPath } from '../../server/rooms/presets.js';
import { hashToken, newPathId, newToken, tokenMatches } from '../../server/rooms/secrets.js';

describe('TokenBucket, the flood limit', () => {
  it('lets a steady 60 messages a second through forever', () => {
    const b = new TokenBucket();
    for (let i = 0; i < 60 * 60; i++) expect(b.take((i * 1000) / 60)).toBe(true);
  });

  it('allows a burst of its allowance at once, then refuses the next', () => {
    const b = new TokenBucket({ perSecond: 60, burst: 120 });
    for (let i = 0; i < 120; i++) expect(b.take(1000)).toBe(true);
    expect(b.take(1000)).toBe(false);
  });

  it('refuses a bursty sender that averages over the sustained rate, however it spaces its bursts', () => {
    const b = new TokenBucket({ perSecond: 60, burst: 120 });
    let passed = 0;
    // 1,100 messages at once every 5 s: 220/s on average.
    for (let burst = 0; burst < 4; burst++) for (let i = 0; i < 1100; i++) if (b.take(burst * 5000)) passed++;
    expect(passed).toBeLessThanOrEqual(120 + 3 * 120);
  });

  it('refills at the sustained rate, up to its allowance', () => {
    const b = new TokenBucket({ perSecond: 10, burst: 5 });
    for (let i = 0; i < 5; i++) b.take(0);
    expect(b.take(0)).toBe(false);
    expect(b.take(100)).toBe(true);
    expect(b.take(100)).toBe(false);
    let after = 0;
    for (let i = 0; i < 10; i++) if (b.take(60_000)) after++;
    expect(after).toBe(5);
  });
});

describe('Recording', () => {
  it('starts at t = 0 at the first position and stops sampling at the sample cap', () => {
    const rec = new Recording(1000, 3, 60_000);
    expect(rec.sample(1000, null)).toBe(false);
    rec.sample(1050, [1, 2]);
    rec.sample(1100, [1, 3]);
    rec.sample(1150, [1, 4]);
    expect(rec.sample(1200, [1, 5])).toBe(true);
    expect(rec.sample(1250, [1, 6])).toBe(false); // reported once
    expect(rec.t).toEqual([0, 50, 100]);
    expect(rec.z).toEqual([1, 2, 1, 3, 1, 4]);
    expect(rec.full).toBe(true);
  });

  it('stops sampling at the duration cap', () => {
    const rec = new Recording(0, 1000, 100);
    rec.sample(0, [0, 0]);
    rec.sample(100, [0, 1]);
    expect(rec.sample(101, [0, 2])).toBe(true);
    expect(rec.sampleCount).toBe(2);
  });
});

describe('Replay', () => {
  const path = presetPath('r', 'preset-line')!; // 50 samples, 100 ms apart

  it('shows the first sample first, then walks at the recorded timing times the speed', () => {
    const r = new Replay(7, path, '#fff', 1, { speed: 2, loop: false });
    expect(r.cursor.z).toEqual([path.z[0], path.z[1]]);
    r.advance(50); // the clock starts
    expect(r.cursor.z).toEqual([path.z[0], path.z[1]]);
    r.cursor.moved = false;
    r.advance(50); // 100 ms of path time at 2x
    expect(r.cursor.z).toEqual([path.z[2], path.z[3]]);
    expect(r.cursor.moved).toBe(true);
  });

  it('holds while paused, loops around, and ends a non-looping walk after its last sample', () => {
    const loop = new Replay(1, path, '#fff', 1, { speed: 1, loop: true });
    loop.advance(0);
    loop.paused = true;
    loop.advance(10_000);
    expect(loop.cursor.z).toEqual([path.z[0], path.z[1]]);
    loop.paused = false;
    expect(loop.advance(5000 + 150)).toBe(true); // one full loop (5 s) and a bit
    expect(loop.cursor.z).toEqual([path.z[2], path.z[3]]);

    const once = new Replay(2, path, '#fff', 1, { speed: 4, loop: false });
    once.advance(0);
    expect(once.advance(1225)).toBe(true); // 4900 ms of path: the last sample
    expect(once.cursor.z).toEqual(path.z.slice(-2));
    expect(once.advance(300)).toBe(false); // lingered a second, then over
  });
});

describe('secrets', () => {
  it('makes tokens the protocol accepts and checks them against their hash only', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(tokenMatches(t, hashToken(t))).toBe(true);
    expect(tokenMatches(newToken(), hashToken(t))).toBe(false);
    expect(tokenMatches(undefined, hashToken(t))).toBe(false);
    expect(newPathId()).toMatch(/^p-[0-9a-z]{10}$/);
  });
});
