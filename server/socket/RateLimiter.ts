/**
 * Flood detection per socket: more than `limit` messages in each of `sustainWindows` consecutive
 * one-second windows (default: over 60/s for 5 s) is a flood. A short burst, or a client that
 * sends 30 cursor updates a second plus the odd action, never trips it.
 */

export interface RateLimitOptions {
  /** Messages allowed per window. */
  limit?: number;
  /** Window length in ms. */
  windowMs?: number;
  /** How many consecutive over-limit windows make a flood. */
  sustainWindows?: number;
}

export class RateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly sustainWindows: number;
  private windowStart = -Infinity;
  private count = 0;
  /** Consecutive over-limit windows that ended right before the current one. */
  private streak = 0;

  constructor(options: RateLimitOptions = {}) {
    this.limit = options.limit ?? 60;
    this.windowMs = options.windowMs ?? 1000;
    this.sustainWindows = options.sustainWindows ?? 5;
  }

  /** Counts one message at time `now` (ms); returns true when the sender is flooding. */
  hit(now: number): boolean {
    if (now >= this.windowStart + this.windowMs) this.roll(now);
    this.count++;
    return this.count > this.limit && this.streak + 1 >= this.sustainWindows;
  }

  private roll(now: number): void {
    const elapsed = Math.floor((now - this.windowStart) / this.windowMs);
    // Only an over-limit window that is immediately followed by the new one continues a streak.
    this.streak = elapsed === 1 && this.count > this.limit ? this.streak + 1 : 0;
    this.windowStart = elapsed === 1 ? this.windowStart + this.windowMs : now;
    this.count = 0;
  }
}
