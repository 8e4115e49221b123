/**
 * A room's own tick rate under load. When its decodes cannot keep up (ticks skipped because the
 * previous decode still ran, or decodes taking most of the tick), the room ticks slower, evenly,
 * instead of merging ticks at random; once decodes would take under 70 % of a faster tick for a
 * few seconds, it steps back up towards the rate the host set. Judged once per window of the room's clock.
 */

/** The counters it reads (RoomMetrics). */
export interface DecodeCounters {
  readonly lateTicks: number;
  readonly skippedTicks: number;
  readonly decodeRuns: number;
  readonly decodeMsTotal: number;
}

export interface AdaptiveTickOptions {
  /** How long a judgement window is (ms of the room's clock). Default 1,000. */
  windowMs?: number;
  /** Never below this rate. Default 5 Hz. */
  minRate?: number;
  /** Quiet windows in a row before stepping up. Default 3. */
  calmWindows?: number;
}

/** A decode may take this share of a tick; lowering aims here too. */
const BUSY_SHARE = 0.8;
/**
 * Step back up to the fastest rate at which a decode takes under this share of the tick (the gap
 * to BUSY_SHARE keeps a room from stepping up into a rate it must leave again).
 */
const CALM_SHARE = 0.7;

export class AdaptiveTick {
  /** The rate the room ticks at now. */
  rate: number;
  /** The rate asked for (the host's). */
  target: number;
  private windowStart: number;
  private last: DecodeCounters;
  private calm = 0;
  private readonly windowMs: number;
  private readonly minRate: number;
  private readonly calmWindows: number;

  constructor(target: number, now: number, counters: DecodeCounters, opts: AdaptiveTickOptions = {}) {
    this.rate = this.target = target;
    this.windowStart = now;
    this.last = { ...counters };
    this.windowMs = opts.windowMs ?? 1000;
    this.minRate = opts.minRate ?? 5;
    this.calmWindows = opts.calmWindows ?? 3;
  }

  /** True while the room ticks slower than asked. */
  get lowered(): boolean {
    return this.rate < this.target;
  }

  /** The host set a new rate: start from it. */
  setTarget(hz: number): void {
    this.rate = this.target = hz;
    this.calm = 0;
  }

  /** Called every tick; true when the rate changed. */
  observe(now: number, counters: DecodeCounters): boolean {
    if (now - this.windowStart < this.windowMs) return false;
    const skipped = counters.skippedTicks - this.last.skippedTicks;
    const late = counters.lateTicks - this.last.lateTicks;
    const runs = counters.decodeRuns - this.last.decodeRuns;
    const avgMs = runs > 0 ? (counters.decodeMsTotal - this.last.decodeMsTotal) / runs : 0;
    this.windowStart = now;
    this.last = { ...counters };
    const before = this.rate;
    // A late tick now and then is a passing hiccup (a GC, a burst of joins); one in ten is a load.
    if (skipped > 0 || late > this.rate / 10 || avgMs > BUSY_SHARE * (1000 / this.rate)) {
      this.calm = 0;
      const fits = avgMs > 0 ? Math.floor((BUSY_SHARE * 1000) / avgMs) : this.rate - 1;
      this.rate = Math.max(this.minRate, Math.min(this.rate - 1, fits));
    } else if (this.rate < this.target) {
      // At most a quarter faster a step, and no faster than the decodes leave room for.
      const fitsUp = avgMs > 0 ? Math.floor((CALM_SHARE * 1000) / avgMs) : this.target;
      const up = Math.min(this.target, fitsUp, this.rate + Math.max(1, Math.round(this.rate / 4)));
      this.calm = up > this.rate ? this.calm + 1 : 0;
      if (this.calm >= this.calmWindows) {
        this.rate = up;
        this.calm = 0;
      }
    }
    return this.rate !== before;
  }
}
