/**
 * The presenter view on a projector, in a real Chromium: 1280x720 and 1920x1080 without scrolling,
 * the plane the largest thing on screen, the model and frozen signs, zoom and reset, the teacher's
 * panel folded away; and a QR code that a phone can open (PUBLIC_URL, the LAN address, or a plain
 * warning when the server only listens on loopback).
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, SHOTS, startServer, until, waitForPlane, type RunningServer } from './harness';
import { createRoomFor, planeState, scrolls } from './pageHelpers';

let server: RunningServer;
let browser: Browser;
let teacher: Page;
let room: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  teacher = await newPerson(browser, { name: 'Ms Lovelace' });
  room = await createRoomFor(teacher, server.url);
  await teacher.goto(`${server.url}/r/${room}`);
  await waitForPlane(teacher);
  // A few students, so the projector has digits to show.
  for (const name of ['Ada', 'Grace', 'Alan']) {
    const s = await newPerson(browser, { name });
    await s.goto(`${server.url}/r/${room}#z=${(Math.random() * 2 - 1).toFixed(2)},${(Math.random() * 2 - 1).toFixed(2)}`);
    await waitForPlane(s);
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The presenter in the teacher's browser (so it may open the teacher's panel) at a screen size. */
async function presenter(width: number, height: number): Promise<Page> {
  const page = await teacher.context().newPage();
  await page.setViewportSize({ width, height });
  await page.goto(`${server.url}/r/${room}/present`);
  await waitForPlane(page);
  await until(() => page.getByTestId('gallery-tile').count(), (n) => n >= 3, 15_000, 'the students’ digits');
  return page;
}

async function area(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  return box ? box.width * box.height : 0;
}

describe.each([
  [1280, 720],
  [1920, 1080],
])('the presenter at %ix%i', (width, height) => {
  it('fits without scrolling, the plane the largest thing on it, with the model and no controls in the way', async () => {
    const page = await presenter(width, height);
    expect(await scrolls(page)).toEqual({ x: false, y: false });
    const plane = await area(page, '[data-testid=latent-plane]');
    for (const other of ['[data-testid=qr-code]', '.big-digits', '.join-info', '.present-tools']) {
      expect(plane).toBeGreaterThan(2 * (await area(page, other)));
    }
    expect(plane).toBeGreaterThan(0.4 * width * height);
    expect(await page.getByTestId('model-badge').textContent()).toBe('VAE');
    expect(await page.getByTestId('host-controls').count()).toBe(0);
    expect(await page.getByTestId('qr-code').isVisible()).toBe(true);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, `present-${width}x${height}.png`) });
    await page.close();
  });
});

describe('the presenter', () => {
  it('shows a frozen sign while steering is frozen, and the teacher’s panel only when asked', async () => {
    const page = await presenter(1280, 720);
    await page.getByTestId('teacher-panel-toggle').click();
    await page.getByTestId('host-controls').waitFor();
    await page.getByTestId('freeze').click();
    await page.getByTestId('frozen-sign').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SHOTS, 'present-teacher-panel.png') });
    await page.getByRole('button', { name: "Close the teacher's panel" }).click();
    expect(await page.getByTestId('host-controls').count()).toBe(0);
    expect(await scrolls(page)).toEqual({ x: false, y: false });
    await page.screenshot({ path: path.join(SHOTS, 'present-frozen.png') });
    await teacher.getByTestId('freeze').click();
    await page.getByTestId('frozen-sign').waitFor({ state: 'detached', timeout: 10_000 });
    await page.close();
  });

  it('zooms and resets its view', async () => {
    const page = await presenter(1280, 720);
    const fitted = (await planeState(page)).view;
    await page.getByTestId('zoom-in').click();
    await until(() => planeState(page), (s) => s.view[2] > fitted[2] * 1.2, 3000, 'the zoom');
    await page.getByTestId('reset-view').click();
    const reset = await until(() => planeState(page), (s) => Math.abs(s.view[2] - fitted[2]) < 1e-3, 3000, 'the reset');
    expect(reset.view[0]).toBeCloseTo(fitted[0], 3);
    await page.close();
  });

  it('warns in plain words when the server listens on this computer only', async () => {
    const page = await presenter(1280, 720);
    const note = page.getByTestId('join-note');
    await note.waitFor();
    expect(await note.getAttribute('data-source')).toBe('loopback');
    expect(await note.textContent()).toContain('Phones cannot open 127.0.0.1');
    await page.close();
  });
});

describe('the QR code on another server', () => {
  let other: RunningServer;
  afterAll(() => other?.stop());

  const qrText = async (baseUrl: string) => {
    const page = await newPerson(browser, { viewport: { width: 1280, height: 720 } });
    const r = await createRoomFor(page, baseUrl);
    await page.goto(`${baseUrl}/r/${r}/present`);
    const qr = page.getByTestId('qr-code');
    await qr.waitFor({ timeout: 60_000 });
    const result = { room: r, text: await qr.getAttribute('data-qr-text'), source: await page.getByTestId('join-note').getAttribute('data-source') };
    await page.context().close();
    return result;
  };

  it('is the LAN address when the page was opened on 127.0.0.1 of a server on every interface', async () => {
    other = await startServer({ env: { HOST: '0.0.0.0' } });
    const lan = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'));
    const { room: r, text, source } = await qrText(other.url);
    if (lan) {
      expect(text).toBe(`http://${lan.address}:${other.port}/r/${r}`);
      expect(source).toBe('lan');
    } else {
      expect(text).toBe(`${other.url}/r/${r}`);
      expect(source).toBe('loopback');
    }
    await other.stop();
  });

  it('is PUBLIC_URL when it is set, whatever else holds', async () => {
    other = await startServer({ env: { HOST: '0.0.0.0', PUBLIC_URL: 'http://playground.school.example:8080/' } });
    const { room: r, text, source } = await qrText(other.url);
    expect(text).toBe(`http://playground.school.example:8080/r/${r}`);
    expect(source).toBe('public');
  });
});
