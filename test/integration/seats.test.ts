/**
 * Seats over real sockets: a session taken over by a second socket, one socket re-joining again
 * and again, and a class of 100 behind one address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { connect, joinRoom, sleep, startServer, steer, waitFor } from './helpers.js';

let server: PlaygroundServer;
beforeAll(async () => {
  server = await startServer({ limits: { reconnectGraceMs: 300, participantsPerRoom: 3, maxRooms: 3 } });
});
afterAll(async () => {
  await server.close();
});

describe('a session taken over by a second socket', () => {
  it('keeps its participant after the grace, driven by the new socket', async () => {
    const first = await joinRoom(server.url, 'takeover', { name: 'Tab' });
    const second = await joinRoom(server.url, 'takeover', { session: first.joined.session });
    await waitFor(() => !first.socket.connected, 2000, 'the first socket to be closed');
    expect(first.notices.map((n) => n.code)).toContain('session_taken');
    await sleep(900); // three graces of 300 ms, the room ticking at 20 Hz
    const room = server.manager.get('takeover');
    expect(room?.snapshot().participants).toMatchObject([{ id: first.joined.you.id, name: 'Tab', connected: true }]);
    const b = second.joined.room.bounds;
    await steer(second, [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2], 1);
    second.close();
  });
});

describe('one socket', () => {
  it('holds one seat however often it joins: the room never fills', async () => {
    const c = await connect(server.url);
    for (let i = 0; i < 10; i++) {
      const ack = await c.emit('join', { protocol: PROTOCOL_VERSION, room: 'refill', name: `again ${i}` });
      expect(ack.ok).toBe(true);
    }
    expect(server.manager.get('refill')?.size).toBe(1);
    const teacher = await joinRoom(server.url, 'refill', { name: 'Teacher' });
    expect(teacher.joined.room.participants.map((p) => p.name)).toEqual(['again 9', 'Teacher']);
    c.close();
    teacher.close();
  });

  it('holds one room however many it joins: the server cap is never reached', async () => {
    const c = await connect(server.url);
    for (let i = 0; i < 6; i++) {
      const ack = await c.emit('join', { protocol: PROTOCOL_VERSION, room: `tour-${i}` });
      expect(ack.ok).toBe(true);
    }
    expect(server.manager.all().map((r) => r.id)).toContain('tour-5');
    expect(server.manager.all().filter((r) => r.id.startsWith('tour-'))).toHaveLength(1);
    c.close();
  });
});

describe('a class behind one address', () => {
  let big: PlaygroundServer;
  beforeAll(async () => {
    big = await startServer();
  });
  afterAll(async () => {
    await big.close();
  });

  // No per-address limit refuses a class behind one NAT (how fast they join is the bench's business).
  it('lets 100 sockets from 127.0.0.1 join one room', async () => {
    const clients = await Promise.all(Array.from({ length: 100 }, (_, i) => joinRoom(big.url, 'nat-class', { name: `Pupil ${i}` })));
    expect(big.manager.get('nat-class')?.size).toBe(100);
    for (const c of clients) c.close();
  }, 60_000);
});
