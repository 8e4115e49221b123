import { describe, expect, it } from 'vitest';
import { decodeFrames, DENSITY_CELLS, encodeFrames, FrameKind } from '../../shared/frameCodec';
import { createFrameStore } from '../../app/lib/frameStore';

function message(entries: { id: number; kind?: FrameKind; ghost?: boolean; z: [number, number]; fill?: number }[]) {
  const encoded = encodeFrames({
    tick: 1,
    entries: entries.map((e) => {
      const kind = e.kind ?? FrameKind.full;
      const n = kind === FrameKind.full ? 784 : kind === FrameKind.thumb ? 196 : 0;
      return { id: e.id, kind, ghost: e.ghost ?? false, seq: 0, z: e.z, pixels: new Uint8Array(n).fill(e.fill ?? 0) };
    }),
  });
  return decodeFrames(encoded);
}

describe('the frame store', () => {
  it('keeps the latest frame of each cursor, copied out of the message buffer', () => {
    const store = createFrameStore();
    const msg = message([{ id: 3, z: [1, 2], fill: 200 }]);
    store.apply(msg);
    msg.entries[0].pixels.fill(0); // the socket may reuse the buffer
    const c = store.cursors.get(3)!;
    expect(c.z).toEqual([1, 2]);
    expect(c.pixels?.[100]).toBe(200);
    expect(c.version).toBe(1);
  });

  it('keeps the crowd map of a large room, and forgets the thumbnail cursors it has had no news of', () => {
    const store = createFrameStore();
    store.apply(message([{ id: 1, z: [0, 0], fill: 9 }, { id: 2, kind: FrameKind.thumb, z: [1, 1] }, { id: 3, kind: FrameKind.thumb, z: [2, 2] }]), 0);
    store.apply(message([{ id: 3, kind: FrameKind.position, z: [2, 2.5] }]), 1000);
    const cells = new Uint8Array(DENSITY_CELLS);
    cells[5] = 7;
    const map = decodeFrames(encodeFrames({ tick: 2, entries: [{ id: 0, kind: FrameKind.density, ghost: false, seq: 0, z: [0, 0], pixels: cells }] }));
    store.apply(map, 2000);
    expect(store.crowd?.cells[5]).toBe(7);
    expect(store.crowd?.version).toBe(1);
    // 2 had no news for 2 s: it is part of the map now; 1 (a full-size digit) and 3 (heard of) stay.
    expect([...store.cursors.keys()].sort()).toEqual([1, 3]);
    expect(store.cursors.has(0)).toBe(false);
  });

  it('moves a cursor without a new image on a position entry', () => {
    const store = createFrameStore();
    store.apply(message([{ id: 1, z: [0, 0], fill: 9 }]));
    store.apply(message([{ id: 1, kind: FrameKind.position, z: [0.5, 0.5] }]));
    const c = store.cursors.get(1)!;
    expect(c.z).toEqual([0.5, 0.5]);
    expect(c.version).toBe(1);
    expect(c.pixels?.[0]).toBe(9);
  });

  it('eases the shown position towards the target, reaching it in a few hundred ms', () => {
    const store = createFrameStore();
    store.apply(message([{ id: 1, z: [0, 0] }]));
    store.apply(message([{ id: 1, z: [1, 0] }]));
    const c = store.cursors.get(1)!;
    store.smooth(16);
    expect(c.shown[0]).toBeGreaterThan(0);
    expect(c.shown[0]).toBeLessThan(0.5);
    for (let i = 0; i < 30; i++) store.smooth(16);
    expect(c.shown[0]).toBeCloseTo(1, 3);
  });

  it('keeps a trail for ghosts only', () => {
    const store = createFrameStore();
    for (let i = 0; i < 100; i++) store.apply(message([{ id: 1, z: [i, 0], ghost: true }, { id: 2, z: [i, 0] }]));
    expect(store.cursors.get(1)!.trail.length).toBe(48);
    expect(store.cursors.get(1)!.trail.at(-1)).toEqual([99, 0]);
    expect(store.cursors.get(2)!.trail.length).toBe(0);
  });

  it('forgets cursors that left the room', () => {
    const store = createFrameStore();
    store.apply(message([{ id: 1, z: [0, 0] }, { id: 2, z: [0, 0] }]));
    store.retain([2]);
    expect([...store.cursors.keys()]).toEqual([2]);
  });

  it('gives different checksums to different digits and caches per version', () => {
    const store = createFrameStore();
    store.apply(message([{ id: 1, z: [0, 0], fill: 1 }, { id: 2, z: [0, 0], fill: 2 }]));
    const a = store.checksum(1);
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(store.checksum(2)).not.toBe(a);
    expect(store.checksum(1)).toBe(a);
    expect(store.checksum(99)).toBeNull();
  });
});
