import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundServer } from '../../server/createServer.js';
import { joinRoom, startServer, steer, waitFor, type TestClient } from './helpers.js';
import type { JoinResult } from '../../shared/protocol.js';

type Joined = TestClient & { joined: JoinResult };

describe('host rights', () => {
  let server: PlaygroundServer;
  let host: Joined;
  let guest: Joined;

  beforeAll(async () => {
    server = await startServer();
    const res = await fetch(`${server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'ae' }) });
    const { room, hostKey } = (await res.json()) as { room: string; hostKey: string };
    host = await joinRoom(server.url, room, { name: 'Teacher', hostKey });
    guest = await joinRoom(server.url, room, { name: 'Student', hostKey: 'A'.repeat(32) });
  });
  afterAll(async () => {
    host.close();
    guest.close();
    await server.close();
  });

  it('makes the holder of the key host and nobody else', () => {
    expect(host.joined.you.host).toBe(true);
    expect(host.joined.room.model).toBe('ae');
    expect(guest.joined.you.host).toBe(false);
    expect(guest.joined.hostKey).toBeUndefined();
  });

  it('refuses every host-only action from a guest without changing the room', async () => {
    const refused = await Promise.all([
      guest.emit('host', { action: 'model', model: 'vae' }),
      guest.emit('host', { action: 'freeze', frozen: true }),
      guest.emit('host', { action: 'spotlight', cursor: guest.joined.you.id }),
      guest.emit('host', { action: 'tickRate', hz: 10 }),
      guest.emit('host', { action: 'stopAllReplays' }),
      guest.emit('replay:start', { pathId: 'preset-circle' }),
    ]);
    for (const ack of refused) expect(!ack.ok && ack.error.code).toBe('not_host');
    const room = server.manager.get(host.joined.room.id)!;
    expect(room.snapshot()).toMatchObject({ model: 'ae', frozen: false, spotlight: null, tickRate: 20, replays: [] });
  });

  it('lets the host switch the model (persisted), freeze steering and spotlight a cursor', async () => {
    const id = host.joined.room.id;
    const model = await host.emit('host', { action: 'model', model: 'vae' });
    expect(model.ok && model.room.model).toBe('vae');
    expect(server.store.getRoom(id)!.model).toBe('vae');
    await waitFor(() => guest.rooms.find((r) => r.model === 'vae'), 2000, 'model broadcast');

    expect((await host.emit('host', { action: 'freeze', frozen: true })).ok).toBe(true);
    const b = host.joined.room.bounds;
    const blocked = await guest.emit('cursor', { z: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2], seq: 1 });
    expect(!blocked.ok && blocked.error.code).toBe('frozen');
    expect((await host.emit('host', { action: 'freeze', frozen: false })).ok).toBe(true);
    expect((await guest.emit('cursor', { z: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2], seq: 2 })).ok).toBe(true);

    const spot = await host.emit('host', { action: 'spotlight', cursor: guest.joined.you.id });
    expect(spot.ok && spot.room.spotlight).toBe(guest.joined.you.id);
    const missing = await host.emit('host', { action: 'spotlight', cursor: 999 });
    expect(!missing.ok && missing.error.code).toBe('not_found');

    const rate = await host.emit('host', { action: 'tickRate', hz: 30 });
    expect(rate.ok && rate.room.tickRate).toBe(30);
    expect(server.store.getRoom(id)!.tickRate).toBe(30);
  });

  it("lets authors and the host delete paths, and refuses others", async () => {
    const b = host.joined.room.bounds;
    const mid: [number, number] = [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    expect((await host.emit('record:start', {})).ok).toBe(true);
    await steer(host, mid, 10);
    const saved = await host.emit('record:stop', { name: 'Teacher walk' });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;

    const notYours = await guest.emit('path:delete', { id: saved.path.id });
    expect(!notYours.ok && notYours.error.code).toBe('not_host');
    const rename = await guest.emit('path:rename', { id: saved.path.id, name: 'mine now' });
    expect(!rename.ok && rename.error.code).toBe('not_host');
    const preset = await host.emit('path:delete', { id: 'preset-line' });
    expect(!preset.ok && preset.error.code).toBe('not_allowed');

    // The guest has spent its burst of room-changing requests (10) in this file by now: let the
    // bucket refill (5 a second) so what follows is not refused as rate_limited on a fast machine.
    await new Promise((r) => setTimeout(r, 1500));
    // The guest's cursor is already placed (at mid): the recording's first sample is taken at its start.
    await guest.emit('cursor', { z: mid, seq: 11 });
    expect((await guest.emit('record:start', {})).ok).toBe(true);
    const own = await guest.emit('record:stop', {});
    expect(own.ok).toBe(true);
    if (!own.ok) return;
    expect(own.path.author).toBe('Student');
    const renamed = await guest.emit('path:rename', { id: own.path.id, name: 'My walk' });
    expect(renamed.ok && renamed.path.name).toBe('My walk');
    expect((await host.emit('path:delete', { id: own.path.id })).ok).toBe(true);
    expect((await guest.emit('path:delete', { id: own.path.id })).ok).toBe(false);
    expect(server.store.listPaths(host.joined.room.id).map((p) => p.id)).toEqual([saved.path.id]);
  });
});
