/**
 * Watch it learn, end to end in a real Chromium against the real server: the host opens the
 * training timeline, plays it and pauses it; a second browser follows to the same snapshot, its
 * scatter morphs with it, and a student's digit is decoded by that snapshot's decoder. Needs
 * models/<kind>/timeline (run with MODELS_DIR pointing at a models folder that has one).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, startServer, until, waitForPlane, type RunningServer } from './harness';
import { createRoomFor, dragAcross, ownId, tileDigit } from './pageHelpers';

let server: RunningServer;
let browser: Browser;
let host: Page;
let student: Page;
let room: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  host = await newPerson(browser);
  room = await createRoomFor(host, server.url);
  await host.goto(`${server.url}/r/${room}`, { timeout: 120_000 });
  await waitForPlane(host, 180_000);
  student = await newPerson(browser);
  await student.goto(`${server.url}/r/${room}`, { timeout: 120_000 });
  await waitForPlane(student, 180_000);
}, 600_000);

afterAll(async () => {
  // What both screens showed at the end (also when a step failed), to look at.
  if (process.env.E2E_SCREENSHOTS) {
    await host?.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/timeline-host.png` }).catch(() => {});
    await student?.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/timeline-student.png` }).catch(() => {});
  }
  await browser?.close();
  await server?.stop();
});

const panel = (page: Page) => page.getByTestId('timeline-panel');
const panelState = (page: Page) =>
  panel(page).evaluate((el: HTMLElement) => ({ snapshot: Number(el.dataset.snapshot), step: Number(el.dataset.step), playing: el.dataset.playing }));
const morphAt = (page: Page) => page.locator('[data-testid=latent-plane]').evaluate((el: HTMLElement) => el.dataset.timeline ?? '');

describe('watching the models learn', () => {
  it('plays the timeline for the room: a second browser reaches the same snapshot and its digits change decoder', async () => {
    await dragAcross(student, [0.45, 0.5], [0.55, 0.45], 8);
    const studentId = await ownId(student);
    const before = await until(() => tileDigit(host, studentId), (d) => Boolean(d?.checksum), 20_000, "the student's digit on the host's page");

    await host.getByTestId('timeline-open').click();
    await panel(student).waitFor({ timeout: 30_000 });
    // Opened at step 0: the untrained decoder's grey blob, not the shipped model's digit.
    await until(() => tileDigit(host, studentId), (d) => d?.checksum !== before!.checksum, 45_000, 'the digit decoded by the untrained snapshot');
    await until(() => morphAt(student), (m) => m === '0.000', 20_000, "the student's scatter at snapshot 0");

    // A slow speed (2 s a snapshot), so that a loaded machine still catches it playing.
    await host.locator('[data-testid=timeline-panel] select').selectOption('0.5');
    await host.getByTestId('timeline-play').click();
    await until(() => panelState(student), (s) => s.playing === 'true', 30_000, 'the student to see the timeline playing');
    await until(() => panelState(host), (s) => s.snapshot >= 2, 60_000, 'the host to reach snapshot 2');
    await host.getByTestId('timeline-play').click();
    const paused = await until(() => panelState(host), (s) => s.playing === 'false', 60_000, 'the pause');
    const seen = await until(() => panelState(student), (s) => s.playing === 'false' && s.step === paused.step, 15_000, 'the student at the same snapshot');
    expect(seen.snapshot).toBe(paused.snapshot);
    expect(seen.snapshot).toBeGreaterThanOrEqual(2);
    // The student's scatter has morphed to the room's position (a fraction between two snapshots).
    const morphed = Number(await until(() => morphAt(student), (m) => Math.abs(Number(m) - paused.snapshot) <= 0.5, 15_000, 'the morph position'));
    expect(morphed).toBeGreaterThan(1.5);
    const status = await student.getByTestId('timeline-status').textContent();
    expect(status).toContain(`Step ${paused.step}`);
  }, 180_000);

  it('shows the AE and VAE scatters forming side by side on every screen', async () => {
    await host.getByTestId('timeline-compare').check();
    for (const page of [host, student]) {
      await page.getByTestId('timeline-scatter-ae').waitFor({ timeout: 30_000 });
      await page.getByTestId('timeline-scatter-vae').waitFor({ timeout: 30_000 });
    }
  }, 120_000);
});
