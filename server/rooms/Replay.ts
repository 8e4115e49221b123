/**
 * A replay: a ghost cursor walking a stored path at its recorded timing, scaled by a speed. It holds
 * each sample until the path's clock passes the next one (the article's walks are discrete steps),
 * so the ghost only needs decoding when it reaches a new sample.
 */
import type { PathDetail, ReplayInfo } from '../../shared/protocol.js';
import { newCursor, type Cursor } from './types.js';

/** How long a finished (non-looping) replay shows its last digit before it leaves. */
const LINGER_MS = 1000;

export class Replay {
  readonly cursor: Cursor;
  speed: number;
  loop: boolean;
  paused = false;
  /** Position on the path's clock, in ms. */
  private pos = 0;
  private started = false;
  private index = -1;
  private readonly t: number[];
  private readonly z: number[];
  /** Length of one loop: the last sample's time plus a typical step, so it is shown too. */
  private readonly period: number;

  constructor(
    id: number,
    readonly path: PathDetail,
    readonly color: string,
    readonly startedBy: number,
    options: { speed: number; loop: boolean },
  ) {
    this.cursor = newCursor(id, true);
    this.t = path.t;
    this.z = path.z;
    this.speed = options.speed;
    this.loop = options.loop;
    const n = path.t.length;
    const step = n > 1 ? (path.t[n - 1] - path.t[0]) / (n - 1) : 100;
    this.period = path.t[n - 1] + Math.max(1, step);
    this.moveTo(0);
  }

  /**
   * Advances the clock by `dtMs` of wall time. Returns false once a non-looping replay is over
   * (after lingering on its last sample), true while it runs.
   */
  advance(dtMs: number): boolean {
    // The clock starts at the first tick after the start, so the first sample is always shown.
    if (!this.started) return (this.started = true);
    if (this.paused) return true;
    this.pos += dtMs * this.speed;
    if (this.loop && this.pos >= this.period) {
      this.pos %= this.period;
      this.index = -1;
    }
    const last = this.t.length - 1;
    if (!this.loop && this.pos >= this.t[last] + LINGER_MS) return false;
    let i = Math.max(0, this.index);
    while (i < last && this.t[i + 1] <= this.pos) i++;
    this.moveTo(i);
    return true;
  }

  private moveTo(i: number): void {
    if (i === this.index) return;
    this.index = i;
    this.cursor.z = [this.z[2 * i], this.z[2 * i + 1]];
    this.cursor.moved = true;
  }

  info(): ReplayInfo {
    return {
      id: this.cursor.id, pathId: this.path.id, pathName: this.path.name, color: this.color,
      speed: this.speed, loop: this.loop, paused: this.paused, startedBy: this.startedBy,
    };
  }
}
