/**
 * The teacher leads the room, in-process through the real dispatcher and handlers: follow the
 * host's view, bring everyone to a point, lock what students see, pause the class, hide names,
 * students' own replays, and screens that only watch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PRESET_IDS, ServerEvent } from '../../shared/protocol.js';
import { createRoomTestServer, type RoomTestServer } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

const eventsOf = (c: { events: { event: string; payload: unknown }[] }, event: string) =>
  c.events.filter((e) => e.event === event).map((e) => e.payload);

describe('leading the class', () => {
  it('refuses every pacing action and the view from a student, and changes nothing', async () => {
    server = createRoomTestServer();
    await server.joined('lead-room');
    const student = await server.joined('lead-room');
    const before = server.room('lead-room').snapshot();
    const refused = await Promise.all([
      student.request('host', { action: 'follow', follow: true }),
      student.request('host', { action: 'gather', z: [0, 0] }),
      student.request('host', { action: 'lock', view: 'blind' }),
      student.request('host', { action: 'pause', paused: true }),
      student.request('host', { action: 'names', hidden: true }),
      student.request('host', { action: 'studentReplays', allowed: false }),
      student.request('view', { region: [-1, -1, 1, 1] }),
    ]);
    expect(refused.map((a) => !a.ok && a.error.code)).toEqual(Array(7).fill('not_host'));
    expect(server.room('lead-room').snapshot()).toEqual(before);
  });

  it('sends the host’s view to the class only while it follows, the latest one, and to a newcomer', async () => {
    server = createRoomTestServer();
    const host = await server.joined('follow-room');
    const student = await server.joined('follow-room');
    expect((await host.request('view', { region: [-2, -2, 2, 2] })).ok).toBe(true);
    await server.flush();
    expect(eventsOf(student, ServerEvent.view)).toEqual([]);

    const on = await host.request('host', { action: 'follow', follow: true });
    expect(on.ok && on.room.follow).toBe(true);
    await server.tick(250);
    expect(eventsOf(student, ServerEvent.view)).toEqual([{ region: [-2, -2, 2, 2] }]);
    // Several views within one interval: only the latest goes out.
    await host.request('view', { region: [-1, -1, 1, 1] });
    await host.request('view', { region: [0, 0, 1, 1] });
    await server.tick(250);
    expect(eventsOf(student, ServerEvent.view).at(-1)).toEqual({ region: [0, 0, 1, 1] });
    expect(eventsOf(student, ServerEvent.view)).toHaveLength(2);

    const late = server.connect();
    await late.join('follow-room');
    expect(eventsOf(late, ServerEvent.view)).toEqual([{ region: [0, 0, 1, 1] }]);

    await host.request('host', { action: 'follow', follow: false });
    await server.tick(250);
    expect(eventsOf(student, ServerEvent.view).at(-1)).toEqual({ region: null });
    const bad = await host.request('view', { region: [1, 1, 0, 0] });
    expect(!bad.ok && bad.error.code).toBe('bad_request');
  });

  it('brings every student’s cursor to one point, leaving the host’s and the projector’s', async () => {
    server = createRoomTestServer();
    const host = await server.joined('gather-room');
    const a = await server.joined('gather-room');
    const b = await server.joined('gather-room');
    const projector = await server.joined('gather-room', { viewer: true, detail: 'full' });
    await host.request('cursor', { z: [3, 3], seq: 1 });
    await a.request('cursor', { z: [-3, 1], seq: 1 });
    await server.tick();
    const outside = await host.request('host', { action: 'gather', z: [50, 0] });
    expect(!outside.ok && outside.error.code).toBe('bad_request');
    expect((await host.request('host', { action: 'gather', z: [1.5, -0.5] })).ok).toBe(true);
    for (const c of [a, b, projector]) expect(eventsOf(c, ServerEvent.gather)).toEqual([{ z: [1.5, -0.5] }]);
    const cursors = new Map(server.room('gather-room').cursors().map((c) => [c.id, c.z]));
    expect(cursors.get(a.you.id)).toEqual([1.5, -0.5]);
    expect(cursors.get(b.you.id)).toEqual([1.5, -0.5]);
    expect(cursors.get(host.you.id)).toEqual([3, 3]);
    expect(cursors.get(projector.you.id)).toBeNull();
    // Everyone sees the moved digits on the next tick.
    host.clear();
    await server.tick();
    expect(host.entries().map((e) => e.id).sort()).toEqual([a.you.id, b.you.id].sort());
  });

  it('locks what students see, hides names and says so in the snapshot', async () => {
    server = createRoomTestServer();
    const host = await server.joined('lock-room');
    const student = await server.joined('lock-room');
    await host.request('host', { action: 'lock', view: 'blind' });
    await host.request('host', { action: 'names', hidden: true });
    await server.tick(250);
    expect(student.snapshots.at(-1)).toMatchObject({ lock: 'blind', namesHidden: true });
    await host.request('host', { action: 'lock', view: null });
    await server.tick(250);
    expect(student.snapshots.at(-1)!.lock).toBeNull();
    const bad = await host.request('host', { action: 'lock', view: 'everything' });
    expect(!bad.ok && bad.error.code).toBe('bad_request');
  });

  it('pauses the class: nobody but the host steers, replays stand still, until it resumes', async () => {
    server = createRoomTestServer();
    const host = await server.joined('pause-room');
    const student = await server.joined('pause-room');
    const started = await host.request('replay:start', { pathId: PRESET_IDS.circle, loop: true });
    expect(started.ok).toBe(true);
    await server.tick();
    await server.tick();
    expect((await host.request('host', { action: 'pause', paused: true })).ok).toBe(true);
    const ghost = () => server.room('pause-room').cursors().find((c) => c.ghost)!.z;
    const where = ghost();
    await server.tick(500);
    await server.tick(500);
    expect(ghost()).toEqual(where);
    const blocked = await student.request('cursor', { z: [1, 1], seq: 1 });
    expect(!blocked.ok && blocked.error.code).toBe('frozen');
    expect(!blocked.ok && blocked.error.message).toMatch(/paused/);
    expect((await host.request('cursor', { z: [1, 1], seq: 1 })).ok).toBe(true);
    await host.request('host', { action: 'pause', paused: false });
    await server.tick(500);
    expect(ghost()).not.toEqual(where);
    expect((await student.request('cursor', { z: [1, 1], seq: 2 })).ok).toBe(true);
  });

  it('lets a student replay their own path when allowed, never someone else’s', async () => {
    server = createRoomTestServer();
    const host = await server.joined('replay-room');
    const student = await server.joined('replay-room');
    await student.request('record:start', {});
    for (let i = 0; i < 6; i++) {
      await student.request('cursor', { z: [i / 4, 0], seq: i + 1 });
      await server.tick(100);
    }
    const saved = await student.request('record:stop', {});
    expect(saved.ok).toBe(true);
    const pathId = saved.ok ? saved.path.id : '';
    const own = await student.request('replay:start', { pathId });
    expect(own.ok).toBe(true);
    // Its starter may stop it.
    expect((await student.request('replay:control', { action: 'stop', replay: own.ok ? own.replay.id : 0 })).ok).toBe(true);
    const preset = await student.request('replay:start', { pathId: PRESET_IDS.line });
    expect(!preset.ok && preset.error.code).toBe('not_host');
    await host.request('host', { action: 'studentReplays', allowed: false });
    const off = await student.request('replay:start', { pathId });
    expect(!off.ok && off.error.code).toBe('not_host');
    expect((await host.request('replay:start', { pathId })).ok).toBe(true);
  });

  it('marks a watching screen as a viewer that cannot steer', async () => {
    server = createRoomTestServer();
    await server.joined('viewer-room');
    const projector = await server.joined('viewer-room', { viewer: true, detail: 'full' });
    expect(projector.you.viewer).toBe(true);
    expect(projector.joinResult.room.participants.find((p) => p.id === projector.you.id)?.viewer).toBe(true);
    const steer = await projector.request('cursor', { z: [0, 0], seq: 1 });
    expect(!steer.ok && steer.error.code).toBe('not_allowed');
  });
});
