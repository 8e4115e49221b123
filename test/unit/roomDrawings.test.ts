/**
 * The room's drawings, in-process through the real dispatcher and handlers: batched encoding per
 * tick, the sender's cursor moving to its drawing, the limits, deletion rights, the host's clear
 * and hide, and encoding again after a model switch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DrawingInfo, DrawingsUpdate } from '../../shared/protocol.js';
import { createRoomTestServer, fakeCode, type FakeDecoder, type RoomTestServer, type TestConnection } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

/** A 28x28 image with a 3x3 blob of ink centred at (row, col): the fake encoder puts it at fakeCode. */
function blob(row: number, col: number): Uint8Array {
  const img = new Uint8Array(784);
  for (let r = row - 1; r <= row + 1; r++) for (let c = col - 1; c <= col + 1; c++) img[r * 28 + c] = 255;
  return img;
}

function drawingUpdates(c: TestConnection): DrawingsUpdate[] {
  return c.events.filter((e) => e.event === 'drawings').map((e) => e.payload as DrawingsUpdate);
}

/** Sends a drawing, ticks once, and returns the placed drawing. */
async function drawAndPlace(c: TestConnection, image: Uint8Array): Promise<DrawingInfo> {
  const ack = c.request('draw', { image });
  await server.tick(50);
  const answer = await ack;
  if (!answer.ok) throw new Error(`draw refused: ${answer.error.message}`);
  return answer.drawing;
}

describe('drawings in a room', () => {
  it('encodes the drawings of a tick in one batch, pins them for everyone and moves each sender to theirs', async () => {
    server = createRoomTestServer();
    const decoder = server.decoder as FakeDecoder;
    const a = await server.joined('draw-room');
    const b = await server.joined('draw-room');
    b.clear();
    const acks = [a.request('draw', { image: blob(10, 20) }), b.request('draw', { image: blob(18, 6) })];
    await server.tick(50);
    const [ackA, ackB] = await Promise.all(acks);
    expect(decoder.encodes).toEqual([{ model: 'vae', count: 2 }]);
    if (!ackA.ok || !ackB.ok) throw new Error('refused');
    expect(ackA.drawing.z[0]).toBeCloseTo(fakeCode(blob(10, 20))[0], 5);
    expect(ackA.drawing).toMatchObject({ author: a.you.id, authorName: a.you.name, color: a.you.color, model: 'vae', zLogVar: [-2, -2] });
    const seen = drawingUpdates(b).flatMap((u) => u.drawings.map((d) => d.id));
    expect(seen).toEqual([ackA.drawing.id, ackB.drawing.id]);
    // The next tick decodes each sender's cursor at its drawing's code: their reconstruction.
    decoder.calls.length = 0;
    await server.tick(50);
    const decoded = decoder.calls.flatMap((c) => c.z);
    expect(decoded).toContainEqual([expect.closeTo(ackA.drawing.z[0], 5), expect.closeTo(ackA.drawing.z[1], 5)]);
    expect(decoded).toContainEqual([expect.closeTo(ackB.drawing.z[0], 5), expect.closeTo(ackB.drawing.z[1], 5)]);
  });

  it('refuses a malformed drawing with bad_request and changes nothing', async () => {
    server = createRoomTestServer();
    const c = await server.joined('bad-draw');
    const bad = [
      { image: new Uint8Array(783).fill(9) }, { image: new Uint8Array(785).fill(9) }, { image: new Uint8Array(784) },
      { image: Array(784).fill(0.5) }, { image: 'ink' }, {},
    ];
    const answers = await Promise.all(bad.map((p) => c.request('draw', p)));
    expect(answers.map((a) => !a.ok && a.error.code)).toEqual(Array(bad.length).fill('bad_request'));
    await server.tick(50);
    expect((server.decoder as FakeDecoder).encodes).toEqual([]);
    expect(server.room('bad-draw').drawings.list()).toEqual([]);
  });

  it('refuses a third drawing within a second with limit, and takes one again a second later', async () => {
    server = createRoomTestServer();
    const c = await server.joined('rate-draw');
    await drawAndPlace(c, blob(10, 10));
    await drawAndPlace(c, blob(12, 12));
    const third = await c.request('draw', { image: blob(14, 14) });
    expect(!third.ok && third.error.code).toBe('limit');
    await server.tick(50);
    expect(server.room('rate-draw').drawings.list()).toHaveLength(2);
    server.clock.advance(1000);
    await drawAndPlace(c, blob(14, 14));
    expect(server.room('rate-draw').drawings.list()).toHaveLength(3);
  });

  it("refuses a drawing over the room's cap, counting those still waiting to be encoded", async () => {
    server = createRoomTestServer({ limits: { drawingsPerRoom: 2 } });
    const a = await server.joined('cap-draw');
    const b = await server.joined('cap-draw');
    const waiting = a.request('draw', { image: blob(10, 10) });
    await drawAndPlace(b, blob(12, 12));
    await waiting;
    const over = await b.request('draw', { image: blob(14, 14) });
    expect(!over.ok && over.error).toMatchObject({ code: 'limit' });
    await server.tick(50);
    expect(server.room('cap-draw').drawings.list()).toHaveLength(2);
    expect(server.store.drawings.list('cap-draw')).toHaveLength(2);
  });

  it('lets a student delete their own drawing but not another student’s; the host deletes any', async () => {
    server = createRoomTestServer();
    const host = await server.joined('del-draw');
    const a = await server.joined('del-draw');
    const b = await server.joined('del-draw');
    const mine = await drawAndPlace(a, blob(10, 10));
    const theirs = await drawAndPlace(b, blob(12, 12));
    const refused = await a.request('drawing:delete', { id: theirs.id });
    expect(!refused.ok && refused.error.code).toBe('not_allowed');
    expect((await a.request('drawing:delete', { id: mine.id })).ok).toBe(true);
    expect((await host.request('drawing:delete', { id: theirs.id })).ok).toBe(true);
    expect(server.room('del-draw').drawings.list()).toEqual([]);
    expect(server.store.drawings.list('del-draw')).toEqual([]);
    expect(drawingUpdates(b).flatMap((u) => u.removed)).toEqual([mine.id, theirs.id]);
  });

  it('lets only the host clear or hide the drawings', async () => {
    server = createRoomTestServer();
    const host = await server.joined('host-draw');
    const guest = await server.joined('host-draw');
    await drawAndPlace(guest, blob(10, 10));
    const refused = await Promise.all([
      guest.request('drawings:host', { action: 'clear' }), guest.request('drawings:host', { action: 'visible', visible: false }),
    ]);
    expect(refused.map((a) => !a.ok && a.error.code)).toEqual(['not_host', 'not_host']);
    expect(server.room('host-draw').drawings.list()).toHaveLength(1);
    guest.clear();
    expect((await host.request('drawings:host', { action: 'visible', visible: false })).ok).toBe(true);
    expect(drawingUpdates(guest).at(-1)).toMatchObject({ reset: true, hidden: true });
    expect(drawingUpdates(guest).at(-1)?.drawings).toHaveLength(1);
    expect((await host.request('drawings:host', { action: 'clear' })).ok).toBe(true);
    expect(drawingUpdates(guest).at(-1)).toEqual({ reset: true, drawings: [], removed: [], hidden: true });
    expect(server.store.drawings.list('host-draw')).toEqual([]);
  });

  it('encodes every drawing again, from its kept image, when the host switches the model', async () => {
    server = createRoomTestServer();
    const decoder = server.decoder as FakeDecoder;
    const host = await server.joined('switch-draw');
    const guest = await server.joined('switch-draw');
    await drawAndPlace(host, blob(10, 10));
    await drawAndPlace(guest, blob(20, 20));
    expect((await host.request('host', { action: 'model', model: 'ae' })).ok).toBe(true);
    decoder.encodes.length = 0;
    guest.clear();
    await server.tick(50);
    await server.flush();
    expect(decoder.encodes).toEqual([{ model: 'ae', count: 2 }]);
    const list = server.room('switch-draw').drawings.list();
    expect(list.map((d) => [d.model, d.zLogVar])).toEqual([['ae', null], ['ae', null]]);
    expect(server.store.drawings.list('switch-draw').map((d) => d.model)).toEqual(['ae', 'ae']);
    expect(drawingUpdates(guest).flatMap((u) => u.drawings.map((d) => d.model))).toEqual(['ae', 'ae']);
    await server.tick(50);
    expect(decoder.encodes).toHaveLength(1);
  });

  it('sends a newcomer the whole list, and a reloaded room keeps its drawings', async () => {
    server = createRoomTestServer({ limits: { reconnectGraceMs: 100 } });
    const a = await server.joined('keep-draw');
    const placed = await drawAndPlace(a, blob(10, 10));
    a.disconnect();
    await server.tick(200);
    expect(server.manager.get('keep-draw')).toBeUndefined();
    const b = await server.joined('keep-draw');
    await server.flush();
    expect(drawingUpdates(b)).toEqual([{ reset: true, drawings: [placed], removed: [], hidden: false }]);
  });

  it('gives a returning author their drawings back as theirs, under the id they have now', async () => {
    server = createRoomTestServer({ limits: { reconnectGraceMs: 100 } });
    const a = await server.joined('mine-draw');
    const placed = await drawAndPlace(a, blob(10, 10));
    const session = a.joinResult.session;
    a.disconnect();
    await server.tick(200);
    // The room is gone; others come first, so the author's new id is another one.
    const others = [await server.joined('mine-draw'), await server.joined('mine-draw')];
    const back = await server.joined('mine-draw', { session });
    await server.flush();
    expect(back.you.id).not.toBe(placed.author);
    const seen = drawingUpdates(back).flatMap((u) => u.drawings).filter((d) => d.id === placed.id).at(-1);
    expect(seen?.author).toBe(back.you.id);
    expect(drawingUpdates(others[0]).flatMap((u) => u.drawings).filter((d) => d.id === placed.id).at(-1)?.author).toBe(back.you.id);
    expect((await back.request('drawing:delete', { id: placed.id })).ok).toBe(true);
  });
});
