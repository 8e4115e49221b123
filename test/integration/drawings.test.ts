/**
 * Drawings over real socket.io with the real encoder: a real MNIST test digit sent as a drawing
 * lands on the shipped embedding, the other client gets the pin, and a restarted server with the
 * same SQLite file still has it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { gatherImages, loadMnist } from '../../server/models/mnist.js';
import { digitToBytes, PROTOCOL_VERSION, ServerEvent, type DrawingInfo, type DrawingsUpdate } from '../../shared/protocol.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { loadEmbedding } from '../../server/models/modelFiles.js';
import { connect, joinRoom, MODELS_DIR, startServer, tempDbFile, waitFor, type TestClient } from './helpers.js';

let server: PlaygroundServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await server?.close();
  server = undefined;
});

/** Joins with a listener for `drawings` in place first (the list follows the join ack at once). */
async function joinWithPins(url: string, room: string): Promise<{ c: TestClient; shown: Map<string, DrawingInfo> }> {
  const c = await connect(url);
  clients.push(c);
  const shown = pins(c);
  const ack = await c.emit('join', { protocol: PROTOCOL_VERSION, room, model: 'vae' });
  if (!ack.ok) throw new Error(ack.error.message);
  return { c, shown };
}

/** Collects a client's `drawings` updates into the list it would show. */
function pins(c: TestClient): Map<string, DrawingInfo> {
  const shown = new Map<string, DrawingInfo>();
  c.socket.on(ServerEvent.drawings, (u: DrawingsUpdate) => {
    if (u.reset) shown.clear();
    for (const d of u.drawings) shown.set(d.id, d);
    for (const id of u.removed) shown.delete(id);
  });
  return shown;
}

describe('drawings between real clients', () => {
  it('pins a test digit where the shipped embedding has it, for the other client too, and keeps it over a restart', async () => {
    const dbFile = tempDbFile();
    server = await startServer({ dbFile });
    const { c: a } = await joinWithPins(server.url, 'draw-int');
    const { shown: seenByB } = await joinWithPins(server.url, 'draw-int');
    const index = 1234;
    const image = digitToBytes(gatherImages(loadMnist('test'), [index]));
    const ack = await a.emit('draw', { image });
    if (!ack.ok) throw new Error(ack.error.message);
    const embedding = loadEmbedding(MODELS_DIR, 'vae');
    expect(ack.drawing.z[0]).toBeCloseTo(embedding.z[2 * index], 3);
    expect(ack.drawing.z[1]).toBeCloseTo(embedding.z[2 * index + 1], 3);
    expect(ack.drawing.zLogVar).toHaveLength(2);
    expect(ack.drawing.nearest[0]).toMatchObject({ index, label: embedding.labels[index] });
    expect(ack.drawing.nearest).toHaveLength(5);
    const pinned = await waitFor(() => seenByB.get(ack.drawing.id), 5000, 'the pin at the other client');
    expect(pinned).toEqual(ack.drawing);

    clients.splice(0).forEach((c) => c.close());
    await server.close();
    server = await startServer({ dbFile });
    const { shown: seenByC } = await joinWithPins(server.url, 'draw-int');
    const kept = await waitFor(() => seenByC.get(ack.drawing.id), 5000, 'the drawing after the restart');
    expect(kept).toEqual(ack.drawing);
  });

  it('refuses a drawing of the wrong size from a real socket with bad_request', async () => {
    server = await startServer();
    const a = await joinRoom(server.url, 'draw-bad');
    clients.push(a);
    const answer = await a.emit('draw', { image: new Uint8Array(100).fill(200) });
    expect(!answer.ok && answer.error.code).toBe('bad_request');
  });
});
