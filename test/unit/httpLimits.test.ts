import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../server/http/clientAddress.js';
import { TokenBuckets } from '../../server/http/TokenBuckets.js';

describe('TokenBuckets', () => {
  it('allows a burst, then one per refill interval, and says when to retry', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 3, perMinute: 6, now: () => now }); // one every 10 s
    for (let i = 0; i < 3; i++) expect(buckets.take('a')).toEqual({ ok: true });
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterMs: 10_000 });
    now = 4_000;
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterMs: 6_000 });
    now = 10_000;
    expect(buckets.take('a')).toEqual({ ok: true });
    expect(buckets.take('b')).toEqual({ ok: true }); // another address has its own bucket
  });

  it('never holds more than its key cap, forgetting the least recently used first', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 1, perMinute: 1, maxKeys: 100, now: () => now });
    for (let i = 0; i < 10_000; i++) buckets.take(`k${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
    now = 1;
    expect(buckets.take('k9999').ok).toBe(false); // a recent one is still remembered
  });
});

describe('clientAddress', () => {
  const req = (remote: string, xff?: string) =>
    ({ socket: { remoteAddress: remote }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as never;

  it('uses the socket address and ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientAddress(req('203.0.113.5', '1.2.3.4'), [])).toBe('203.0.113.5');
    expect(clientAddress(req('::ffff:203.0.113.5'), [])).toBe('203.0.113.5');
  });

  it('believes a trusted proxy, taking the nearest address it did not add itself', () => {
    expect(clientAddress(req('127.0.0.1', '198.51.100.1, 203.0.113.7'), ['127.0.0.1'])).toBe('203.0.113.7');
    expect(clientAddress(req('127.0.0.1', '203.0.113.7, 10.0.0.2'), ['127.0.0.1', '10.0.0.2'])).toBe('203.0.113.7');
    expect(clientAddress(req('::ffff:127.0.0.1', 'garbage'), ['127.0.0.1'])).toBe('127.0.0.1');
    expect(clientAddress(req('127.0.0.1'), ['127.0.0.1'])).toBe('127.0.0.1');
  });

  it('counts an IPv6 client by its /64, the block one household or phone gets', () => {
    expect(clientAddress(req('2001:db8:1:2:aaaa::1'), [])).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req('2001:db8:1:2:bbbb:cccc:dddd:eeee'), [])).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req('2001:db8::1'), [])).toBe('2001:db8:0:0::/64');
  });
});
