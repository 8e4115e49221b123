/**
 * The binary `frames` message: one per client per room tick, carrying every cursor that moved.
 *
 * Layout (little-endian):
 *   header (8 bytes): u8 magic 0x4c ('L'), u8 version (1), u16 entry count, u32 tick number
 *   entry  (16 bytes + pixels): u16 cursor id, u8 kind (FrameKind), u8 flags (bit 0: ghost),
 *          u32 seq (the client's cursor sequence number this frame answers; 0 for ghosts),
 *          f32 z[0], f32 z[1], then pixels: 784 bytes for FULL (28x28), 196 for THUMB (14x14),
 *          none for POSITION (the cursor moved but no image is sent this tick), 1,024 for DENSITY
 * Pixels are row-major uint8 intensities, 0 = background, 255 = ink.
 * A DENSITY entry (id 0, z unused) is a 32x32 map of the crowd over the room's bounds: row 0 at
 * yMax, column 0 at xMin, each cell the number of cursors in it (255 at most). Large rooms send it
 * instead of every cursor's position (docs/protocol.md, "What each client gets").
 */
import { IMAGE_PIXELS, IMAGE_SIZE } from './constants.js';

export const FRAME_MAGIC = 0x4c;
export const FRAME_VERSION = 2;
export const FRAME_HEADER_BYTES = 8;
export const FRAME_ENTRY_BYTES = 16;
export const THUMB_SIZE = IMAGE_SIZE / 2;
export const THUMB_PIXELS = THUMB_SIZE * THUMB_SIZE;
export const DENSITY_SIZE = 32;
export const DENSITY_CELLS = DENSITY_SIZE * DENSITY_SIZE;

export const FrameKind = { position: 0, thumb: 1, full: 2, density: 3 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export interface FrameEntry {
  id: number;
  kind: FrameKind;
  ghost: boolean;
  seq: number;
  z: [number, number];
  /** 784 bytes (full), 196 (thumb), empty (position) or 1,024 (density). */
  pixels: Uint8Array;
}

export interface FrameMessage {
  tick: number;
  entries: FrameEntry[];
}

const PIXELS: Record<FrameKind, number> = { [FrameKind.position]: 0, [FrameKind.thumb]: THUMB_PIXELS, [FrameKind.full]: IMAGE_PIXELS, [FrameKind.density]: DENSITY_CELLS };

function pixelCount(kind: FrameKind): number {
  return PIXELS[kind] ?? 0;
}

/** Size in bytes of one encoded entry. */
export function entryBytes(kind: FrameKind): number {
  return FRAME_ENTRY_BYTES + pixelCount(kind);
}

/** Writes one entry at `offset` of `view`/`bytes`; returns the offset after it. */
function writeEntry(bytes: Uint8Array, offset: number, e: FrameEntry): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = pixelCount(e.kind);
  if (e.pixels.length !== n) throw new Error(`frame entry of kind ${e.kind} needs ${n} pixels, got ${e.pixels.length}`);
  view.setUint16(offset, e.id, true);
  view.setUint8(offset + 2, e.kind);
  view.setUint8(offset + 3, e.ghost ? 1 : 0);
  view.setUint32(offset + 4, e.seq >>> 0, true);
  view.setFloat32(offset + 8, e.z[0], true);
  view.setFloat32(offset + 12, e.z[1], true);
  bytes.set(e.pixels, offset + FRAME_ENTRY_BYTES);
  return offset + FRAME_ENTRY_BYTES + n;
}

/** Encodes a whole message. */
export function encodeFrames(msg: FrameMessage): Uint8Array {
  return encodeFrameParts(msg.tick, [encodeEntries(msg.entries)], msg.entries.length);
}

/** Encodes entries without a header, so a server can build the shared part of a tick once. */
export function encodeEntries(entries: FrameEntry[]): Uint8Array {
  const size = entries.reduce((s, e) => s + entryBytes(e.kind), 0);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const e of entries) offset = writeEntry(out, offset, e);
  return out;
}

/** Joins a header and pre-encoded entry blocks holding `count` entries in all. */
export function encodeFrameParts(tick: number, parts: Uint8Array[], count: number): Uint8Array {
  if (count > 0xffff) throw new Error('too many entries in one frame message');
  const size = FRAME_HEADER_BYTES + parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint8(0, FRAME_MAGIC);
  view.setUint8(1, FRAME_VERSION);
  view.setUint16(2, count, true);
  view.setUint32(4, tick >>> 0, true);
  let offset = FRAME_HEADER_BYTES;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Decodes a message; throws on a malformed one. Pixel arrays are views into `data`. */
export function decodeFrames(data: ArrayBuffer | Uint8Array): FrameMessage {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < FRAME_HEADER_BYTES || view.getUint8(0) !== FRAME_MAGIC) throw new Error('not a frame message');
  if (view.getUint8(1) !== FRAME_VERSION) throw new Error(`frame version ${view.getUint8(1)} is not supported`);
  const count = view.getUint16(2, true);
  const tick = view.getUint32(4, true);
  const entries: FrameEntry[] = [];
  let offset = FRAME_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (offset + FRAME_ENTRY_BYTES > bytes.length) throw new Error('frame message truncated');
    const kind = view.getUint8(offset + 2) as FrameKind;
    const n = pixelCount(kind);
    if (kind > FrameKind.density || offset + FRAME_ENTRY_BYTES + n > bytes.length) throw new Error('frame message truncated');
    entries.push({
      id: view.getUint16(offset, true),
      kind,
      ghost: (view.getUint8(offset + 3) & 1) === 1,
      seq: view.getUint32(offset + 4, true),
      z: [view.getFloat32(offset + 8, true), view.getFloat32(offset + 12, true)],
      pixels: bytes.subarray(offset + FRAME_ENTRY_BYTES, offset + FRAME_ENTRY_BYTES + n),
    });
    offset += FRAME_ENTRY_BYTES + n;
  }
  if (offset !== bytes.length) throw new Error('frame message has trailing bytes');
  return { tick, entries };
}

/** Halves a 28x28 frame to 14x14 by averaging 2x2 blocks: a quarter of the bytes for thumbnails. */
export function thumbnail(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(THUMB_PIXELS);
  for (let y = 0; y < THUMB_SIZE; y++) {
    for (let x = 0; x < THUMB_SIZE; x++) {
      const i = 2 * y * IMAGE_SIZE + 2 * x;
      out[y * THUMB_SIZE + x] = (frame[i] + frame[i + 1] + frame[i + IMAGE_SIZE] + frame[i + IMAGE_SIZE + 1] + 2) >> 2;
    }
  }
  return out;
}

/**
 * Counts points into a DENSITY_SIZE x DENSITY_SIZE grid over `bounds` ([xMin, yMin, xMax, yMax]),
 * row 0 at the top (yMax); a cell holds at most 255.
 */
export function densityGrid(points: Iterable<readonly [number, number]>, bounds: readonly [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(DENSITY_CELLS);
  const [x0, y0, x1, y1] = bounds;
  const cell = (v: number, lo: number, hi: number) => Math.min(DENSITY_SIZE - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * DENSITY_SIZE)));
  for (const [x, y] of points) {
    const i = (DENSITY_SIZE - 1 - cell(y, y0, y1)) * DENSITY_SIZE + cell(x, x0, x1);
    if (out[i] < 255) out[i]++;
  }
  return out;
}
