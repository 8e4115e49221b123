/**
 * Challenge rounds end to end in a real Chromium against the real server (its shipped VAE and
 * digit classifier): the host starts "find a 7", a student on a desktop steers onto a region the
 * classifier calls 7 and holds it, a student on a phone stays on another digit; the round ends with
 * a winner, everyone sees the leaderboard and the projector the podium. Then the lookalike variant
 * with the class's vote and the ambiguous variant, the heat map and the regions background on all
 * three screens, and a restart that keeps the room's leaderboard.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegionsResponse } from '../../shared/protocol';
import { launchBrowser, newPerson, REPO, startServer, until, waitForPlane, type RunningServer } from './harness';
import { ownId, planeState, screenOf } from './pageHelpers';

let server: RunningServer;
let browser: Browser;
let host: Page;
let ada: Page;
let phone: Page;
let presenter: Page;
let room: string;
let seven: [number, number];
let other: [number, number];

/** Where a picture of each screen goes (test-results/, not kept in git: for looking at, not compared). */
const SHOTS = path.join(REPO, 'test-results', 'e2e');
const shot = (name: string) => path.join(SHOTS, `round-${name}.png`);

/**
 * The centre of a cell the classifier calls `digit` with at least `p`, whose 8 neighbours it calls
 * `digit` too (a click lands within a pixel of the point, not on it), nearest the origin.
 */
function sureCell(r: RegionsResponse, digit: number, p: number): [number, number] {
  const { n } = r;
  const at = (row: number, col: number) => row * n + col;
  const z = (row: number, col: number): [number, number] => [
    r.xMin + (col * (r.xMax - r.xMin)) / (n - 1), r.yMax - (row * (r.yMax - r.yMin)) / (n - 1),
  ];
  let best: [number, number] | null = null;
  for (let row = 1; row < n - 1; row++) {
    for (let col = 1; col < n - 1; col++) {
      let ok = r.confidence[at(row, col)] >= p;
      for (let dr = -1; dr <= 1 && ok; dr++) for (let dc = -1; dc <= 1 && ok; dc++) ok = r.labels[at(row + dr, col + dc)] === digit;
      const c = z(row, col);
      if (ok && (!best || Math.hypot(...c) < Math.hypot(...best))) best = c;
    }
  }
  if (!best) throw new Error(`no cell the classifier calls ${digit} with p >= ${p}`);
  return best;
}

/** Steers a page's cursor to z by pressing the plane there (a tap on a touch screen). */
async function steerTo(page: Page, z: [number, number], touch = false): Promise<void> {
  await page.getByTestId('latent-plane').scrollIntoViewIfNeeded();
  const [x, y] = await screenOf(page, z);
  if (touch) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
  await until(() => planeState(page), (s) => {
    const [zx, zy] = s.z.split(',').map(Number);
    return Math.hypot(zx - z[0], zy - z[1]) < 0.15;
  }, 5000, `the cursor at ${z}`);
}

/** A person whose page waits longer than Playwright's default: four pages and a server share two busy cores. */
async function person(options: Parameters<typeof newPerson>[1] = {}): Promise<Page> {
  const page = await newPerson(browser, options);
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(120_000);
  return page;
}

const phaseOf = (page: Page) => page.getByTestId('round-banner').getAttribute('data-phase');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const res = await fetch(`${server.url}/api/models/vae/regions?n=64&range=4`);
  expect(res.status).toBe(200);
  const regions = (await res.json()) as RegionsResponse;
  seven = sureCell(regions, 7, 0.98);
  other = sureCell(regions, 0, 0.98);

  host = await person();
  await host.goto(`${server.url}/`);
  await host.locator('label', { hasText: 'Variational (VAE)' }).click();
  await host.getByTestId('create-room').click();
  await host.waitForURL(/\/r\/[a-z0-9-]+$/);
  room = host.url().split('/r/')[1];
  ada = await person();
  phone = await person({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  presenter = await person({ viewport: { width: 1280, height: 720 } });
  // One page at a time: four WebGL pages starting at once are slow on a busy machine.
  await waitForPlane(host, 180_000);
  for (const [page, url] of [[ada, `/r/${room}`], [phone, `/r/${room}`], [presenter, `/r/${room}/present`]] as const) {
    await page.goto(server.url + url);
    await waitForPlane(page, 180_000);
  }
  mkdirSync(SHOTS, { recursive: true });
  await Promise.all([ownId(ada), ownId(phone)]);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a find round', () => {
  it('is won by the student who holds a 7, with the leaderboard for everyone and the podium on the projector', async () => {
    await steerTo(ada, seven);
    await steerTo(phone, other, true);
    await host.getByTestId('round-target').selectOption('7');
    await host.locator('[data-testid=round-controls] input[type=number]').fill('10');
    await host.getByTestId('round-start').click();

    // While it runs: the goal and the timer for the students, your own p(7), the live standings on the projector.
    await ada.getByTestId('round-banner').waitFor({ timeout: 10_000 });
    expect(await ada.getByTestId('round-banner').locator('h2').textContent()).toContain('Find a 7');
    await until(() => ada.getByTestId('round-you').textContent(), (t) => /found in/.test(t ?? ''), 15_000, 'Ada to hold her 7 for a second');
    await presenter.getByTestId('round-live').waitFor({ timeout: 10_000 });
    await phone.getByTestId('round-banner').waitFor();
    // On the phone the round is also a strip on the plane, in sight while steering; a desktop has the panel beside it.
    const strip = phone.getByTestId('round-strip');
    await strip.waitFor();
    expect(await strip.textContent()).toContain('Find a 7');
    expect(await ada.getByTestId('round-strip').isVisible()).toBe(false);
    await phone.screenshot({ path: shot('phone-running') });
    await presenter.screenshot({ path: shot('presenter-running') });

    // The round ends when its time is up (the phone never finds a 7): Ada wins.
    await until(() => phaseOf(ada), (p) => p === 'done', 20_000, 'the round to end');
    const adaName = await ada.locator('[data-testid=gallery-tile][data-you=true]').getAttribute('data-name');
    for (const page of [ada, phone, host]) {
      const board = page.getByTestId('leaderboard');
      await board.waitFor({ timeout: 10_000 });
      expect(await board.textContent()).toContain(`Won by ${adaName}`);
    }
    expect(await phone.getByTestId('leaderboard').locator('li').first().textContent()).toMatch(new RegExp(`^${adaName}: \\d+`));
    await presenter.getByTestId('podium').waitFor({ timeout: 10_000 });
    expect(await presenter.getByTestId('podium-1').textContent()).toContain(adaName);
    expect(await presenter.getByTestId('podium-2').count()).toBe(0);
    await presenter.screenshot({ path: shot('presenter-podium') });
    await ada.screenshot({ path: shot('desktop-done') });
    await phone.screenshot({ path: shot('phone-done') });
  }, 300_000);
});

describe('the other variants', () => {
  it('puts the digits the classifier calls 7 to the class vote ("calls 7, looks like 1"), and the votes decide', async () => {
    await host.getByTestId('round-kind').selectOption('lookalike');
    await host.getByTestId('round-target').selectOption('7');
    await host.locator('[data-testid=round-controls] input[type=number]').fill('5');
    await host.getByTestId('round-start').click();
    await until(() => phaseOf(phone), (p) => p === 'voting', 20_000, 'the vote to open');
    expect(await phone.getByTestId('round-banner').locator('h2').textContent()).toContain('calls 7');
    // Ada's 7 is the only candidate; she cannot vote for herself, the phone can.
    const adaName = (await ada.locator('[data-testid=gallery-tile][data-you=true]').getAttribute('data-name'))!;
    expect(await ada.locator('.candidates button', { hasText: adaName }).isDisabled()).toBe(true);
    await phone.locator('.candidates button', { hasText: adaName }).tap();
    await until(() => phone.locator('.candidates button', { hasText: adaName }).textContent(), (t) => (t ?? '').includes('(1)'), 10_000, 'the vote to count');
    await phone.screenshot({ path: shot('phone-voting') });
    await host.getByTestId('round-stop').click();
    await until(() => phaseOf(ada), (p) => p === 'done', 10_000, 'the vote to close');
    expect(await ada.getByTestId('leaderboard').textContent()).toContain(`Won by ${adaName}`);
    await presenter.getByTestId('podium-1').waitFor();
    expect(await presenter.getByTestId('podium-1').textContent()).toContain('200');
  }, 300_000);

  it('scores the most ambiguous digit by its entropy: a blend beats a sure 7', async () => {
    // A point where the classifier is least sure (looked up by the test, not shown to the class).
    const res = (await (await fetch(`${server.url}/api/models/vae/regions?n=64&range=3`)).json()) as RegionsResponse;
    let k = 0;
    for (let i = 0; i < res.confidence.length; i++) if (res.confidence[i] < res.confidence[k]) k = i;
    const blend: [number, number] = [res.xMin + ((k % res.n) * (res.xMax - res.xMin)) / (res.n - 1), res.yMax - (Math.floor(k / res.n) * (res.yMax - res.yMin)) / (res.n - 1)];
    await steerTo(phone, blend, true);
    await host.getByTestId('round-kind').selectOption('ambiguous');
    await host.getByTestId('round-start').click();
    await until(() => phaseOf(phone), (p) => p === 'running', 10_000, 'the ambiguous round');
    expect(await phone.getByTestId('round-banner').locator('h2').textContent()).toContain('most ambiguous');
    await until(() => phaseOf(phone), (p) => p === 'done', 20_000, 'the ambiguous round to end');
    const phoneName = await phone.locator('[data-testid=gallery-tile][data-you=true]').getAttribute('data-name');
    expect(await phone.getByTestId('leaderboard').textContent()).toContain(`Won by ${phoneName}`);
    await host.getByTestId('round-kind').selectOption('find');
  }, 300_000);
});

describe('the heat map and the regions background', () => {
  it('shows the class’s heat map on every screen when the host turns it on', async () => {
    // A click, not check(): the box shows the server's state, so it turns on only once the server says so.
    await host.getByTestId('heatmap-toggle').click();
    for (const page of [host, ada, phone, presenter]) {
      await until(() => page.getByTestId('latent-plane').getAttribute('data-heatmap'), (v) => v === 'shown', 10_000, 'the heat map');
    }
    await presenter.screenshot({ path: shot('presenter-heatmap') });
    await phone.getByTestId('latent-plane').screenshot({ path: shot('phone-heatmap') });
    await host.getByTestId('heatmap-toggle').click();
    await until(() => presenter.getByTestId('latent-plane').getAttribute('data-heatmap'), (v) => v === '', 10_000, 'the heat map to go');
  });

  it('draws the regions background on the desktop, the phone and the projector', async () => {
    for (const page of [ada, phone, presenter]) {
      await page.locator('[role=radiogroup][aria-label=Background] label', { hasText: 'Regions' }).click();
      await until(() => page.getByTestId('latent-plane').getAttribute('data-regions'), (v) => v === 'shown', 90_000, 'the regions map');
    }
    await ada.screenshot({ path: shot('desktop-regions') });
    await phone.screenshot({ path: shot('phone-regions') });
    await presenter.screenshot({ path: shot('presenter-regions') });
  });
});

describe('the room’s rounds after a restart', () => {
  it('keeps the leaderboard: a projector opened after the restart shows it', async () => {
    const entries = (page: Page, testId: string) =>
      page.getByTestId(testId).locator('li').allTextContents().then((list) => list.map((t) => t.replace(/\s*\(\+\d+\)$/, '')));
    const before = await entries(presenter, 'leaderboard');
    expect(before).toHaveLength(2);
    await server.stop({ keepData: true });
    await phone.getByTestId('connection-banner').waitFor({ timeout: 15_000 });
    server = await startServer({ port: server.port, dir: server.dir });
    // A page that was open rejoins and drops the finished round it showed (the server has none running).
    await phone.waitForSelector('[data-testid=connection][data-status=connected]', { timeout: 30_000 });
    await until(() => phone.getByTestId('round-banner').count(), (n) => n === 0, 10_000, 'the phone to drop the old round');
    await presenter.reload();
    await waitForPlane(presenter, 180_000);
    await presenter.getByTestId('room-leaderboard').waitFor({ timeout: 15_000 });
    expect(await entries(presenter, 'room-leaderboard')).toEqual(before);
    await presenter.screenshot({ path: shot('presenter-after-restart') });
  }, 300_000);
});
