/**
 * Token buckets keyed by client address: each key may spend `burst` at once and gets
 * `perMinute` back per minute. The table is bounded: past `maxKeys` the least recently used key is
 * forgotten (a forgotten key starts with a full bucket, which only ever errs towards allowing).
 */

export interface TokenBucketOptions {
  /** Tokens a key may spend at once (the bucket's size). */
  burst: number;
  /** Tokens returned per minute (the sustained rate). */
  perMinute: number;
  /** Keys remembered at most; default 10,000. */
  maxKeys?: number;
  now?: () => number;
}

/** `ok`, or how long until the next token (for Retry-After). */
export type Take = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly msPerToken: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly o: TokenBucketOptions) {
    if (!(o.burst >= 1) || !(o.perMinute > 0)) throw new RangeError('a token bucket needs burst >= 1 and perMinute > 0');
    this.msPerToken = 60_000 / o.perMinute;
    this.maxKeys = o.maxKeys ?? 10_000;
    this.now = o.now ?? Date.now;
  }

  /** Spends one token of `key`, if it has one. */
  take(key: string): Take {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.o.burst, at: now };
    b.tokens = Math.min(this.o.burst, b.tokens + (now - b.at) / this.msPerToken);
    b.at = now;
    // Re-inserted so that the Map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) * this.msPerToken) };
  }

  get size(): number {
    return this.buckets.size;
  }
}
