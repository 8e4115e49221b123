/**
 * Drawing a digit end to end in a real Chromium against the real server: on a phone viewport a
 * touch drag draws on the pad, the preview shows the 28x28 the model will see, Send encodes it,
 * and another browser sees the pin on its plane.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, REPO, startServer, until, waitForPlane, type RunningServer } from './harness';
import { createRoomFor, planeState, screenOf } from './pageHelpers';

let server: RunningServer;
let browser: Browser;
let desk: Page;
let room: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  desk = await newPerson(browser);
  room = await createRoomFor(desk, server.url);
  await desk.goto(`${server.url}/r/${room}`);
  await waitForPlane(desk);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Sum of the ink in a canvas (0 for an empty one). */
const inkOf = (page: Page, testId: string) =>
  page.evaluate((id) => {
    const c = document.querySelector(`[data-testid=${id}]`) as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i];
    return sum;
  }, testId);

describe('drawing a digit on a phone', () => {
  it('draws by touch, sends it, and another browser sees the pin', async () => {
    const phone = await newPerson(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    await phone.goto(`${server.url}/r/${room}`);
    await waitForPlane(phone);
    const pad = phone.getByTestId('draw-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    expect(box.width).toBeGreaterThan(150);
    const cdp = await phone.context().newCDPSession(phone);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    // A "7": across the top, then down to the bottom left.
    const stroke: [number, number][] = [];
    for (let i = 0; i <= 10; i++) stroke.push([0.25 + 0.5 * (i / 10), 0.2]);
    for (let i = 1; i <= 12; i++) stroke.push([0.75 - 0.3 * (i / 12), 0.2 + 0.6 * (i / 12)]);
    const at = ([fx, fy]: [number, number]) => [box.x + box.width * fx, box.y + box.height * fy] as const;
    await touch('touchStart', ...at(stroke[0]));
    for (const p of stroke.slice(1)) {
      await touch('touchMove', ...at(p));
      await phone.waitForTimeout(20);
    }
    await touch('touchEnd', 0, 0);
    expect(await until(() => inkOf(phone, 'draw-preview'), (v) => v > 0, 5000, 'the preview')).toBeGreaterThan(0);
    // The page did not scroll while drawing (touch-action: none) and still fits the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Chromium's gesture detector drops a tap sent in the same instant as the end of a drag (no
    // finger is that fast); a tenth of a second between them is what a hand needs anyway.
    await phone.waitForTimeout(150);
    await phone.getByTestId('draw-send').tap();
    await phone.getByTestId('draw-result').waitFor({ timeout: 15_000 });
    const phoneZ = await until(() => planeState(phone), (s) => s.z !== '', 5000, 'the phone’s cursor at its drawing');
    expect(phoneZ.z).toMatch(/^-?\d/);
    await phone.screenshot({ path: path.join(REPO, 'docs', 'draw-phone.png') });

    await until(() => desk.getByTestId('latent-plane').getAttribute('data-pins'), (v) => v === '1', 15_000, 'the pin on the other browser');
    await desk.getByTestId('drawings-count').waitFor();
    expect(await desk.getByTestId('drawings-count').textContent()).toContain('1 pinned');
    await desk.getByTestId('latent-plane').screenshot({ path: path.join(REPO, 'docs', 'draw-pins.png') });

    // A click on the pin opens the drawing, with the 5 test digits nearest to it as pictures.
    const [px, py] = await screenOf(desk, phoneZ.z.split(',').map(Number) as [number, number]);
    await desk.mouse.click(px, py);
    await desk.getByTestId('drawing-detail').waitFor();
    await until(() => desk.getByTestId('nearest-digit').count(), (n) => n === 5, 10_000, 'the 5 nearest test digits');
    // Each is a digit, not a blank: dark ink and light paper (opaque) on its canvas.
    const contrasts = await desk.getByTestId('nearest-digit').evaluateAll((items) => items.map((li) => {
      const c = li.querySelector('canvas')!;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let lo = 255, hi = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 255) return 0;
        lo = Math.min(lo, data[i]);
        hi = Math.max(hi, data[i]);
      }
      return hi - lo;
    }));
    expect(contrasts).toHaveLength(5);
    for (const c of contrasts) expect(c).toBeGreaterThan(128);
    await desk.getByTestId('drawing-detail').screenshot({ path: path.join(REPO, 'test-results', 'e2e', 'drawing-detail.png') });
    await phone.context().close();
  });

  it('shows the pin on the projector too, opened after the drawing was sent', async () => {
    const projector = await newPerson(browser, { viewport: { width: 1280, height: 720 } });
    await projector.goto(`${server.url}/r/${room}/present`);
    await waitForPlane(projector);
    await until(() => projector.getByTestId('latent-plane').getAttribute('data-pins'), (v) => v === '1', 15_000, 'the pin on the projector');
    await projector.screenshot({ path: path.join(REPO, 'test-results', 'e2e', 'draw-presenter.png') });
    await projector.context().close();
  });
});
