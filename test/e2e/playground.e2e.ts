/**
 * The playground end to end in a real Chromium against the real server: two people steer in one
 * room, record and replay, the projector view shows a scannable QR code, and a phone steers by touch.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, REPO, startServer, until, waitForPlane, type RunningServer } from './harness';
import { dragAcross, ownId, planeState, tileDigit } from './pageHelpers';

let server: RunningServer;
let browser: Browser;
let a: Page;
let b: Page;
let room: string;
let bId: number;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  a = await newPerson(browser, { name: 'Ada' });
  b = await newPerson(browser, { name: 'Grace' });
  // A creates the room from the start page, as a teacher would; B joins by its code.
  await a.goto(`${server.url}/`);
  await a.locator('label', { hasText: 'Autoencoder (AE)' }).click();
  await a.getByTestId('create-room').click();
  await a.waitForURL(/\/r\/[a-z0-9-]+$/);
  room = a.url().split('/r/')[1];
  await b.goto(`${server.url}/`);
  await b.getByLabel('Room code or link').fill(room);
  await b.getByRole('button', { name: 'Join' }).click();
  await b.waitForURL(`${server.url}/r/${room}`);
  await Promise.all([waitForPlane(a), waitForPlane(b)]);
  bId = await ownId(b);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('two people in one room', () => {
  it('answers an invalid room address with the 404 page', async () => {
    const res = await fetch(`${server.url}/r/Not_A_Room`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No such room');
  });

  it('lets the host A see B’s cursor move and B’s digit change while B drags across the plane', async () => {
    await until(() => a.locator('[data-testid=gallery-tile]').count(), (n) => n >= 2, 15_000, 'A to see B’s tile');
    const seen = new Set<string>();
    const sums = new Set<string>();
    // A watches for as long as B drags (a busy machine slows both pages), and a second more.
    let dragging = true;
    const watching = (async () => {
      let end = Infinity;
      while (Date.now() < end) {
        if (!dragging && end === Infinity) end = Date.now() + 1000;
        const d = await tileDigit(a, bId);
        if (d?.z) seen.add(d.z);
        if (d?.checksum) sums.add(d.checksum);
        await a.waitForTimeout(50);
      }
    })();
    await dragAcross(b, [0.15, 0.8], [0.85, 0.2], 80, 50);
    dragging = false;
    await watching;
    expect(seen.size).toBeGreaterThanOrEqual(5);
    expect(sums.size).toBeGreaterThanOrEqual(2);
    // A ends up showing B where B is, and draws B's cursor on its plane.
    const bZ = (await planeState(b)).z.split(',').map(Number);
    const bView = await until(() => tileDigit(a, bId), (d) => {
      const z = d?.z.split(',').map(Number) ?? [NaN, NaN];
      return Math.abs(z[0] - bZ[0]) < 1e-3 && Math.abs(z[1] - bZ[1]) < 1e-3;
    }, 5000, 'A to show B at B’s final z');
    expect(bView).not.toBeNull();
    expect((await planeState(a)).cursors).toBeGreaterThanOrEqual(1);
  });

  it('lets B steer with the keyboard alone', async () => {
    await b.getByTestId('latent-plane').focus();
    const before = (await planeState(b)).z;
    await b.keyboard.press('ArrowUp');
    await b.keyboard.press('Shift+ArrowRight');
    const [x0, y0] = before.split(',').map(Number);
    // Each key moves the cursor by itself: wait for the second one too, not just any change.
    const moved = (z: string) => {
      const [x, y] = z.split(',').map(Number);
      return x > x0 && y > y0;
    };
    const after = await until(() => planeState(b), (s) => moved(s.z), 3000, 'the arrow keys to move B up and right');
    expect(moved(after.z)).toBe(true);
  });

  it('replays a path A recorded as a ghost that B sees walking', async () => {
    await a.locator('body').click({ position: { x: 5, y: 5 } });
    await a.keyboard.press('r');
    await a.getByTestId('record-timer').waitFor();
    await dragAcross(a, [0.2, 0.2], [0.8, 0.8], 30, 50);
    await a.keyboard.press('r');
    const pathId = await until(
      () => b.locator('[data-testid=path]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.pathId ?? '')),
      (ids) => ids.some((id) => !id.startsWith('preset-')),
      15_000,
      'B to list A’s new path',
    ).then((ids) => ids.find((id) => !id.startsWith('preset-'))!);
    // Looping, so a busy machine's slow page still catches the ghost walking.
    await a.locator('.replay-options input[type=checkbox]').check();
    await a.locator(`[data-testid=path][data-path-id="${pathId}"] [data-testid=replay-path]`).click();
    const ghost = b.locator('[data-testid=gallery-tile][data-ghost=true]');
    await ghost.first().waitFor({ timeout: 15_000 });
    const ghostId = Number(await ghost.first().getAttribute('data-cursor-id'));
    const zs = new Set<string>();
    await until(async () => {
      const d = await tileDigit(b, ghostId);
      if (d?.z) zs.add(d.z);
      return zs.size;
    }, (n) => n >= 5, 45_000, 'the ghost to walk on B’s page');
    expect((await planeState(b)).cursors).toBeGreaterThanOrEqual(2);
    // For the README's picture: B steers too, and the ghost has drawn some of its trail.
    await dragAcross(b, [0.62, 0.3], [0.7, 0.36], 6, 40);
    await a.waitForTimeout(1200);
    mkdirSync(path.join(REPO, 'docs'), { recursive: true });
    await a.evaluate(() => window.scrollTo(0, 0));
    await a.screenshot({ path: path.join(REPO, 'docs', 'room.png') });
  });
});

describe('the host', () => {
  it('freezes everyone’s steering and unfreezes it', async () => {
    expect(await b.getByTestId('host-controls').count()).toBe(0);
    await a.getByTestId('freeze').click();
    await b.getByText('The host has paused steering').waitFor({ timeout: 10_000 });
    const before = (await planeState(b)).z;
    await dragAcross(b, [0.3, 0.3], [0.5, 0.5], 6, 30);
    await b.waitForTimeout(300);
    expect((await planeState(b)).z).toBe(before);
    await a.getByTestId('freeze').click();
    await until(() => b.getByText('The host has paused steering').count(), (n) => n === 0, 10_000, 'the freeze to end');
  });
});

describe('the presenter view', () => {
  it('shows a QR code of the room URL, rendered from the right modules, and who joined', async () => {
    const p = await newPerson(browser, { viewport: { width: 1600, height: 1000 } });
    await p.goto(`${server.url}/r/${room}/present`);
    await waitForPlane(p);
    const url = `${server.url}/r/${room}`;
    const qr = p.getByTestId('qr-code');
    await until(() => qr.getAttribute('data-qr-modules'), (v) => v !== null, 10_000, 'the QR code');
    expect(await qr.getAttribute('data-qr-text')).toBe(url);
    // Read the modules back from the canvas pixels and compare with an independent encoding.
    const read = await qr.evaluate((el: HTMLCanvasElement) => {
      const n = Number(el.dataset.qrModules);
      const margin = Number(el.dataset.qrMargin);
      const scale = Number(el.dataset.qrScale);
      const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
      const dark = (x: number, y: number) => data[(y * el.width + x) * 4] < 128;
      const bits: number[] = [];
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) bits.push(dark(Math.floor((c + margin + 0.5) * scale), Math.floor((r + margin + 0.5) * scale)) ? 1 : 0);
      return { n, bits, quietZoneDark: dark(1, 1) };
    });
    const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    expect(read.n).toBe(expected.size);
    expect(read.bits).toEqual(Array.from(expected.data, (v) => (v ? 1 : 0)));
    expect(read.quietZoneDark).toBe(false);
    expect(read.bits.filter(Boolean).length).toBeGreaterThan(read.bits.length / 4);
    // The class is B: the teacher (A) and the projector are not counted.
    await until(() => p.getByTestId('joined-count').textContent(), (t) => Number.parseInt(t ?? '0') === 1, 10_000, 'the joined count');
    // The host spotlights B: the projector shows B's digit on its own, largest.
    await a.getByTestId('spotlight').selectOption(String(bId));
    await p.getByTestId('spotlight-digit').waitFor({ timeout: 10_000 });
    expect(await p.getByTestId('spotlight-digit').textContent()).toContain(await b.locator('[data-testid=gallery-tile][data-you=true]').getAttribute('data-name'));
    await p.waitForTimeout(500);
    await p.screenshot({ path: path.join(REPO, 'docs', 'present.png') });
    await p.context().close();
  });
});

describe('a lost connection', () => {
  it('shows a reconnecting banner while the server is down and rejoins by itself when it is back', async () => {
    await server.stop({ keepData: true });
    await b.getByTestId('connection-banner').waitFor({ timeout: 15_000 });
    expect(await b.getByTestId('connection-banner').textContent()).toMatch(/reconnect|cannot reach/i);
    server = await startServer({ port: server.port, dir: server.dir });
    await b.waitForSelector('[data-testid=connection][data-status=connected]', { timeout: 30_000 });
    expect(await b.getByTestId('connection-banner').count()).toBe(0);
    // Steering works again after the rejoin.
    await dragAcross(b, [0.4, 0.4], [0.6, 0.6], 10, 40);
    await until(() => planeState(b), (s) => s.z !== '', 5000, 'B to steer after the rejoin');
  });
});

describe('a phone', () => {
  it('steers by touch on a 390x844 screen, and others see it', async () => {
    const phone = await newPerson(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    await phone.goto(`${server.url}/r/${room}`);
    await waitForPlane(phone);
    const phoneId = await ownId(phone);
    const box = (await phone.getByTestId('latent-plane').boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    const cdp = await phone.context().newCDPSession(phone);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    await touch('touchStart', box.x + box.width * 0.3, box.y + box.height * 0.6);
    for (let i = 1; i <= 15; i++) {
      await touch('touchMove', box.x + box.width * (0.3 + i * 0.02), box.y + box.height * (0.6 - i * 0.02));
      await phone.waitForTimeout(40);
    }
    await touch('touchEnd', 0, 0);
    const z = await until(() => planeState(phone), (s) => s.z !== '', 5000, 'the phone’s cursor');
    const [zx, zy] = z.z.split(',').map(Number);
    await until(() => tileDigit(b, phoneId), (d) => {
      const seen = d?.z.split(',').map(Number) ?? [NaN, NaN];
      return Math.abs(seen[0] - zx) < 1e-3 && Math.abs(seen[1] - zy) < 1e-3;
    }, 10_000, 'B to see the phone’s cursor');
    // The page fits the phone: no horizontal scrolling.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.context().close();
  });
});
