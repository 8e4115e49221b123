/**
 * The training timeline in a room, in-process through the real dispatcher and handlers with a
 * hand-driven clock: host rights, scrubbing and playing re-decode every cursor with the snapshot's
 * decoder, the state reaches the room, and a decode of the old snapshot is never shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeDecoder, createRoomTestServer, fakeInk, TEST_TIMELINES, type RoomTestServer } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

/** A host and two guests with placed cursors, in a VAE room, everything sent. */
async function classRoom(room: string) {
  const host = await server.joined(room, { model: 'vae' });
  const a = await server.joined(room);
  const b = await server.joined(room);
  await a.request('cursor', { z: [1, 1], seq: 1 });
  await b.request('cursor', { z: [-1, 0.5], seq: 1 });
  await server.tick();
  await server.flush();
  for (const c of [host, a, b]) c.clear();
  return { host, a, b };
}

/** The ink of each client's latest frame of `id`. */
const inkOf = (c: { entries(): { id: number; pixels: Uint8Array }[] }, id: number) => c.entries().filter((e) => e.id === id && e.pixels.length).at(-1)?.pixels[0];

describe('training timeline in a room', () => {
  it('refuses every timeline action from a guest and changes nothing', async () => {
    server = createRoomTestServer();
    const { a } = await classRoom('tl-rights');
    const before = server.room('tl-rights').timeline.state();
    const refused = await Promise.all([
      a.request('timeline', { action: 'open', open: true }),
      a.request('timeline', { action: 'seek', position: 3 }),
      a.request('timeline', { action: 'play', playing: true }),
      a.request('timeline', { action: 'speed', speed: 4 }),
      a.request('timeline', { action: 'studentScrub', allowed: true }),
    ]);
    expect(refused.map((r) => !r.ok && r.error.code)).toEqual(Array(5).fill('not_host'));
    expect(server.room('tl-rights').timeline.state()).toEqual(before);
  });

  it('checks the payloads at the boundary', async () => {
    server = createRoomTestServer();
    const { host } = await classRoom('tl-bad');
    for (const bad of [{ action: 'seek', position: -1 }, { action: 'seek', position: Number.NaN }, { action: 'speed', speed: 100 }, { action: 'rewind' }]) {
      const r = await host.request('timeline', bad);
      expect(!r.ok && r.error.code).toBe('bad_request');
    }
  });

  it("scrubbing decodes every cursor with the snapshot's decoder at the next tick and tells the room", async () => {
    const decoder = createFakeDecoder();
    server = createRoomTestServer({ decoder });
    const { host, a, b } = await classRoom('tl-seek');
    const opened = await host.request('timeline', { action: 'open', open: true });
    expect(opened.ok && opened.timeline).toMatchObject({ open: true, model: 'vae', count: TEST_TIMELINES.vae.length, snapshot: 0, step: 0 });
    const sought = await host.request('timeline', { action: 'seek', position: 2.6 });
    // 2.6 rounds to snapshot 3, step 5; the position stays fractional for the scatter.
    expect(sought.ok && sought.timeline).toMatchObject({ position: 2.6, snapshot: 3, step: 5, playing: false });
    decoder.calls.length = 0;
    await server.tick();
    expect(decoder.calls).toEqual([expect.objectContaining({ model: 'vae', snapshot: 5 })]);
    expect(decoder.calls[0].z).toHaveLength(2);
    // Others' digits may come as a position entry first and their thumbnail at the next tick.
    await server.tick();
    for (const c of [host, a, b]) {
      expect(inkOf(c, a.you.id)).toBe(fakeInk('vae', 5));
      expect(inkOf(c, b.you.id)).toBe(fakeInk('vae', 5));
    }
    await server.flush();
    // Coalesced: one state message with the latest position, not one per request.
    expect(a.timelines.at(-1)).toMatchObject({ open: true, position: 2.6, step: 5 });
    expect(a.timelines.length).toBeLessThanOrEqual(2);
    // A seek within the same snapshot decodes nothing again.
    decoder.calls.length = 0;
    await host.request('timeline', { action: 'seek', position: 3.2 });
    await server.tick();
    expect(decoder.calls).toEqual([]);
  });

  it('plays at its speed, re-decoding at each snapshot, and stops at the last one', async () => {
    const decoder = createFakeDecoder();
    server = createRoomTestServer({ decoder });
    const { host, a } = await classRoom('tl-play');
    await host.request('timeline', { action: 'open', open: true });
    await host.request('timeline', { action: 'speed', speed: 2 });
    await host.request('timeline', { action: 'play', playing: true });
    await server.tick(0);
    decoder.calls.length = 0;
    // 2 snapshots a second: 250 ms moves half a snapshot, so position 0.5 -> snapshot 1.
    await server.tick(250);
    expect(server.room('tl-play').timeline.state()).toMatchObject({ position: 0.5, snapshot: 1, playing: true });
    expect(decoder.calls.map((c) => c.snapshot)).toEqual([TEST_TIMELINES.vae[1]]);
    for (let i = 0; i < 20; i++) await server.tick(250);
    const end = server.room('tl-play').timeline.state();
    expect(end).toMatchObject({ position: TEST_TIMELINES.vae.length - 1, playing: false, step: 50 });
    // Every snapshot after the first decoded once, in order.
    expect(decoder.calls.map((c) => c.snapshot)).toEqual(TEST_TIMELINES.vae.slice(1));
    expect(inkOf(a, a.you.id)).toBe(fakeInk('vae', 50));
    await server.flush();
    expect(a.timelines.at(-1)).toMatchObject({ playing: false, snapshot: TEST_TIMELINES.vae.length - 1 });
    // Play at the end starts over from the untrained model.
    const again = await host.request('timeline', { action: 'play', playing: true });
    expect(again.ok && again.timeline).toMatchObject({ position: 0, snapshot: 0, playing: true });
  });

  it('closing goes back to the shipped decoder', async () => {
    const decoder = createFakeDecoder();
    server = createRoomTestServer({ decoder });
    const { host, a } = await classRoom('tl-close');
    await host.request('timeline', { action: 'open', open: true });
    await host.request('timeline', { action: 'seek', position: 4 });
    await server.tick();
    await host.request('timeline', { action: 'open', open: false });
    decoder.calls.length = 0;
    await server.tick();
    expect(decoder.calls).toEqual([expect.not.objectContaining({ snapshot: expect.anything() })]);
    expect(inkOf(a, a.you.id)).toBe(fakeInk('vae'));
  });

  it('sends a decode of the old snapshot that finishes after a scrub, then decodes everyone with the new one', async () => {
    const decoder = createFakeDecoder();
    server = createRoomTestServer({ decoder });
    const { host, a } = await classRoom('tl-race');
    await host.request('timeline', { action: 'open', open: true });
    await host.request('timeline', { action: 'seek', position: 1 });
    decoder.hold();
    const held = server.tick();
    await host.request('timeline', { action: 'seek', position: 5 });
    decoder.release();
    await held;
    // Sent rather than dropped, so that a timeline playing faster than the decoder never starves the room.
    expect(inkOf(a, a.you.id)).toBe(fakeInk('vae', 1));
    await server.tick();
    expect(inkOf(a, a.you.id)).toBe(fakeInk('vae', 20));
  });

  it('sends a newcomer the state while the timeline is open', async () => {
    server = createRoomTestServer();
    const { host } = await classRoom('tl-join');
    await host.request('timeline', { action: 'open', open: true, compare: true });
    await host.request('timeline', { action: 'studentScrub', allowed: true });
    const late = await server.joined('tl-join');
    expect(late.timelines).toEqual([expect.objectContaining({ open: true, compare: true, studentsScrub: true })]);
  });

  it('refuses a model without a timeline and closes when the host switches to one', async () => {
    server = createRoomTestServer({ timelines: { ae: null } });
    const { host, a } = await classRoom('tl-none');
    await host.request('timeline', { action: 'open', open: true });
    await host.request('timeline', { action: 'seek', position: 6 });
    await host.request('host', { action: 'model', model: 'ae' });
    await server.tick();
    expect(server.room('tl-none').timeline.state()).toMatchObject({ open: false, model: 'ae', count: 0 });
    expect(server.room('tl-none').decoderStep()).toBeUndefined();
    await server.flush();
    expect(a.timelines.at(-1)).toMatchObject({ open: false });
    const refused = await host.request('timeline', { action: 'open', open: true });
    expect(!refused.ok && refused.error.code).toBe('not_found');
  });

  it('clamps the position to a shorter timeline when the host switches model', async () => {
    const decoder = createFakeDecoder();
    server = createRoomTestServer({ decoder });
    const { host } = await classRoom('tl-clamp');
    await host.request('timeline', { action: 'open', open: true });
    await host.request('timeline', { action: 'seek', position: 6 });
    await host.request('host', { action: 'model', model: 'ae' });
    decoder.calls.length = 0;
    await server.tick();
    expect(server.room('tl-clamp').timeline.state()).toMatchObject({ open: true, model: 'ae', position: 4, step: 10 });
    expect(decoder.calls).toEqual([expect.objectContaining({ model: 'ae', snapshot: 10 })]);
  });
});
