/**
 * Token buckets, the server's rate limits per connection: a bucket holds up to `burst` tokens and
 * refills at `perSecond`; each message takes one. A client may send a short burst, but never more
 * than the sustained rate on average, however it spaces its messages. The flood limit is one over
 * every packet a socket sends (60/s, bursts of 120), acknowledgements and attachments included.
 */

export interface RateLimitOptions {
  /** Sustained messages per second (the refill rate). */
  perSecond?: number;
  /** Messages allowed at once (the bucket's size). */
  burst?: number;
}

/** The flood limit over every packet of a socket. */
export const FLOOD_LIMIT = { perSecond: 60, burst: 120 } as const;

export class TokenBucket {
  readonly perSecond: number;
  readonly burst: number;
  private tokens: number;
  private last: number | null = null;

  constructor(options: RateLimitOptions = {}, defaults: Required<RateLimitOptions> = FLOOD_LIMIT) {
    this.perSecond = options.perSecond ?? defaults.perSecond;
    this.burst = options.burst ?? defaults.burst;
    this.tokens = this.burst;
  }

  /** Takes one token at time `now` (ms); false when the bucket is empty (the message is over the limit). */
  take(now: number): boolean {
    if (this.last !== null) this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
