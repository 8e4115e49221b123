import { describe, expect, it } from 'vitest';
import { decodeFrames, FrameKind } from '../../shared/frameCodec.js';
import { joinFrames, TickFrames, type TickUpdate } from '../../server/rooms/frameComposer.js';
import { newCursor, type Cursor } from '../../server/rooms/types.js';

function cursor(id: number, fill: number, ghost = false): Cursor {
  const c = newCursor(id, ghost);
  c.frame = new Uint8Array(784).fill(fill);
  c.frameZ = [id, -id];
  c.frameSeq = id * 10;
  c.z = [id, -id];
  return c;
}

describe('TickFrames', () => {
  const a = cursor(1, 10);
  const b = cursor(2, 20);
  const g = cursor(3, 30, true);
  const updates: TickUpdate[] = [
    { cursor: a, decoded: true, kind: FrameKind.thumb },
    { cursor: b, decoded: true, kind: FrameKind.position },
    { cursor: g, decoded: true, kind: FrameKind.full },
  ];
  const frames = new TickFrames(9, updates);

  it('sends an onlooker the shared part: thumbnails, positions and full ghosts', () => {
    const msg = decodeFrames(frames.forClient(null, 'auto')!);
    expect(msg.tick).toBe(9);
    expect(msg.entries.map((e) => [e.id, e.kind, e.pixels.length])).toEqual([[1, FrameKind.thumb, 196], [2, FrameKind.position, 0], [3, FrameKind.full, 784]]);
    expect(msg.entries[0].pixels[0]).toBe(10);
    expect(msg.entries[2].ghost).toBe(true);
  });

  it('splices the full frame of your own cursor into your message, with its seq', () => {
    const msg = decodeFrames(frames.forClient(2, 'auto')!);
    const mine = msg.entries.find((e) => e.id === 2)!;
    expect(mine.kind).toBe(FrameKind.full);
    expect(mine.seq).toBe(20);
    expect(mine.pixels[0]).toBe(20);
    expect(msg.entries.map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('encodes the shared message once for every onlooker', () => {
    expect(frames.forClient(null, 'auto')).toBe(frames.forClient(99, 'auto'));
  });

  it('sends presenters everything at full size', () => {
    const msg = decodeFrames(frames.forClient(null, 'full')!);
    expect(msg.entries.every((e) => e.kind === FrameKind.full)).toBe(true);
  });

  it('leaves out an owed thumbnail of your own cursor, since you have its full frame', () => {
    const owed = new TickFrames(10, [{ cursor: a, decoded: false, kind: FrameKind.thumb }]);
    expect(owed.forClient(1, 'auto')).toBeNull();
    expect(decodeFrames(owed.forClient(2, 'auto')!).entries).toHaveLength(1);
    expect(owed.forClient(2, 'full')).toBeNull(); // presenters already have it at full size
  });
});

describe('joinFrames', () => {
  it('gives a newcomer thumbnails of others and full frames of ghosts, the spotlight and themselves', () => {
    const cs = [cursor(1, 1), cursor(2, 2), cursor(3, 3, true), cursor(4, 4), newCursor(5, false)];
    const msg = decodeFrames(joinFrames(0, cs, 1, 'auto', 4));
    expect(msg.entries.map((e) => [e.id, e.kind])).toEqual([
      [1, FrameKind.full], [2, FrameKind.thumb], [3, FrameKind.full], [4, FrameKind.full],
    ]);
  });
});
