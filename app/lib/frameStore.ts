/**
 * The latest decoded frame of every cursor, kept OUT of React state: the socket writes it up to
 * 60 times a second and the Pixi plane and digit canvases read it on their animation frames,
 * redrawing only what changed (each cursor has a version number).
 */
import { FrameKind, type FrameMessage } from '../../shared/frameCodec';
import { pixelChecksum } from './digitPixels';
import { IMAGE_PIXELS } from '../../shared/constants';
import type { LatentPoint as LatentPoint } from '../../shared/latent';

export interface CursorFrame {
  id: number;
  ghost: boolean;
  /** The z the server last reported. */
  z: LatentPoint;
  /** Where the plane draws the cursor: eased towards `z` so 20 Hz updates look smooth. */
  shown: LatentPoint;
  /** The latest image (784 bytes full or 196 thumbnail), or null before the first one. */
  pixels: Uint8Array | null;
  /** Bumped whenever `pixels` changes. */
  version: number;
  /** The client sequence number this frame answers (0 for ghosts). */
  seq: number;
  updatedAt: number;
  /** Recent positions (ghosts only), oldest first, for the fading trail. */
  trail: LatentPoint[];
}

/** The density map of a large room's crowd (a DENSITY entry: 32x32 counts over the room's bounds). */
export interface CrowdMap {
  cells: Uint8Array;
  /** Bumped with every new map. */
  version: number;
  receivedAt: number;
}

export interface FrameStore {
  readonly cursors: Map<number, CursorFrame>;
  /** The latest crowd map, or null in rooms small enough to send every position. */
  readonly crowd: CrowdMap | null;
  /** Bumped on every applied message. */
  readonly version: number;
  apply(msg: FrameMessage, now?: number): void;
  /** Forgets cursors that are no longer in the room. */
  retain(ids: Iterable<number>): void;
  /** Eases every shown position towards its target; `dtMs` since the last call. Returns the largest distance (in z) still to go. */
  smooth(dtMs: number): number;
  /** The checksum of a cursor's current pixels (cached per version). */
  checksum(id: number): string | null;
  clear(): void;
}

/** Time constant of the easing: about two ticks at 20 Hz. */
const SMOOTH_TAU_MS = 60;
const TRAIL_LENGTH = 48;
/**
 * With a crowd map, the server only sends news of your nearest cursors: one without news for this
 * long is part of the map now (digits sent full size, yours, the spotlight's and ghosts', stay).
 */
const CROWD_FORGET_MS = 1500;

export function createFrameStore(): FrameStore {
  const cursors = new Map<number, CursorFrame>();
  const sums = new Map<number, { version: number; sum: string }>();
  let version = 0;
  let crowd: CrowdMap | null = null;

  function entryFor(id: number, ghost: boolean, z: LatentPoint, now: number): CursorFrame {
    let c = cursors.get(id);
    if (!c) {
      c = { id, ghost, z: [z[0], z[1]], shown: [z[0], z[1]], pixels: null, version: 0, seq: 0, updatedAt: now, trail: [] };
      cursors.set(id, c);
    }
    return c;
  }

  return {
    cursors,
    get version() {
      return version;
    },
    get crowd() {
      return crowd;
    },
    apply(msg, now = Date.now()) {
      for (const e of msg.entries) {
        if (e.kind === FrameKind.density) {
          crowd = { cells: e.pixels.slice(), version: (crowd?.version ?? 0) + 1, receivedAt: now };
          for (const c of cursors.values()) {
            if (!c.ghost && c.pixels?.length !== IMAGE_PIXELS && now - c.updatedAt > CROWD_FORGET_MS) cursors.delete(c.id);
          }
          continue;
        }
        const c = entryFor(e.id, e.ghost, e.z, now);
        c.ghost = e.ghost;
        c.z = [e.z[0], e.z[1]];
        c.seq = e.seq;
        c.updatedAt = now;
        if (e.ghost) {
          c.trail.push([e.z[0], e.z[1]]);
          if (c.trail.length > TRAIL_LENGTH) c.trail.shift();
        }
        if (e.kind === FrameKind.position) continue;
        // The decoder hands out views into the message buffer: copy, reusing the array.
        if (!c.pixels || c.pixels.length !== e.pixels.length) c.pixels = new Uint8Array(e.pixels.length);
        c.pixels.set(e.pixels);
        c.version++;
      }
      version++;
    },
    retain(ids) {
      const keep = new Set(ids);
      for (const id of cursors.keys()) {
        if (!keep.has(id)) {
          cursors.delete(id);
          sums.delete(id);
        }
      }
    },
    smooth(dtMs) {
      const k = 1 - Math.exp(-Math.max(0, dtMs) / SMOOTH_TAU_MS);
      let left = 0;
      for (const c of cursors.values()) {
        c.shown[0] += (c.z[0] - c.shown[0]) * k;
        c.shown[1] += (c.z[1] - c.shown[1]) * k;
        left = Math.max(left, Math.abs(c.z[0] - c.shown[0]), Math.abs(c.z[1] - c.shown[1]));
      }
      return left;
    },
    checksum(id) {
      const c = cursors.get(id);
      if (!c?.pixels) return null;
      const cached = sums.get(id);
      if (cached && cached.version === c.version) return cached.sum;
      const sum = pixelChecksum(c.pixels);
      sums.set(id, { version: c.version, sum });
      return sum;
    },
    clear() {
      cursors.clear();
      crowd = null;
      sums.clear();
      version++;
    },
  };
}
