import { afterAll, describe, expect, it } from 'vitest';
import { FrameKind } from '../../shared/frameCodec.js';
import type { PathDetail, PathSummary } from '../../shared/protocol.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { entries, joinRoom, startServer, steer, tempDbFile, waitFor } from './helpers.js';

describe('recorded paths and replays', () => {
  const dbFile = tempDbFile();
  let server: PlaygroundServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it('records a walk, keeps it across a restart and replays it as a ghost', async () => {
    server = await startServer({ dbFile });
    const host = await joinRoom(server.url, 'path-room', { name: 'Rec' });
    const hostKey = host.joined.hostKey!;
    const b = host.joined.room.bounds;
    expect((await host.emit('record:start', {})).ok).toBe(true);
    const sent: [number, number][] = [];
    for (let i = 0; i < 12; i++) {
      const z: [number, number] = [b[0] + (b[2] - b[0]) * (0.2 + i * 0.05), (b[1] + b[3]) / 2];
      sent.push(z);
      await steer(host, z, i + 1);
    }
    const stop = await host.emit('record:stop', { name: 'Across the plane' });
    expect(stop.ok).toBe(true);
    if (!stop.ok) return;
    expect(stop.path).toMatchObject({ name: 'Across the plane', author: 'Rec', room: 'path-room', preset: false });
    expect(stop.path.sampleCount).toBeGreaterThan(5);
    host.close();
    await server.close();

    server = await startServer({ dbFile });
    const list = (await (await fetch(`${server.url}/api/rooms/path-room/paths`)).json()) as { paths: PathSummary[] };
    expect(list.paths.map((p) => p.id)).toEqual(['preset-line', 'preset-circle', stop.path.id]);
    const detail = (await (await fetch(`${server.url}/api/rooms/path-room/paths/${stop.path.id}`)).json()) as { path: PathDetail };
    expect(detail.path.t[0]).toBe(0);
    expect(detail.path.t.length).toBe(stop.path.sampleCount);
    expect(detail.path.z.length).toBe(2 * stop.path.sampleCount);
    const last = detail.path.z.slice(-2);
    expect(last[0]).toBeCloseTo(sent.at(-1)![0], 4);
    expect(detail.path).not.toHaveProperty('authorSessionHash');

    const again = await joinRoom(server.url, 'path-room', { name: 'Rec', hostKey });
    const viewer = await joinRoom(server.url, 'path-room', { name: 'Viewer' });
    expect(again.joined.you.host).toBe(true);
    expect(again.joined.paths.map((p) => p.id)).toContain(stop.path.id);
    const replay = await again.emit('replay:start', { pathId: stop.path.id, speed: 2 });
    expect(replay.ok).toBe(true);
    if (!replay.ok) return;
    const ghost = replay.replay.id;
    const seen = await waitFor(() => entries(viewer).filter((e) => e.id === ghost).length >= 4 && entries(viewer).filter((e) => e.id === ghost), 5000, 'ghost frames');
    expect(seen.every((e) => e.ghost && e.kind === FrameKind.full)).toBe(true);
    expect(seen[0].z[0]).toBeCloseTo(detail.path.z[0], 4);
    // Without loop it ends by itself and leaves the room's replay list.
    await waitFor(() => viewer.rooms.at(-1)?.replays.length === 0, 5000, 'replay end');
    again.close();
    viewer.close();
  });

  it('runs the presets with pause, speed, loop and stop', async () => {
    server ??= await startServer({ dbFile });
    const host = await joinRoom(server.url, 'preset-room', { name: 'Host' });
    const started = await host.emit('replay:start', { pathId: 'preset-circle', speed: 4, loop: true });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const id = started.replay.id;
    await waitFor(() => entries(host).filter((e) => e.id === id).length > 3, 3000, 'circle frames');
    // How a paused replay holds still is a room rule (test/unit/roomRules.test.ts); here, the wiring.
    const paused = await host.emit('replay:control', { action: 'pause', replay: id });
    expect(paused.ok && paused.replay.paused).toBe(true);
    await waitFor(() => host.rooms.at(-1)?.replays.find((r) => r.id === id)?.paused, 2000, 'paused in the snapshot');
    expect((await host.emit('replay:control', { action: 'resume', replay: id })).ok).toBe(true);
    const speed = await host.emit('replay:control', { action: 'speed', replay: id, speed: 0.25 });
    expect(speed.ok && speed.replay.speed).toBe(0.25);
    const tooFast = await host.emit('replay:control', { action: 'speed', replay: id, speed: 8 });
    expect(tooFast.ok).toBe(false);
    expect((await host.emit('replay:control', { action: 'stop', replay: id })).ok).toBe(true);
    const gone = await host.emit('replay:control', { action: 'stop', replay: id });
    expect(!gone.ok && gone.error.code).toBe('not_found');
    const unknown = await host.emit('replay:start', { pathId: 'p-doesnotexist' });
    expect(!unknown.ok && unknown.error.code).toBe('not_found');
    host.close();
  });
});
