/**
 * Shared room links in the real app: the room page's <head> links the room's manifest and carries
 * Open Graph and Twitter tags whose picture is the room's preview, and every file they point to
 * loads. What a crawler reads is the same, and a request cannot make the page claim another model.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newRoom(model: 'ae' | 'vae'): Promise<string> {
  const res = await fetch(`${server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model }) });
  return ((await res.json()) as { room: string }).room;
}

/** What the page's <head> says: its manifest link, icons, and meta tags by property or name. */
async function headOf(page: Page) {
  return page.evaluate(() => {
    const head = document.head;
    const meta: Record<string, string> = {};
    for (const m of Array.from(head.querySelectorAll('meta[property], meta[name]'))) {
      meta[m.getAttribute('property') ?? m.getAttribute('name')!] = m.getAttribute('content') ?? '';
    }
    const links = (rel: string) => Array.from(head.querySelectorAll(`link[rel="${rel}"]`)).map((l) => (l as HTMLLinkElement).href);
    return { manifest: links('manifest'), icons: links('icon'), apple: links('apple-touch-icon'), meta };
  });
}

async function fetchOk(url: string, type: RegExp): Promise<Buffer> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type'), url).toMatch(type);
  return Buffer.from(await res.arrayBuffer());
}

describe('sharing a room link', () => {
  it("links the room's manifest and preview in the room page's head, and they load", async () => {
    const room = await newRoom('ae');
    const page = await newPerson(browser);
    await page.goto(`${server.url}/r/${room}`);
    const head = await headOf(page);

    expect(head.manifest).toEqual([`${server.url}/api/rooms/${room}/manifest.webmanifest`]);
    const manifest = JSON.parse((await fetchOk(head.manifest[0], /^application\/manifest\+json/)).toString('utf8'));
    expect(manifest).toMatchObject({ start_url: `/r/${room}`, id: `/r/${room}`, theme_color: '#fbfbf8' });
    for (const icon of manifest.icons as { src: string }[]) await fetchOk(new URL(icon.src, head.manifest[0]).href, /^image\/png/);
    // Chromium itself parses it without complaint, and would install this room as its own app.
    const cdp = await page.context().newCDPSession(page);
    const parsed = await cdp.send('Page.getAppManifest');
    expect(parsed.errors).toEqual([]);
    expect((await cdp.send('Page.getAppId')).appId).toBe(`${server.url}/r/${room}`);

    expect(head.meta['og:title']).toBe(`Room ${room} · autoencoder (AE)`);
    expect(head.meta['og:description']).toContain(room);
    expect(head.meta['og:url']).toBe(`${server.url}/r/${room}`);
    // Absolute, as crawlers need it: built from the address the page was asked at.
    expect(head.meta['og:image']).toBe(`${server.url}/api/rooms/${room}/preview.png`);
    expect([head.meta['og:image:width'], head.meta['og:image:height']]).toEqual(['1200', '630']);
    expect(head.meta['twitter:card']).toBe('summary_large_image');
    expect(head.meta['twitter:image']).toBe(head.meta['og:image']);
    const png = await fetchOk(head.meta['og:image'], /^image\/png$/);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);

    expect(head.icons.length).toBeGreaterThanOrEqual(2);
    for (const href of [...head.icons, ...head.apple]) await fetchOk(href, /^image\//);
    expect(head.meta['theme-color']).toBe('#fbfbf8');
    await page.context().close();
  });

  it('gives a crawler the same tags in the head, whatever model a request claims', async () => {
    const room = await newRoom('vae');
    const res = await fetch(`${server.url}/r/${room}/present`, {
      headers: { 'user-agent': 'TelegramBot (like TwitterBot)', 'x-playground-room-model': 'ae', 'x-playground-public-base': 'https://evil.example' },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain(`<meta property="og:title" content="Room ${room} · variational autoencoder (VAE)"/>`);
    expect(head).toContain(`<meta property="og:image" content="${server.url}/api/rooms/${room}/preview.png"/>`);
    expect(head).toContain(`<link rel="manifest" href="/api/rooms/${room}/manifest.webmanifest"`);
    expect(html).not.toContain('evil.example');
  });

  it("gives the start page and a room nobody made yet the general manifest, and no picture that would 404", async () => {
    const page = await newPerson(browser);
    for (const path of ['/', '/r/nobody-made-this-1']) {
      await page.goto(`${server.url}${path}`);
      const head = await headOf(page);
      expect(head.manifest, path).toEqual([`${server.url}/manifest.webmanifest`]);
      expect(head.meta['og:image'], path).toBeUndefined();
      const manifest = JSON.parse((await fetchOk(head.manifest[0], /manifest\+json|json/)).toString('utf8'));
      expect(manifest.start_url).toBe('/');
    }
    await fetchOk(`${server.url}/favicon.ico`, /^image\//);
    await page.context().close();
  });
});
