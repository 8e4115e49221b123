/**
 * A room's tick, in-process: fake connections, a fake decoder that can be held mid-decode, and a
 * hand-driven clock, so every ordering is exact and nothing sleeps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FrameKind } from '../../shared/frameCodec.js';
import {
  createFakeDecoder, createRoomTestServer, FAKE_INK, TEST_BOUNDS, type RoomTestServer, type TestConnection,
} from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

function setup() {
  const decoder = createFakeDecoder();
  server = createRoomTestServer({ decoder });
  return { server, decoder };
}

const move = (c: TestConnection, z: [number, number], seq: number) => c.request('cursor', { z, seq });

describe('a room tick', () => {
  it('decodes every cursor that moved in one batched call and sends each client one message', async () => {
    const { server, decoder } = setup();
    const [a, b, c] = [await server.joined('tick-room'), await server.joined('tick-room'), await server.joined('tick-room')];
    await move(a, [0.5, 0.5], 1);
    await move(b, [-1, 1], 1);
    await move(c, [2, -2], 1);
    a.clear();
    await server.tick();
    expect(decoder.calls).toHaveLength(1);
    expect(decoder.calls[0]).toEqual({ model: 'vae', z: [[0.5, 0.5], [-1, 1], [2, -2]] });
    expect(a.frames).toHaveLength(1);
    const kinds = new Map(a.entries().map((e) => [e.id, e.kind]));
    expect(kinds).toEqual(new Map([[a.you.id, FrameKind.full], [b.you.id, FrameKind.thumb], [c.you.id, FrameKind.thumb]]));
    expect(a.entries().find((e) => e.id === a.you.id)).toMatchObject({ seq: 1, z: [0.5, 0.5] });
    expect(a.entries()[0].pixels[0]).toBe(FAKE_INK.vae);
  });

  it('sends nothing and decodes nothing while nobody moves', async () => {
    const { server, decoder } = setup();
    const a = await server.joined('quiet-room');
    await move(a, [1, 1], 1);
    await server.tick();
    await server.tick(); // a THUMB owed to others would go here; a is alone and has its full frame
    a.clear();
    const calls = decoder.calls.length;
    for (let i = 0; i < 5; i++) await server.tick();
    expect(decoder.calls).toHaveLength(calls);
    expect(a.frames).toEqual([]);
  });

  it('runs a tick that comes during a decode as soon as that one is sent (late), and merges a further one into it', async () => {
    const { server, decoder } = setup();
    const a = await server.joined('busy-room');
    const b = await server.joined('busy-room');
    await move(a, [1, 0], 1);
    decoder.hold();
    const first = server.tick();
    await move(a, [2, 0], 2);
    await move(b, [0, 3], 1);
    await server.tick(); // late: it runs once the first decode is sent
    await move(a, [3, 0], 3);
    await server.tick(); // a second tick during the same decode: merged into the late one
    const metrics = server.room('busy-room').metrics;
    expect([metrics.lateTicks, metrics.skippedTicks]).toEqual([1, 1]);
    expect(decoder.calls).toHaveLength(1);
    decoder.release();
    await first;
    expect(decoder.calls[1].z).toEqual([[3, 0], [0, 3]]);
    expect(a.entries().filter((e) => e.id === a.you.id).map((e) => [e.seq, e.z])).toEqual([[1, [1, 0]], [3, [3, 0]]]);
    expect(metrics.ticks).toBe(2);
  });

  it('drops frames decoded with the old model when the host switches during the decode', async () => {
    const { server, decoder } = setup();
    const host = await server.joined('switch-room');
    const guest = await server.joined('switch-room');
    await move(guest, [3.5, -3.5], 1);
    await server.tick();
    await move(host, [1, 1], 1);
    decoder.hold();
    const stale = server.tick();
    const switched = await host.request('host', { action: 'model', model: 'ae' });
    expect(switched.ok).toBe(true);
    host.clear();
    decoder.release();
    await stale;
    expect(host.frames).toEqual([]); // nothing of the old model reaches anyone
    await server.tick();
    // Every placed cursor is decoded again with the new model, the unmoved guest included.
    expect(decoder.calls.at(-1)).toEqual({ model: 'ae', z: [[1, 1], [3.5, -3.5]] });
    expect(host.entries().map((e) => e.pixels[0])).toEqual([FAKE_INK.ae, FAKE_INK.ae]);
  });

  it("clamps cursors into the new model's bounds when the host switches model", async () => {
    const { server, decoder } = setup();
    const host = await server.joined('clamp-room', { model: 'ae' });
    await move(host, [9, -9], 1);
    await host.request('host', { action: 'model', model: 'vae' });
    await server.tick();
    const vae = TEST_BOUNDS.vae;
    expect(decoder.calls.at(-1)).toEqual({ model: 'vae', z: [[vae[2], vae[1]]] });
  });

  it('sends others a thumbnail every other tick, and owes one after a position-only entry', async () => {
    const { server, decoder } = setup();
    const mover = await server.joined('thumb-room');
    const watcher = await server.joined('thumb-room');
    const kinds: number[] = [];
    for (let i = 1; i <= 4; i++) {
      await move(mover, [i / 4, 0], i);
      watcher.clear();
      await server.tick();
      kinds.push(watcher.entries()[0].kind);
    }
    expect(kinds).toEqual([FrameKind.thumb, FrameKind.position, FrameKind.thumb, FrameKind.position]);
    // The mover stops after a position-only entry: the next tick sends the thumbnail it owes,
    // from the frame it already has, without decoding again; then nothing.
    const calls = decoder.calls.length;
    watcher.clear();
    mover.clear();
    await server.tick();
    expect(watcher.entries()).toMatchObject([{ id: mover.you.id, kind: FrameKind.thumb, z: [1, 0] }]);
    expect(mover.frames).toEqual([]); // the mover already has its own full frame
    expect(decoder.calls).toHaveLength(calls);
    watcher.clear();
    await server.tick();
    expect(watcher.frames).toEqual([]);
  });

  it('keeps cursors marked after a failed decode and decodes them at the next tick', async () => {
    const { server, decoder } = setup();
    const a = await server.joined('crash-room');
    await move(a, [1, 2], 1);
    a.clear(); // the (empty) frames message every join gets
    decoder.failNext();
    await server.tick();
    expect(a.frames).toEqual([]);
    expect(server.room('crash-room').metrics.decodeErrors).toBe(1);
    await server.tick();
    expect(a.entries()).toMatchObject([{ id: a.you.id, kind: FrameKind.full, z: [1, 2] }]);
  });

  it('gives a newcomer every current frame at join, full size for presenters', async () => {
    const { server } = setup();
    const a = await server.joined('late-room');
    await move(a, [1, 1], 1);
    await server.tick();
    const b = await server.joined('late-room');
    const p = await server.joined('late-room', { detail: 'full' });
    expect(b.frames[0].entries).toMatchObject([{ id: a.you.id, kind: FrameKind.thumb }]);
    expect(p.frames[0].entries).toMatchObject([{ id: a.you.id, kind: FrameKind.full }]);
    expect(b.frames[0].tick).toBe(server.room('late-room').tickNo);
  });

  it('runs the per-tick work a feature adds, in order, with the decoded frames', async () => {
    const { server } = setup();
    const a = await server.joined('system-room');
    const seen: string[] = [];
    server.room('system-room').use({
      beforeTick: (now, dt) => void seen.push(`before ${dt}`),
      afterDecode: (decoded, model) => void seen.push(`decoded ${decoded.map((c) => c.id).join()} ${model} ${decoded[0].frame?.[0]}`),
    });
    await move(a, [0, 0], 1);
    await server.tick(40);
    expect(seen).toEqual(['before 40', `decoded ${a.you.id} vae ${FAKE_INK.vae}`]);
  });
});
