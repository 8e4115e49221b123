/**
 * The flood limit over real sockets: a token bucket over every packet a client sends, events and
 * acknowledgements alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundServer } from '../../server/createServer.js';
import { joinRoom, startServer, type TestClient } from './helpers.js';

let server: PlaygroundServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const disconnected = (c: TestClient) => new Promise<string>((resolve) => c.socket.on('disconnect', resolve));

/** Writes raw socket.io packets straight onto the client's engine.io connection. */
function sendRaw(c: TestClient, packet: string, times: number): void {
  const engine = c.socket.io.engine as unknown as { send(data: string): void };
  for (let i = 0; i < times; i++) engine.send(packet);
}

describe('the flood limit', () => {
  it('disconnects a client that sends one burst far over its allowance, with a notice', async () => {
    const flooder = await joinRoom(server.url, 'burst-room', { name: 'Burst' });
    const calm = await joinRoom(server.url, 'burst-room', { name: 'Calm' });
    const b = flooder.joined.room.bounds;
    const z: [number, number] = [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    const closed = disconnected(flooder);
    for (let seq = 1; seq <= 400; seq++) flooder.socket.emit('cursor', { z, seq });
    expect(await closed).toBe('io server disconnect');
    expect(flooder.notices.map((n) => n.code)).toContain('rate_limited');
    expect(calm.socket.connected).toBe(true);
    calm.close();
  });

  it('counts acknowledgement packets too', async () => {
    const acker = await joinRoom(server.url, 'ack-room', { name: 'Acker' });
    const closed = disconnected(acker);
    sendRaw(acker, '31[]', 400);
    expect(await closed).toBe('io server disconnect');
    expect(acker.notices.map((n) => n.code)).toContain('rate_limited');
  });

  it('leaves alone a client sending 30 cursor updates and a few requests a second', async () => {
    const steady = await joinRoom(server.url, 'steady-room', { name: 'Steady' });
    const b = steady.joined.room.bounds;
    const z: [number, number] = [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    let seq = 0;
    const cursor = setInterval(() => steady.socket.volatile.emit('cursor', { z, seq: ++seq }), 33);
    const pings = setInterval(() => void steady.emit('ping', { t: Date.now() }), 200);
    await new Promise((r) => setTimeout(r, 4000));
    clearInterval(cursor);
    clearInterval(pings);
    expect(steady.socket.connected).toBe(true);
    expect(steady.notices).toEqual([]);
    steady.close();
  });
});
