/**
 * Interest management in-process: what each client of a room of 10, 100 and 300 gets per tick,
 * and that it stays within its budget (docs/protocol.md, "What each client gets").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DENSITY_CELLS, FRAME_ENTRY_BYTES, FRAME_HEADER_BYTES, FrameKind, type FrameMessage } from '../../shared/frameCodec.js';
import { crowdEvery, nearCount, presenterFullPerTick, PRESENTER_BYTES_PER_SECOND, VIEWER_BYTES_PER_SECOND } from '../../server/rooms/interestBudget.js';
import { createRoomTestServer, TEST_BOUNDS, type RoomTestServer, type TestConnection } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

const RATE = 20;
/** socket.io's framing per message, as the budget counts it. */
const OVERHEAD = 64;

function bytesOf(frames: FrameMessage[]): number {
  return frames.reduce((s, f) => s + FRAME_HEADER_BYTES + OVERHEAD + f.entries.reduce((t, e) => t + FRAME_ENTRY_BYTES + e.pixels.length, 0), 0);
}

/** Where participant i of n walks at tick t: spread over the VAE's plane, each on its own small circle. */
function spot(i: number, n: number, t: number): [number, number] {
  const [x0, y0, x1, y1] = TEST_BOUNDS.vae;
  const cols = Math.ceil(Math.sqrt(n));
  const cx = x0 + ((i % cols) + 0.5) * ((x1 - x0) / cols);
  const cy = y0 + (Math.floor(i / cols) + 0.5) * ((y1 - y0) / cols);
  return [cx + 0.05 * Math.cos(t + i), cy + 0.05 * Math.sin(t + i)];
}

async function room(n: number, presenter = false) {
  server = createRoomTestServer({ limits: { participantsPerRoom: 300 } });
  const people: (TestConnection & { you: { id: number } })[] = [];
  for (let i = 0; i < n; i++) people.push(await server.joined('hall', presenter && i === 0 ? { detail: 'full' } : {}));
  let t = 0;
  const step = async () => {
    t++;
    await Promise.all(people.map((p, i) => p.request('cursor', { z: spot(i, n, t), seq: t })));
    await server.tick(1000 / RATE);
  };
  await step();
  await step();
  for (const p of people) p.clear();
  return { people, step };
}

describe('what each client of a room gets', () => {
  it('in a room of 10: its own digit full size every tick, everyone else as thumbnails', async () => {
    const { people, step } = await room(10);
    for (let i = 0; i < 4; i++) await step();
    const me = people[3];
    expect(me.frames).toHaveLength(4);
    for (const f of me.frames) expect(f.entries.find((e) => e.id === me.you.id)?.kind).toBe(FrameKind.full);
    const thumbs = new Set(me.entries().filter((e) => e.kind === FrameKind.thumb).map((e) => e.id));
    expect(thumbs).toEqual(new Set(people.filter((p) => p !== me).map((p) => p.you.id)));
  });

  it('in a room of 100: thumbnails of its K nearest only, the others as positions 5 times a second, within 140 KB/s', async () => {
    const { people, step } = await room(100);
    const ticks = 20;
    for (let i = 0; i < ticks; i++) await step();
    const me = people[45];
    const k = nearCount(RATE, 0, 100);
    expect(k).toBeGreaterThan(20);
    const thumbs = new Set(me.entries().filter((e) => e.kind === FrameKind.thumb).map((e) => e.id));
    expect(thumbs.size).toBe(k);
    // They are the nearest: none of the others is closer than the farthest of them.
    const mine = me.entries().find((e) => e.id === me.you.id)!.z;
    const dist = (id: number) => {
      const e = me.entries().filter((x) => x.id === id).at(-1)!;
      return Math.hypot(e.z[0] - mine[0], e.z[1] - mine[1]);
    };
    const farthestThumb = Math.max(...[...thumbs].map(dist));
    const others = people.filter((p) => p !== me && !thumbs.has(p.you.id));
    for (const p of others) expect(dist(p.you.id)).toBeGreaterThanOrEqual(farthestThumb - 0.1);
    // Everyone else: positions only, once per crowd period.
    for (const p of others) {
      const got = me.entries().filter((e) => e.id === p.you.id);
      expect(got.every((e) => e.kind === FrameKind.position)).toBe(true);
      expect(got.length).toBe(ticks / crowdEvery(RATE));
    }
    for (const f of me.frames) expect(f.entries.find((e) => e.id === me.you.id)?.kind).toBe(FrameKind.full);
    for (const p of people) expect((bytesOf(p.frames) * RATE) / ticks).toBeLessThan(VIEWER_BYTES_PER_SECOND);
  });

  it('in a room of 300: thumbnails of its nearest, the crowd as a density map of everyone, within 140 KB/s', async () => {
    const { people, step } = await room(300);
    const ticks = 20;
    for (let i = 0; i < ticks; i++) await step();
    const me = people[150];
    for (const f of me.frames) expect(f.entries.find((e) => e.id === me.you.id)?.kind).toBe(FrameKind.full);
    const maps = me.entries().filter((e) => e.kind === FrameKind.density);
    expect(maps).toHaveLength(ticks / crowdEvery(RATE));
    expect(maps[0].pixels).toHaveLength(DENSITY_CELLS);
    expect(maps[0].pixels.reduce((s, v) => s + v, 0)).toBe(300);
    // Besides the map, only its K nearest (the set shifts a little as everyone moves).
    const k = nearCount(RATE, 0, 300);
    for (const f of me.frames) expect(f.entries.filter((e) => e.kind !== FrameKind.density && e.id !== me.you.id).length).toBeLessThanOrEqual(k);
    const heard = new Set(me.entries().filter((e) => e.kind !== FrameKind.density && e.id !== me.you.id).map((e) => e.id));
    expect(heard.size).toBeGreaterThanOrEqual(k);
    expect(heard.size).toBeLessThan(k + 10);
    const rates = people.map((p) => (bytesOf(p.frames) * RATE) / ticks);
    expect(Math.max(...rates)).toBeLessThan(VIEWER_BYTES_PER_SECOND);
    // The budget is used, not wasted: a viewer gets most of it.
    expect(Math.min(...rates)).toBeGreaterThan(0.5 * VIEWER_BYTES_PER_SECOND);
  });

  it('in a room of 300, a presenter gets every digit full size in turn, within 1 MB/s', async () => {
    const { people, step } = await room(300, true);
    const presenter = people[0];
    const perTick = presenterFullPerTick(RATE, 300);
    const ticks = Math.ceil(300 / perTick) + 1;
    for (let i = 0; i < ticks; i++) await step();
    for (const f of presenter.frames) expect(f.entries.filter((e) => e.kind === FrameKind.full).length).toBeLessThanOrEqual(perTick);
    const full = new Set(presenter.entries().filter((e) => e.kind === FrameKind.full).map((e) => e.id));
    expect(full.size).toBe(300);
    expect((bytesOf(presenter.frames) * RATE) / ticks).toBeLessThan(PRESENTER_BYTES_PER_SECOND);
  });
});

describe('a client whose frame message was dropped', () => {
  it('gets what it missed in its next message: a cursor that moved once and stood still, and its own still digit', async () => {
    server = createRoomTestServer();
    const a = await server.joined('drop-room');
    const b = await server.joined('drop-room');
    await a.request('cursor', { z: [1, 1], seq: 1 });
    await b.request('cursor', { z: [-1, -1], seq: 1 });
    for (let i = 0; i < 4; i++) await server.tick(50);
    // A moves once and stands still; B moves once too. B's transport drops the message of that tick.
    await a.request('cursor', { z: [2, 1], seq: 2 });
    await b.request('cursor', { z: [-2, -1], seq: 2 });
    b.dropFrames(1);
    b.clear();
    await server.tick(50);
    expect(b.frames).toHaveLength(0);
    await server.tick(50);
    await server.tick(50);
    const seenOfA = b.entries().filter((e) => e.id === a.you.id && e.pixels.length > 0).at(-1);
    expect(seenOfA).toMatchObject({ seq: 2, z: [2, 1] });
    const own = b.entries().filter((e) => e.id === b.you.id).at(-1);
    expect(own).toMatchObject({ kind: FrameKind.full, seq: 2, z: [-2, -1] });
    expect(server.room('drop-room').metrics.droppedMessages).toBe(1);
  });

  it('a presenter gets every digit again after a dropped message', async () => {
    server = createRoomTestServer();
    const p = await server.joined('drop-present', { detail: 'full' });
    const students = [await server.joined('drop-present'), await server.joined('drop-present')];
    for (const [i, s] of students.entries()) await s.request('cursor', { z: [i, i], seq: 1 });
    p.dropFrames(1);
    await server.tick(50);
    for (let i = 0; i < 3; i++) await server.tick(50);
    const full = new Set(p.entries().filter((e) => e.kind === FrameKind.full).map((e) => e.id));
    expect(full).toEqual(new Set(students.map((s) => s.you.id)));
  });
});
