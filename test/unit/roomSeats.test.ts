/**
 * Who holds a seat in a room, in-process: a session taken over by another connection, a room that
 * is gone, one seat per connection, and the live-room cap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomTestServer, type RoomTestServer } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

describe('a session taken over by another connection', () => {
  it('keeps the participant past the grace while the new connection is open', async () => {
    server = createRoomTestServer({ limits: { reconnectGraceMs: 1000 } });
    const first = await server.joined('takeover-room', { name: 'Tab' });
    const second = await server.joined('takeover-room', { session: first.joinResult.session });
    expect(first.closed).toBe(true);
    await server.tick(1000);
    await server.tick(120_000);
    expect(server.room('takeover-room').snapshot().participants).toMatchObject([{ id: first.you.id, name: 'Tab', connected: true }]);
    expect((await second.request('cursor', { z: [1, 1], seq: 1 })).ok).toBe(true);
  });

  it('no longer lets the old connection steer the participant', async () => {
    server = createRoomTestServer();
    const first = await server.joined('old-tab-room');
    await server.joined('old-tab-room', { session: first.joinResult.session });
    const late = await first.request('cursor', { z: [1, 1], seq: 9 });
    expect(!late.ok && late.error.code).toBe('not_joined');
  });
});

describe('a room that was unloaded', () => {
  it('refuses every request of a connection still attached to it and changes nothing', async () => {
    server = createRoomTestServer();
    const host = await server.joined('gone-room');
    const room = server.room('gone-room');
    room.dispose(false);
    const answers = await Promise.all([
      host.request('host', { action: 'tickRate', hz: 30 }),
      host.request('cursor', { z: [1, 1], seq: 1 }),
      host.request('replay:start', { pathId: 'preset-circle' }),
      host.request('rename', { name: 'Ghost' }),
    ]);
    expect(answers.map((a) => !a.ok && a.error.code)).toEqual(Array(4).fill('not_joined'));
    expect(room.tickRate).toBe(20);
    expect(server.store.getRoom('gone-room')?.tickRate).toBe(20);
    expect(host.dispatcher.session.room).toBeNull();
  });
});
