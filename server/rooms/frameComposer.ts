/**
 * Builds the binary `frames` messages of one room tick. The shared part (every updated cursor at the
 * size everyone sees it) is encoded once; a client's own message splices its own cursor's full
 * frame into it, so the per-client cost is one copy of the message, not one encode.
 */
import { IMAGE_PIXELS } from '../../shared/constants.js';
import {
  encodeEntries,
  encodeFrameParts,
  FrameKind,
  thumbnail,
  type FrameEntry,
} from '../../shared/frameCodec.js';
import type { Detail } from '../../shared/latent.js';
import type { Cursor, TickUpdate } from './types.js';

export type { TickUpdate };

const EMPTY = new Uint8Array(0);

function entryOf(c: Cursor, kind: FrameKind): FrameEntry {
  const frame = c.frame ?? new Uint8Array(IMAGE_PIXELS);
  const pixels = kind === FrameKind.full ? frame : kind === FrameKind.thumb ? thumbnail(frame) : EMPTY;
  return { id: c.id, kind, ghost: c.ghost, seq: c.frameSeq, z: c.frameZ, pixels };
}

export class TickFrames {
  private readonly shared: Uint8Array;
  private readonly spans = new Map<number, { start: number; end: number; update: TickUpdate }>();
  private sharedMessage: Uint8Array | null = null;
  private fullMessage: Uint8Array | null | undefined;

  constructor(
    private readonly tick: number,
    private readonly updates: TickUpdate[],
  ) {
    const blocks = updates.map((u) => encodeEntries([entryOf(u.cursor, u.kind)]));
    this.shared = new Uint8Array(blocks.reduce((s, b) => s + b.length, 0));
    let offset = 0;
    blocks.forEach((b, i) => {
      this.shared.set(b, offset);
      this.spans.set(updates[i].cursor.id, { start: offset, end: offset + b.length, update: updates[i] });
      offset += b.length;
    });
  }

  /** Bytes of the shared part (for metrics). */
  get sharedBytes(): number {
    return this.shared.length;
  }

  /** The message for one client, or null when it has nothing new for them. */
  forClient(ownId: number | null, detail: Detail): Uint8Array | null {
    if (detail === 'full') return this.full();
    const own = ownId === null ? undefined : this.spans.get(ownId);
    if (!own || (own.update.decoded && own.update.kind === FrameKind.full)) return this.sharedAll();
    const before = this.shared.subarray(0, own.start);
    const after = this.shared.subarray(own.end);
    if (!own.update.decoded) {
      // Your own cursor only owed the room a thumbnail: you already have its full frame.
      const count = this.updates.length - 1;
      return count === 0 ? null : encodeFrameParts(this.tick, [before, after], count);
    }
    const mine = encodeEntries([entryOf(own.update.cursor, FrameKind.full)]);
    return encodeFrameParts(this.tick, [before, mine, after], this.updates.length);
  }

  private sharedAll(): Uint8Array | null {
    if (this.updates.length === 0) return null;
    this.sharedMessage ??= encodeFrameParts(this.tick, [this.shared], this.updates.length);
    return this.sharedMessage;
  }

  /** Every decoded cursor at full size, for presenter clients. */
  private full(): Uint8Array | null {
    if (this.fullMessage === undefined) {
      const decoded = this.updates.filter((u) => u.decoded);
      this.fullMessage = decoded.length
        ? encodeFrameParts(this.tick, [encodeEntries(decoded.map((u) => entryOf(u.cursor, FrameKind.full)))], decoded.length)
        : null;
    }
    return this.fullMessage;
  }
}

/**
 * The message a client gets right after joining: the current frame of every cursor that has one,
 * full size for their own cursor, ghosts, the spotlight and presenters, thumbnails otherwise.
 */
export function joinFrames(
  tick: number,
  cursors: Cursor[],
  ownId: number,
  detail: Detail,
  spotlight: number | null,
): Uint8Array {
  const entries = cursors
    .filter((c) => c.frame)
    .map((c) => {
      const full = detail === 'full' || c.ghost || c.id === ownId || c.id === spotlight;
      return entryOf(c, full ? FrameKind.full : FrameKind.thumb);
    });
  return encodeFrameParts(tick, [encodeEntries(entries)], entries.length);
}
