import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../server/socket/RateLimiter.js';
import { Recording } from '../../server/rooms/Recording.js';
import { Replay } from '../../server/rooms/Replay.js';
import { presetPath } from '../../server/rooms/presets.js';
import { hashToken, newPathId, newToken, tokenMatches } from '../../server/rooms/secrets.js';

describe('RateLimiter', () => {
  it('lets a steady 30 messages a second through forever', () => {
    const r = new RateLimiter();
    for (let t = 0; t < 60_000; t += 33) expect(r.hit(t)).toBe(false);
  });

  it('tolerates a short burst over the limit', () => {
    const r = new RateLimiter();
    for (let i = 0; i < 200; i++) expect(r.hit(1000 + i)).toBe(false);
    for (let t = 2000; t < 10_000; t += 50) expect(r.hit(t)).toBe(false);
  });

  it('trips after more than 60 a second for 5 seconds', () => {
    const r = new RateLimiter();
    let trippedAt = -1;
    for (let t = 0; t < 10_000 && trippedAt < 0; t += 10) if (r.hit(t)) trippedAt = t; // 100/s
    expect(trippedAt).toBeGreaterThanOrEqual(4000);
    expect(trippedAt).toBeLessThan(5000);
  });

  it('starts over after a quiet second', () => {
    const r = new RateLimiter();
    for (let t = 0; t < 4000; t += 10) expect(r.hit(t)).toBe(false);
    // Silence from 4 s to 5.5 s breaks the streak.
    for (let t = 5500; t < 9000; t += 10) expect(r.hit(t)).toBe(false);
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
