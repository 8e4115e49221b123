/**
 * A room's rules, in-process through the real dispatcher and handlers: host rights, the reconnect
 * grace, recording and replay timing on a hand-driven clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FrameKind } from '../../shared/frameCodec.js';
import { PRESET_IDS } from '../../shared/protocol.js';
import { presetPath } from '../../server/rooms/presets.js';
import { createRoomTestServer, type RoomTestServer } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

describe('host rights', () => {
  it('refuses every host-only action from a guest and changes nothing', async () => {
    server = createRoomTestServer();
    const host = await server.joined('rules-room');
    const guest = await server.joined('rules-room');
    expect(host.you.host).toBe(true);
    expect(guest.you.host).toBe(false);
    const before = server.room('rules-room').snapshot();
    const refused = await Promise.all([
      guest.request('host', { action: 'model', model: 'ae' }),
      guest.request('host', { action: 'freeze', frozen: true }),
      guest.request('host', { action: 'spotlight', cursor: guest.you.id }),
      guest.request('host', { action: 'tickRate', hz: 10 }),
      guest.request('host', { action: 'stopAllReplays' }),
      guest.request('replay:start', { pathId: PRESET_IDS.circle }),
    ]);
    expect(refused.map((a) => !a.ok && a.error.code)).toEqual(Array(6).fill('not_host'));
    expect(server.room('rules-room').snapshot()).toEqual(before);
  });

  it("freezes everyone's steering but the host's", async () => {
    server = createRoomTestServer();
    const host = await server.joined('freeze-room');
    const guest = await server.joined('freeze-room');
    expect((await host.request('host', { action: 'freeze', frozen: true })).ok).toBe(true);
    const blocked = await guest.request('cursor', { z: [1, 1], seq: 1 });
    expect(!blocked.ok && blocked.error.code).toBe('frozen');
    expect((await host.request('cursor', { z: [1, 1], seq: 1 })).ok).toBe(true);
    await host.request('host', { action: 'freeze', frozen: false });
    expect((await guest.request('cursor', { z: [1, 1], seq: 2 })).ok).toBe(true);
  });

  it('sends the spotlighted cursor to everyone at full size at once, even unmoved', async () => {
    server = createRoomTestServer();
    const host = await server.joined('spot-room');
    const guest = await server.joined('spot-room');
    await guest.request('cursor', { z: [1, 1], seq: 1 });
    await server.tick();
    await server.tick();
    host.clear();
    await host.request('host', { action: 'spotlight', cursor: guest.you.id });
    await server.tick();
    expect(host.entries()).toMatchObject([{ id: guest.you.id, kind: FrameKind.full }]);
    const missing = await host.request('host', { action: 'spotlight', cursor: 999 });
    expect(!missing.ok && missing.error.code).toBe('not_found');
  });

  it('changes the tick rate the loop follows, and persists it', async () => {
    server = createRoomTestServer();
    const host = await server.joined('rate-room');
    const ack = await host.request('host', { action: 'tickRate', hz: 30 });
    expect(ack.ok && ack.room.tickRate).toBe(30);
    expect(server.room('rate-room').tickRate).toBe(30);
    expect(server.store.getRoom('rate-room')?.tickRate).toBe(30);
  });
});

describe('the reconnect grace', () => {
  it('keeps a participant for the grace, gives them back on rejoin, then removes them and unloads the room', async () => {
    server = createRoomTestServer({ limits: { reconnectGraceMs: 1000 } });
    const a = await server.joined('grace-room', { name: 'Rita' });
    const watcher = await server.joined('grace-room');
    await a.request('cursor', { z: [1, 2], seq: 3 });
    await server.tick();
    a.disconnect();
    await server.flush();
    expect(watcher.snapshots.at(-1)?.participants.find((p) => p.id === a.you.id)?.connected).toBe(false);

    await server.tick(999);
    const back = await server.joined('grace-room', { session: a.joinResult.session, name: 'Other' });
    expect(back.you).toMatchObject({ id: a.you.id, name: 'Rita', host: true, connected: true });
    expect(back.frames[0].entries.find((e) => e.id === a.you.id)).toMatchObject({ kind: FrameKind.full, z: [1, 2], seq: 3 });

    back.disconnect();
    await server.tick(999);
    expect(server.room('grace-room').size).toBe(2);
    await server.tick(1);
    expect(server.room('grace-room').snapshot().participants.map((p) => p.id)).toEqual([watcher.you.id]);
    watcher.disconnect();
    await server.tick(1000);
    expect(server.manager.get('grace-room')).toBeUndefined();
  });

  it('saves a recording in progress when its author leaves for good', async () => {
    server = createRoomTestServer({ limits: { reconnectGraceMs: 500 } });
    const a = await server.joined('autosave-room', { name: 'Walker' });
    await server.joined('autosave-room');
    await a.request('cursor', { z: [0, 0], seq: 1 });
    await a.request('record:start', {});
    await server.tick();
    a.disconnect();
    await server.tick(500);
    expect(server.store.listPaths('autosave-room').map((p) => p.name)).toEqual(["Walker's walk (saved when left the room)"]);
  });

  it('tells the first connection when its session joins again from another', async () => {
    server = createRoomTestServer();
    const first = await server.joined('tab-room');
    const second = await server.joined('tab-room', { session: first.joinResult.session });
    expect(second.you.id).toBe(first.you.id);
    expect(first.notices.map((n) => n.code)).toEqual(['session_taken']);
    expect(first.closed).toBe(true);
  });
});

describe('recording and replay timing', () => {
  it('samples a recording at every tick, with times from the first sample', async () => {
    server = createRoomTestServer();
    const a = await server.joined('rec-room');
    await a.request('cursor', { z: [0, 0], seq: 1 });
    expect((await a.request('record:start', {})).ok).toBe(true);
    for (let i = 1; i <= 4; i++) {
      await a.request('cursor', { z: [i, -i], seq: i + 1 });
      await server.tick(50);
    }
    const saved = await a.request('record:stop', { name: 'steps' });
    expect(saved.ok && saved.path).toMatchObject({ name: 'steps', sampleCount: 5, durationMs: 200 });
    const path = server.store.getPath('rec-room', saved.ok ? saved.path.id : '')!;
    expect(path.t).toEqual([0, 50, 100, 150, 200]);
    expect(path.z).toEqual([0, 0, 1, -1, 2, -2, 3, -3, 4, -4]);
  });

  it('walks a replay at its recorded timing times its speed, then lingers a second and ends', async () => {
    server = createRoomTestServer();
    const host = await server.joined('replay-room');
    const line = presetPath('replay-room', PRESET_IDS.line)!; // 50 samples, 100 ms apart
    const started = await host.request('replay:start', { pathId: PRESET_IDS.line, speed: 2 });
    expect(started.ok).toBe(true);
    const ghost = started.ok ? started.replay.id : -1;
    const seen: number[][] = [];
    for (let i = 0; i < 5; i++) {
      host.clear();
      await server.tick(50);
      seen.push(host.entries().filter((e) => e.id === ghost && e.ghost && e.kind === FrameKind.full).map((e) => e.z[1]));
    }
    // The first tick shows sample 0; then every 50 ms of wall time is 100 ms of path: one sample a tick.
    const y = (i: number) => Math.fround(line.z[2 * i + 1]);
    expect(seen).toEqual([[y(0)], [y(1)], [y(2)], [y(3)], [y(4)]]);

    await server.tick((4900 - 400) / 2); // to the last sample
    await server.tick(999 / 2);
    expect(server.room('replay-room').snapshot().replays).toHaveLength(1);
    await server.tick(1);
    expect(server.room('replay-room').snapshot().replays).toEqual([]);
  });

  it('holds a paused replay where it is', async () => {
    server = createRoomTestServer();
    const host = await server.joined('pause-room');
    const started = await host.request('replay:start', { pathId: PRESET_IDS.circle, loop: true });
    const id = started.ok ? started.replay.id : -1;
    await server.tick(50);
    await server.tick(50);
    expect((await host.request('replay:control', { action: 'pause', replay: id })).ok).toBe(true);
    host.clear();
    for (let i = 0; i < 10; i++) await server.tick(50);
    expect(host.entries().filter((e) => e.id === id)).toEqual([]);
  });
});
