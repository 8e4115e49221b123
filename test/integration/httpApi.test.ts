import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOM_ID_PATTERN } from '../../shared/protocol.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { adminHealth, joinRoom, startServer } from './helpers.js';

describe('the HTTP API', () => {
  let server: PlaygroundServer;
  const get = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, init);
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers /healthz when models, database and worker are ready', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, status: 'ok', totals: { rooms: 0 } });
    const details = await adminHealth(server.url);
    expect(details).toMatchObject({ ready: true, database: true, models: ['ae', 'vae'], rooms: [] });
  });

  it('lists the model cards with the bounds rooms accept', async () => {
    const body = (await (await get('/api/models')).json()) as { models: { kind: string; latentBounds: unknown; acceptedBounds: number[] }[] };
    expect(body.models.map((m) => m.kind)).toEqual(['ae', 'vae']);
    expect(body.models[0].acceptedBounds).toHaveLength(4);
  });

  it('serves the embedding with cache headers, gzip and 304s', async () => {
    const res = await get('/api/models/vae/embedding', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('max-age');
    const etag = res.headers.get('etag')!;
    const body = (await res.json()) as { count: number; z: number[]; labels: number[] };
    expect(body.z.length).toBe(2 * body.count);
    expect((await get('/api/models/vae/embedding', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await get('/api/models/gan/embedding')).status).toBe(404);
  });

  it('renders the manifold PNG, caps n and rejects bad views with 400', async () => {
    const res = await get('/api/models/ae/manifold.png?n=5&range=2&axes=0');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(5 * 28); // width: 5 digits of 28 px, no axes
    const capped = await get('/api/models/ae/manifold.png?n=500&axes=0');
    expect(Buffer.from(await capped.arrayBuffer()).readUInt32BE(16)).toBe(60 * 28);
    for (const q of ['n=0', 'n=abc', 'range=-1', 'xMin=1&xMax=0&yMin=0&yMax=1', 'xMin=0', 'range=Infinity', 'axes=maybe']) {
      const bad = await get(`/api/models/ae/manifold.png?${q}`);
      expect(bad.status, q).toBe(400);
      expect((await errorOf(bad)).code).toBe('bad_request');
    }
  });

  it('creates rooms with readable ids and a host key, and rejects bad bodies', async () => {
    const res = await get('/api/rooms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"ae"}' });
    expect(res.status).toBe(201);
    const { room, hostKey } = (await res.json()) as { room: string; hostKey: string };
    expect(room).toMatch(/^[a-z]+-[a-z]+-\d{2}$/);
    expect(room).toMatch(ROOM_ID_PATTERN);
    expect(hostKey.length).toBeGreaterThanOrEqual(16);
    expect(server.store.getRoom(room)!.hostKeyHash).not.toContain(hostKey); // only a hash is stored
    const info = (await (await get(`/api/rooms/${room}`)).json()) as { room: { model: string } };
    expect(info.room.model).toBe('ae');
    for (const body of ['{"model":"gan"}', 'not json', '[1,2]', 'x'.repeat(5000)]) {
      const bad = await get('/api/rooms', { method: 'POST', body });
      expect(bad.status, body.slice(0, 20)).toBe(400);
    }
    expect((await get('/api/rooms', { method: 'DELETE' })).status).toBe(405);
  });

  it('lists paths with the presets, serves a path and its GIF, and answers 400/404 for bad ids', async () => {
    server.store.createRoom({ id: 'some-room', model: 'vae', tickRate: 20, hostKeyHash: 'h' }); // GIFs need a room
    const list = (await (await get('/api/rooms/some-room/paths')).json()) as { paths: { id: string; sampleCount: number; durationMs: number }[] };
    expect(list.paths.slice(0, 2)).toMatchObject([
      { id: 'preset-line', sampleCount: 50, durationMs: 4900 },
      { id: 'preset-circle', sampleCount: 360, durationMs: 17950 },
    ]);
    const line = (await (await get('/api/rooms/some-room/paths/preset-line')).json()) as { path: { z: number[] } };
    expect(line.path.z.slice(0, 2)).toEqual([expect.closeTo(0.4, 5), expect.closeTo(2.7, 5)]);
    const gif = await get('/api/rooms/some-room/paths/preset-line.gif?model=vae');
    expect(gif.status).toBe(200);
    expect(gif.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await gif.arrayBuffer()).subarray(0, 6).toString()).toBe('GIF89a');
    expect((await get('/api/rooms/some-room/paths/preset-line.gif?model=gan')).status).toBe(400);
    expect((await get('/api/rooms/some-room/paths/p-nothere')).status).toBe(404);
    expect((await get('/api/rooms/some-room/paths/p-nothere.gif')).status).toBe(404);
    expect((await get('/api/rooms/Bad_Room/paths')).status).toBe(400);
    expect((await get('/api/rooms/ab/paths')).status).toBe(400);
    expect((await get('/api/rooms/some-room/paths/%E0%A4%A')).status).toBe(400);
    expect((await get('/api/nothing')).status).toBe(404);
    expect((await get('/r/some-room')).status).toBe(404); // no Next in this server
  });

  it('makes a GIF of a recorded path of at most 600 frames', async () => {
    const a = await joinRoom(server.url, 'gif-room', { name: 'G' });
    const b = a.joined.room.bounds;
    await a.emit('record:start', {});
    for (let i = 0; i < 5; i++) {
      await a.emit('cursor', { z: [b[0] + (b[2] - b[0]) * (0.3 + 0.1 * i), 0], seq: i + 1 });
      await new Promise((r) => setTimeout(r, 60));
    }
    const saved = await a.emit('record:stop', {});
    a.close();
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const gif = await get(`/api/rooms/gif-room/paths/${saved.path.id}.gif`);
    expect(gif.status).toBe(200);
    expect(Buffer.from(await gif.arrayBuffer()).subarray(0, 3).toString()).toBe('GIF');
  });
});
