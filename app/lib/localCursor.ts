/**
 * Your own cursor: where you point on the plane. Set by the pointer, the arrow keys or a link;
 * read by the plane every animation frame and sent (throttled) by the room connection. Kept out
 * of React state for the same reason as frames: it changes at pointer rate.
 */
import { clampToBounds, type LatentBounds, type LatentPoint } from '../../shared/latent';

export interface LocalCursor {
  /** Null until you first point somewhere. */
  readonly z: LatentPoint | null;
  /** Bumped on every change. */
  readonly version: number;
  /** The sequence number of the last change, sent with it so frames can be matched to it. */
  readonly seq: number;
  set(z: LatentPoint): void;
  /** Moves by (dx, dy) in z units, from the origin if you had no cursor yet. */
  step(dx: number, dy: number): void;
  setBounds(bounds: LatentBounds | null): void;
  subscribe(listener: (z: LatentPoint, seq: number) => void): () => void;
}

export function createLocalCursor(): LocalCursor {
  let z: LatentPoint | null = null;
  let version = 0;
  let seq = 0;
  let bounds: LatentBounds | null = null;
  const listeners = new Set<(z: LatentPoint, seq: number) => void>();

  function set(next: LatentPoint) {
    if (!Number.isFinite(next[0]) || !Number.isFinite(next[1])) return;
    const p = bounds ? clampToBounds(bounds, next) : next;
    if (z && z[0] === p[0] && z[1] === p[1]) return;
    z = [p[0], p[1]];
    version++;
    seq = (seq + 1) >>> 0;
    for (const l of listeners) l(z, seq);
  }

  return {
    get z() {
      return z;
    },
    get version() {
      return version;
    },
    get seq() {
      return seq;
    },
    set,
    step(dx, dy) {
      const from = z ?? [0, 0];
      set([from[0] + dx, from[1] + dy]);
    },
    setBounds(b) {
      bounds = b;
      if (z && b) set(z);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
