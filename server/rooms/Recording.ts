/**
 * A participant's recording in progress: their cursor's z sampled at each room tick, with the time
 * since the start. Sampling stops (nothing is dropped) at the duration or sample cap; the samples
 * wait for `record:stop` to be saved.
 */

export class Recording {
  readonly t: number[] = [];
  readonly z: number[] = [];
  /** Set once a cap is reached; later samples are ignored. */
  full = false;
  /** Time of the first sample, so the saved path starts at t = 0. */
  private offset = 0;

  constructor(
    private readonly startedAt: number,
    private readonly maxSamples: number,
    private readonly maxMs: number,
  ) {}

  /** Adds a sample at time `now` (ms); returns true when this call hit a cap. */
  sample(now: number, z: readonly [number, number] | null): boolean {
    if (this.full || !z) return false;
    const t = Math.max(0, Math.round(now - this.startedAt));
    if (t > this.maxMs || this.t.length >= this.maxSamples) {
      this.full = true;
      return true;
    }
    // The path starts at t = 0 however late the cursor first moved after record:start.
    if (this.t.length === 0) this.offset = t;
    this.t.push(t - this.offset);
    this.z.push(z[0], z[1]);
    return false;
  }

  get sampleCount(): number {
    return this.t.length;
  }
}
