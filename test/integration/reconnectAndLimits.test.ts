import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { connect, joinRoom, startServer, steer, waitFor } from './helpers.js';

describe('reconnecting', () => {
  let server: PlaygroundServer;
  beforeAll(async () => {
    server = await startServer({ limits: { reconnectGraceMs: 1500 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps identity and cursor for a connection that comes back within the grace', async () => {
    const a = await joinRoom(server.url, 'comeback', { name: 'Rita' });
    const other = await joinRoom(server.url, 'comeback', { name: 'Other' });
    const b = a.joined.room.bounds;
    const z: [number, number] = [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    await a.emit('cursor', { z, seq: 7 });
    await waitFor(() => a.frames.length > 1, 2000, 'own frame');
    a.close();
    await waitFor(() => other.rooms.at(-1)?.participants.find((p) => p.name === 'Rita' && !p.connected), 2000, 'disconnected mark');

    const back = await joinRoom(server.url, 'comeback', { name: 'Someone else', session: a.joined.session });
    expect(back.joined.you).toMatchObject({ id: a.joined.you.id, name: 'Rita', color: a.joined.you.color, connected: true, host: true });
    const first = await waitFor(() => back.frames[0], 2000, 'join frames');
    const mine = first.entries.find((e) => e.id === a.joined.you.id)!;
    expect(mine.z[0]).toBeCloseTo(z[0], 4);
    expect(mine.pixels.length).toBe(784);
    back.close();

    // After the grace the room's loop removes the participant; the same session makes a new one.
    await waitFor(() => other.rooms.at(-1)?.participants.length === 1, 5000, 'the grace to end');
    expect(server.manager.get('comeback')!.snapshot().participants.map((p) => p.name)).toEqual(['Other']);
    const late = await joinRoom(server.url, 'comeback', { name: 'Rita', session: a.joined.session });
    expect(late.joined.you.id).not.toBe(a.joined.you.id);
    late.close();
    other.close();
  });
});

describe('flood protection', () => {
  let server: PlaygroundServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('disconnects a client sending 120 messages a second for long, and not a normal one', async () => {
    const flooder = await joinRoom(server.url, 'flood-room', { name: 'Flood' });
    const normal = await joinRoom(server.url, 'flood-room', { name: 'Calm' });
    const b = flooder.joined.room.bounds;
    const z: [number, number] = [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    let seq = 0;
    const flood = setInterval(() => {
      for (let i = 0; i < 12; i++) flooder.socket.emit('cursor', { z, seq: ++seq }); // ~120/s
    }, 100);
    const calm = setInterval(() => normal.socket.volatile.emit('cursor', { z, seq: ++seq }), 33); // 30/s
    const reason = await new Promise<string>((resolve) => flooder.socket.on('disconnect', resolve));
    clearInterval(flood);
    clearInterval(calm);
    expect(reason).toBe('io server disconnect');
    expect(flooder.notices.map((n) => n.code)).toContain('rate_limited');
    expect(normal.socket.connected).toBe(true);
    expect(server.metrics.rateLimited).toBe(1);
    normal.close();
  }, 20_000);
});

describe('caps', () => {
  let server: PlaygroundServer;
  let twoHostKey = '';
  beforeAll(async () => {
    server = await startServer({
      limits: { participantsPerRoom: 2, maxRooms: 2, samplesPerPath: 5, pathsPerRoom: 1, replaysPerRoom: 1 },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a participant over the room cap and a room over the server cap, keeping everyone else', async () => {
    const a = await joinRoom(server.url, 'cap-room', { name: 'A' });
    const b = await joinRoom(server.url, 'cap-room', { name: 'B' });
    const c = await connect(server.url);
    const full = await c.emit('join', { protocol: PROTOCOL_VERSION, room: 'cap-room', name: 'C' });
    expect(!full.ok && full.error.code).toBe('room_full');
    // A returning participant still gets in: the cap counts identities, not connections.
    const again = await c.emit('join', { protocol: PROTOCOL_VERSION, room: 'cap-room', session: b.joined.session });
    expect(again.ok).toBe(true);

    const other = await joinRoom(server.url, 'cap-room-two', { name: 'D' });
    twoHostKey = other.joined.hostKey!;
    const d = await connect(server.url);
    const tooMany = await d.emit('join', { protocol: PROTOCOL_VERSION, room: 'cap-room-three' });
    expect(!tooMany.ok && tooMany.error.code).toBe('too_many_rooms');
    const post = await fetch(`${server.url}/api/rooms`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(503);
    expect(((await post.json()) as { error: { code: string } }).error.code).toBe('too_many_rooms');
    expect(server.manager.get('cap-room')!.size).toBe(2);
    for (const x of [a, b, c, d, other]) x.close();
  });

  it('stops sampling at the sample cap and still saves what was recorded', async () => {
    // cap-room is full of people within their reconnect grace; cap-room-two has one free place.
    const a = await joinRoom(server.url, 'cap-room-two', { name: 'Rec', hostKey: twoHostKey });
    const bds = a.joined.room.bounds;
    expect((await a.emit('record:start', {})).ok).toBe(true);
    for (let i = 0; i < 6; i++) await steer(a, [bds[0] + (bds[2] - bds[0]) * (0.3 + i * 0.03), 0], i + 1);
    await waitFor(() => a.notices.find((n) => n.code === 'recording_full'), 3000, 'recording_full notice');
    const saved = await a.emit('record:stop', {});
    expect(saved.ok && saved.path.sampleCount).toBe(5);

    // The room's path cap (1) is reached: a new recording is refused before it starts.
    const refused = await a.emit('record:start', {});
    expect(!refused.ok && refused.error.code).toBe('limit');

    const r1 = await a.emit('replay:start', { pathId: 'preset-line', loop: true });
    expect(r1.ok).toBe(true);
    const r2 = await a.emit('replay:start', { pathId: 'preset-circle' });
    expect(!r2.ok && r2.error.code).toBe('limit');
    a.close();
  });
});
