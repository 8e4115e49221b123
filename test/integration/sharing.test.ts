import { afterEach, describe, expect, it } from 'vitest';
import type { PlaygroundServer } from '../../server/createServer.js';
import { adminHealth, startServer } from './helpers.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

async function newRoom(server: PlaygroundServer, model: 'ae' | 'vae'): Promise<string> {
  const res = await fetch(`${server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { room: string }).room;
}

describe('shared room links: manifest and preview picture', () => {
  let server: PlaygroundServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("serves a room's manifest that opens that room from the home screen", async () => {
    server = await startServer();
    const room = await newRoom(server, 'vae');
    const res = await fetch(`${server.url}/api/rooms/${room}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8');
    const manifest = (await res.json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      id: `/r/${room}`, start_url: `/r/${room}`, scope: `/r/${room}`, name: `Room ${room} · Latent playground`,
      display: 'standalone', theme_color: '#fbfbf8',
    });
    expect(manifest.icons).toEqual(expect.arrayContaining([
      expect.objectContaining({ src: '/icon-512.png', sizes: '512x512', purpose: 'any' }),
      expect.objectContaining({ src: '/icon-maskable-512.png', purpose: 'maskable' }),
    ]));
  });

  it('renders a 1200x630 PNG preview per room once, then serves it from the cache (and 304 on a matching ETag)', async () => {
    server = await startServer();
    const room = await newRoom(server, 'ae');
    const url = `${server.url}/api/rooms/${room}/preview.png`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(Array.from(bytes.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(pngSize(bytes)).toEqual({ width: 1200, height: 630 });
    // The scatter of 10,000 digits makes it far bigger than a blank canvas would be.
    expect(bytes.length).toBeGreaterThan(50_000);
    expect(Number(first.headers.get('content-length'))).toBe(bytes.length);
    const again = await fetch(url);
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const etag = first.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const stats = (await adminHealth<{ images: { rendered: number; previews: { rendered: number; cacheBytes: number } } }>(server.url)).images;
    expect(stats.previews.rendered).toBe(1);
    expect(stats.previews.cacheBytes).toBeGreaterThan(bytes.length);
    // Previews have their own cache: the pictures' counters did not move.
    expect(stats.rendered).toBe(0);

    // Another room draws its own code, so its picture differs.
    const other = await newRoom(server, 'ae');
    const otherBytes = Buffer.from(await (await fetch(`${server.url}/api/rooms/${other}/preview.png`)).arrayBuffer());
    expect(otherBytes.equals(Buffer.from(bytes))).toBe(false);
  });

  it('answers 404 for a room nobody made and 400 for what cannot be a room code, before drawing anything', async () => {
    server = await startServer();
    for (const file of ['manifest.webmanifest', 'preview.png']) {
      const missing = await fetch(`${server.url}/api/rooms/no-such-room/${file}`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
      for (const bad of ['ab', 'Upper-Case', 'x'.repeat(41), 'semi%3Bcolon', '%E2%82']) {
        const res = await fetch(`${server.url}/api/rooms/${bad}/${file}`);
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
      }
    }
    expect((await adminHealth<{ images: { previews: { rendered: number } } }>(server.url)).images.previews.rendered).toBe(0);
  });

  it("keeps one address's previews to its share of the render queue (429 beyond it)", async () => {
    server = await startServer({ images: { maxPerClient: 1, maxQueued: 50 } });
    const rooms = await Promise.all(Array.from({ length: 4 }, () => newRoom(server!, 'vae')));
    const answers = await Promise.all(rooms.map((r) => fetch(`${server!.url}/api/rooms/${r}/preview.png`)));
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    await Promise.all(answers.map((r) => r.arrayBuffer()));
  });
});
