/**
 * The adaptive tick, in-process: a fake decoder whose decodes take as long as the test says (it
 * moves the hand clock while it works), so the room sees decodes that cannot keep up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FrameDecoder } from '../../server/rooms/types.js';
import { createFakeDecoder, createRoomTestServer, type RoomTestServer } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

/** A decoder taking `ms.value` ms of the room's clock per call. */
function slowDecoder(ms: { value: number }): FrameDecoder {
  const base = createFakeDecoder();
  return {
    encode: base.encode,
    async decode(model, z) {
      server.clock.advance(ms.value);
      return base.decode(model, z);
    },
  };
}

async function setup(decodeMs: { value: number }) {
  server = createRoomTestServer({ decoder: slowDecoder(decodeMs) });
  const host = await server.joined('slow-room');
  const others = [await server.joined('slow-room'), await server.joined('slow-room')];
  let seq = 0;
  const room = server.room('slow-room');
  /** Everyone moves, then the room ticks once at its own rate; returns that rate. */
  const step = async () => {
    seq++;
    for (const c of [host, ...others]) await c.request('cursor', { z: [Math.sin(seq + c.you.id), Math.cos(seq)], seq });
    await server.tick(1000 / room.loopRate);
    return room.loopRate;
  };
  return { host, room, step };
}

describe('a room whose decodes cannot keep up', () => {
  it('ticks slower, evenly, tells the host, and returns to its rate when load falls', async () => {
    const decodeMs = { value: 5 };
    const { host, room, step } = await setup(decodeMs);
    for (let i = 0; i < 40; i++) expect(await step()).toBe(20);

    // Decodes now take 70 ms of a 50 ms tick: within about a second the room ticks at a rate they fit.
    decodeMs.value = 70;
    const rates: number[] = [];
    for (let i = 0; i < 40; i++) rates.push(await step());
    expect(room.loopRate).toBe(11); // 80 % of 1000 ms / 70 ms
    expect(room.tickRate).toBe(20);
    // Down in at most two steps (the first window still held fast decodes), never back up meanwhile.
    expect(rates.filter((r, i) => i > 0 && r !== rates[i - 1]).length).toBeLessThanOrEqual(2);
    expect([...rates].sort((a, b) => b - a)).toEqual(rates);
    await server.flush();
    expect(host.snapshots.at(-1)).toMatchObject({ tickRate: 20, loopRate: 11 });
    expect(room.metrics.skippedTicks).toBe(0);

    // Load falls: a few calm seconds later it is back at 20 Hz, in steps.
    decodeMs.value = 5;
    const back: number[] = [];
    for (let i = 0; i < 200 && room.loopRate < 20; i++) back.push(await step());
    expect(room.loopRate).toBe(20);
    expect(new Set(back).size).toBeGreaterThan(2);
    expect([...back].sort((a, b) => a - b)).toEqual(back); // never down again on the way up
    await server.flush();
    expect(host.snapshots.at(-1)).toMatchObject({ tickRate: 20, loopRate: 20 });
  });

  it('steps up only as far as its decodes leave room for, and stays there', async () => {
    const decodeMs = { value: 70 };
    const { room, step } = await setup(decodeMs);
    for (let i = 0; i < 40; i++) await step();
    expect(room.loopRate).toBe(11);
    // A little lighter: 55 ms fit 70 % of a 12 Hz tick (83 ms) but not of a 13 Hz one.
    decodeMs.value = 55;
    const rates: number[] = [];
    for (let i = 0; i < 120; i++) rates.push(await step());
    expect(room.loopRate).toBe(12);
    expect(new Set(rates.slice(-60))).toEqual(new Set([12]));
  });

  it('slows down when ticks are skipped because a decode is still running', async () => {
    server = createRoomTestServer();
    const decoder = server.decoder as ReturnType<typeof createFakeDecoder>;
    const a = await server.joined('held-room');
    const room = server.room('held-room');
    await a.request('cursor', { z: [1, 1], seq: 1 });
    decoder.hold();
    const held = server.tick();
    for (let i = 0; i < 25; i++) await server.tick();
    expect(room.metrics.skippedTicks).toBeGreaterThan(0);
    expect(room.loopRate).toBeLessThan(20);
    decoder.release();
    await held;
  });

  it('starts again from the rate the host sets', async () => {
    const decodeMs = { value: 70 };
    const { host, room, step } = await setup(decodeMs);
    for (let i = 0; i < 60; i++) await step();
    expect(room.loopRate).toBe(11);
    const ack = await host.request('host', { action: 'tickRate', hz: 8 });
    expect(ack.ok).toBe(true);
    expect(room.loopRate).toBe(8);
    expect(room.tickRate).toBe(8);
  });
});
