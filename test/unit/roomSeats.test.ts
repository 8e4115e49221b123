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

describe('one seat per connection', () => {
  it('releases the previous seat at once when a connection joins again', async () => {
    server = createRoomTestServer({ limits: { participantsPerRoom: 2 } });
    const c = server.connect();
    for (let i = 0; i < 5; i++) await c.join('refill-room', { name: `Again ${i}` });
    expect(server.room('refill-room').snapshot().participants.map((p) => p.name)).toEqual(['Again 4']);
    const teacher = await server.joined('refill-room', { name: 'Teacher' });
    expect(teacher.you.name).toBe('Teacher');
  });

  it('unloads the room a connection moved away from when nobody else is in it', async () => {
    server = createRoomTestServer();
    const c = server.connect();
    await c.join('first-room');
    await c.join('second-room');
    expect(server.manager.all().map((r) => r.id)).toEqual(['second-room']);
  });

  it('keeps the seat when the join that would move it is refused', async () => {
    server = createRoomTestServer({ limits: { participantsPerRoom: 1 } });
    await server.joined('full-room');
    const c = await server.joined('home-room');
    const refused = await c.request('join', { protocol: 1, room: 'full-room' });
    expect(!refused.ok && refused.error.code).toBe('room_full');
    expect(server.room('home-room').snapshot().participants).toMatchObject([{ id: c.you.id, connected: true }]);
    expect((await c.request('cursor', { z: [1, 1], seq: 1 })).ok).toBe(true);
  });

  it('saves the recording of a seat released by joining again', async () => {
    server = createRoomTestServer();
    const c = await server.joined('rejoin-record-room', { name: 'Mover' });
    await c.request('cursor', { z: [0, 0], seq: 1 });
    await c.request('record:start', {});
    await server.tick();
    await c.join('rejoin-record-room', { name: 'Mover' });
    expect(server.store.listPaths('rejoin-record-room').map((p) => p.name)).toEqual(["Mover's walk (saved when left the room)"]);
  });
});

describe('the live-room cap', () => {
  it('evicts a room held only by disconnected participants to make room, saving their recordings', async () => {
    server = createRoomTestServer({ limits: { maxRooms: 2 } });
    const gone = await server.joined('idle-room', { name: 'Away' });
    await gone.request('cursor', { z: [0, 0], seq: 1 });
    await gone.request('record:start', {});
    await server.tick();
    gone.disconnect();
    await server.joined('busy-room');
    await server.tick(1000);
    await server.joined('new-room');
    expect(server.manager.all().map((r) => r.id).sort()).toEqual(['busy-room', 'new-room']);
    expect(server.store.listPaths('idle-room')).toHaveLength(1);
  });

  it('refuses a new room when someone is connected in every live room', async () => {
    server = createRoomTestServer({ limits: { maxRooms: 2 } });
    await server.joined('room-one');
    await server.joined('room-two');
    const refused = await server.connect().request('join', { protocol: 1, room: 'room-three' });
    expect(!refused.ok && refused.error.code).toBe('too_many_rooms');
    expect(server.manager.all()).toHaveLength(2);
  });
});
