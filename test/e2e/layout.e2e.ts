/**
 * The room page on a phone (390x844 with touch, and on its side) and a plane that keeps the same
 * latent region in view when its size changes, in a real Chromium against the real server.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, REPO, SHOTS, startServer, until, waitForPlane, type RunningServer } from './harness';
import { createRoomFor, planeState, scrolls, visibleRegion } from './pageHelpers';

let server: RunningServer;
let browser: Browser;
let room: string;

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const host = await newPerson(browser, { name: 'Ms Lovelace' });
  room = await createRoomFor(host, server.url);
  await host.goto(`${server.url}/r/${room}#z=0.8,0.4`);
  await waitForPlane(host);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every visible control smaller than a fingertip (44 CSS px) in either direction. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>('button, a[href], select, input:not([type=checkbox]):not([type=radio]), label:has(> input[type=checkbox]), label:has(> input[type=radio]), summary');
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.width < 44 || r.height < 44) small.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return small;
  });
}

describe('a phone held upright (390x844, touch)', () => {
  let phone: Page;
  beforeAll(async () => {
    phone = await newPerson(browser, { ...PHONE, name: 'Ada' });
    await phone.goto(`${server.url}/r/${room}#z=-0.5,0.3`);
    await waitForPlane(phone);
  });
  afterAll(() => phone.context().close());

  it('shows the plane first, filling most of the screen, with your digit beside it and not on it', async () => {
    const plane = (await phone.getByTestId('latent-plane').boundingBox())!;
    expect(plane.y).toBeLessThan(70);
    expect(plane.height).toBeGreaterThan(0.65 * 844);
    expect(plane.width).toBeGreaterThan(360);
    const digit = (await phone.getByTestId('your-digit').boundingBox())!;
    expect(overlaps(plane, digit)).toBe(false);
    expect(digit.y + digit.height).toBeLessThanOrEqual(844);
    const record = (await phone.getByTestId('record-button').boundingBox())!;
    expect(record.y + record.height).toBeLessThanOrEqual(844);
    await until(() => phone.getByTestId('your-digit').getAttribute('data-checksum'), (c) => Boolean(c), 10_000, 'your digit');
    await phone.screenshot({ path: path.join(REPO, 'docs', 'phone.png') });
  });

  it('has no horizontal scroll and no control smaller than a fingertip', async () => {
    expect((await scrolls(phone)).x).toBe(false);
    expect(await smallTargets(phone)).toEqual([]);
  });

  it('fits on its side (844x390) without scrolling, the plane still the largest thing', async () => {
    await phone.setViewportSize({ width: 844, height: 390 });
    await until(() => scrolls(phone), (s) => !s.x && !s.y, 5000, 'the landscape layout');
    const plane = (await phone.getByTestId('latent-plane').boundingBox())!;
    expect(plane.height).toBeGreaterThan(300);
    expect(plane.width).toBeGreaterThan(420);
    expect(await smallTargets(phone)).toEqual([]);
    await phone.screenshot({ path: path.join(SHOTS, 'phone-landscape.png') });
    await phone.setViewportSize({ width: 390, height: 844 });
  });
});

describe('the plane', () => {
  it('keeps the same latent region in view when the window changes size, and back', async () => {
    const page = await newPerson(browser, { viewport: { width: 1280, height: 860 } });
    await page.goto(`${server.url}/r/${room}`);
    await waitForPlane(page);
    await page.getByTestId('zoom-in').click();
    await page.waitForTimeout(300);
    const region = await visibleRegion(page);
    const [cx, cy] = (await planeState(page)).view;
    for (const [w, h] of [[900, 700], [1600, 1000], [600, 900]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(500);
      const now = await visibleRegion(page);
      const state = await planeState(page);
      // Still all there (the border pixels aside), around the same centre.
      expect(now[0]).toBeLessThanOrEqual(region[0] + 0.02);
      expect(now[1]).toBeLessThanOrEqual(region[1] + 0.02);
      expect(now[2]).toBeGreaterThanOrEqual(region[2] - 0.02);
      expect(now[3]).toBeGreaterThanOrEqual(region[3] - 0.02);
      expect(state.view[0]).toBeCloseTo(cx, 3);
      expect(state.view[1]).toBeCloseTo(cy, 3);
      // And fitted: one side of the region spans the plane.
      const fill = Math.max((region[2] - region[0]) / (now[2] - now[0]), (region[3] - region[1]) / (now[3] - now[1]));
      expect(fill).toBeGreaterThan(0.97);
    }
    await page.context().close();
  });
});
