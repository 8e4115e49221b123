import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type JoinResult } from '../../shared/protocol.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { adminHealth, connect, entries, joinRoom, startServer, waitFor, type TestClient } from './helpers.js';

describe('bad input at the socket boundary', () => {
  let server: PlaygroundServer;
  let a: TestClient & { joined: JoinResult };
  let watcher: TestClient;

  beforeAll(async () => {
    server = await startServer();
    a = await joinRoom(server.url, 'bad-input', { name: 'Mallory' });
    watcher = await joinRoom(server.url, 'bad-input', { name: 'Watcher' });
  });
  afterAll(async () => {
    a.close();
    watcher.close();
    await server.close();
  });

  it('rejects malformed payloads with an error ack and counts them per socket and room', async () => {
    const before = server.metrics.badPayloads;
    const bad: [string, unknown][] = [
      ['cursor', { z: [1], seq: 1 }],
      ['cursor', { z: ['a', 0], seq: 1 }],
      ['cursor', { z: [null, 0], seq: 1 }], // NaN travels as null in JSON
      ['cursor', { z: [0, 0], seq: -1 }],
      ['cursor', 'not an object'],
      ['rename', { name: '   ' }],
      ['rename', { name: 'x'.repeat(25) }],
      ['replay:control', { action: 'explode', replay: 1 }],
      ['host', { action: 'tickRate', hz: 1000 }],
      ['record:stop', { name: 42 }],
    ];
    for (const [event, payload] of bad) {
      const ack = await a.emit(event as never, payload);
      expect(ack.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe('bad_request');
    }
    expect(server.metrics.badPayloads - before).toBe(bad.length);
    expect(server.manager.get('bad-input')!.metrics.badPayloads).toBeGreaterThanOrEqual(bad.length);
    const health = await adminHealth<{ metrics: { badPayloads: number }; rooms: { id: string; badPayloads: number }[] }>(server.url);
    expect(health.metrics.badPayloads).toBeGreaterThanOrEqual(bad.length);
    expect(health.rooms.find((r) => r.id === 'bad-input')!.badPayloads).toBeGreaterThanOrEqual(bad.length);
  });

  it('rejects a cursor outside the model latent bounds and does not move it', async () => {
    const b = a.joined.room.bounds;
    watcher.frames.length = 0;
    const far = await a.emit('cursor', { z: [b[2] + 1, 0], seq: 5 });
    expect(far.ok).toBe(false);
    const huge = await a.emit('cursor', { z: [1e308, 1e308], seq: 6 });
    expect(huge.ok).toBe(false);
    const cursor = server.manager.get('bad-input')!.cursors().find((c) => c.id === a.joined.you.id)!;
    expect(cursor.z).toBeNull();
    expect(cursor.moved).toBe(false);
    expect(entries(watcher).filter((e) => e.id === a.joined.you.id)).toEqual([]);
  });

  it('counts unknown events and survives payloads without an ack callback', async () => {
    const before = server.metrics.badPayloads;
    a.socket.emit('cursor', { z: 'nope' });
    a.socket.emit('no-such-event', { x: 1 });
    const ack = await a.emit('no-such-event' as never, {});
    expect(ack.ok).toBe(false);
    await waitFor(() => server.metrics.badPayloads - before >= 3, 2000, 'three bad payloads counted');
    expect(server.metrics.badPayloads - before).toBe(3);
    // The room still works.
    expect((await a.emit('ping', { t: 1 })).ok).toBe(true);
  });

  it('answers a bad room id, a protocol mismatch and a not-joined action with clean errors', async () => {
    const c = await connect(server.url);
    for (const room of ['ab', 'Has-Caps', 'a/b/c', 'x'.repeat(41), '../../etc']) {
      const ack = await c.emit('join', { protocol: PROTOCOL_VERSION, room });
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe('bad_request');
    }
    const old = await c.emit('join', { protocol: PROTOCOL_VERSION + 1, room: 'valid-room' });
    expect(!old.ok && old.error.code).toBe('protocol_mismatch');
    const early = await c.emit('record:start', {});
    expect(!early.ok && early.error.code).toBe('not_joined');
    c.close();
    expect(server.manager.get('valid-room')).toBeUndefined();
  });

  it('disconnects a client that sends a message over the 16 KB buffer limit', async () => {
    const c = await connect(server.url);
    const closed = new Promise<string>((resolve) => c.socket.on('disconnect', resolve));
    c.socket.emit('rename', { name: 'x'.repeat(20_000) });
    expect(await closed).toBe('transport close');
    // The server is fine.
    expect((await a.emit('ping', { t: 2 })).ok).toBe(true);
  });
});

describe('a server that serves one model', () => {
  it('refuses rooms and switches to a model it does not decode', async () => {
    const server = await startServer({ models: ['ae'] });
    try {
      const c = await connect(server.url);
      const refused = await c.emit('join', { protocol: PROTOCOL_VERSION, room: 'vae-room', model: 'vae' });
      expect(!refused.ok && refused.error.code).toBe('bad_request');
      const host = await joinRoom(server.url, 'ae-room', { name: 'H' });
      expect(host.joined.room.model).toBe('ae');
      const sw = await host.emit('host', { action: 'model', model: 'vae' });
      expect(!sw.ok && sw.error.code).toBe('bad_request');
      const post = await fetch(`${server.url}/api/rooms`, { method: 'POST', body: '{"model":"vae"}' });
      expect(post.status).toBe(400);
      c.close();
      host.close();
    } finally {
      await server.close();
    }
  });
});
