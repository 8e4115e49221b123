/**
 * A teacher leading a class, in a real Chromium against the real server: an unknown room offered
 * rather than made, follow me with two students (one on a phone with touch), bring everyone
 * here, pause, a projector that is not counted as a participant, what students see locked,
 * names hidden, and following a student after a click on their avatar.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, startServer, until, waitForPlane, type RunningServer } from './harness';
import { createRoomFor, planeState } from './pageHelpers';

let server: RunningServer;
let browser: Browser;
let teacher: Page;
let desk: Page;
let phone: Page;
let room: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  teacher = await newPerson(browser, { name: 'Ms Hopper' });
  room = await createRoomFor(teacher, server.url);
  desk = await newPerson(browser, { name: 'Ada' });
  phone = await newPerson(browser, { name: 'Alan', viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await teacher.goto(`${server.url}/r/${room}`);
  await desk.goto(`${server.url}/r/${room}`);
  await phone.goto(`${server.url}/r/${room}`);
  await Promise.all([waitForPlane(teacher), waitForPlane(desk), waitForPlane(phone)]);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const scaleOf = async (page: Page) => (await planeState(page)).view[2];
const following = (page: Page) => page.getByTestId('latent-plane').getAttribute('data-following');

describe('an unknown room', () => {
  it('is named and offered, not made: create it in one click, or join another', async () => {
    const page = await newPerson(browser);
    await page.goto(`${server.url}/r/No-Such-Room-77`);
    await page.getByTestId('unknown-room').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('unknown-room-code').textContent()).toBe('no-such-room-77');
    expect((await fetch(`${server.url}/api/rooms/no-such-room-77`)).status).toBe(404);
    await page.getByTestId('join-another').click();
    await page.getByLabel('Room code or link').fill(room);
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.waitForURL(`${server.url}/r/${room}`);
    await page.goto(`${server.url}/r/no-such-room-77`);
    await page.getByTestId('create-room').click();
    await waitForPlane(page);
    expect((await fetch(`${server.url}/api/rooms/no-such-room-77`)).status).toBe(200);
    await page.context().close();
  });
});

describe('the teacher leads', () => {
  it('shows only the students in the teacher’s people list, avatars and spotlight menu', async () => {
    await until(() => teacher.getByTestId('avatar').count(), (n) => n === 2, 20_000, 'two student avatars');
    const options = await teacher.locator('[data-testid=spotlight] option').allTextContents();
    expect(options).toEqual(['nobody', 'Ada', 'Alan']);
    // A student sees the other student, not the teacher.
    await until(() => desk.getByTestId('avatar').count(), (n) => n === 1, 20_000, 'one classmate avatar');
    expect(await desk.getByTestId('avatar').getAttribute('aria-label')).toBe('Follow Alan');
  });

  it('makes both students follow the teacher’s view, with a tag and a way out', async () => {
    await teacher.getByTestId('follow-me').check();
    for (let i = 0; i < 3; i++) await teacher.getByTestId('zoom-in').click();
    const target = await until(() => scaleOf(teacher), (s) => s > 0, 5000, 'teacher scale');
    await desk.getByTestId('follow-tag').waitFor({ timeout: 20_000 });
    await phone.getByTestId('follow-tag').waitFor({ timeout: 20_000 });
    await until(() => following(desk), (f) => f === 'teacher', 10_000, 'the desk to follow the teacher');
    // Both show the teacher's region: zoomed in as much as the teacher (the phone is narrower, so it fits the width).
    const deskBefore = await scaleOf(desk);
    await until(() => desk.getByTestId('latent-plane').getAttribute('data-view'), () => true);
    expect(deskBefore).toBeGreaterThan(target * 0.6);
    // The desk student steps out; the teacher zooms out; only the phone follows.
    await desk.getByTestId('stop-following').click();
    await desk.getByTestId('follow-teacher').waitFor();
    const deskScale = await scaleOf(desk);
    const phoneScale = await scaleOf(phone);
    await teacher.getByTestId('zoom-out').click();
    await teacher.getByTestId('zoom-out').click();
    await until(() => scaleOf(phone), (s) => s < phoneScale * 0.85, 20_000, 'the phone to zoom out with the teacher');
    expect(await scaleOf(desk)).toBeCloseTo(deskScale, 3);
    // And back in.
    await desk.getByTestId('follow-teacher').click();
    await until(() => following(desk), (f) => f === 'teacher', 10_000, 'the desk to follow again');
    await teacher.getByTestId('follow-me').uncheck();
    await until(() => desk.getByTestId('follow-tag').count(), (n) => n === 0, 20_000, 'the tag to go');
  });

  it('brings everyone’s cursor to the teacher’s point, the phone steering by touch first', async () => {
    const box = (await phone.getByTestId('latent-plane').boundingBox())!;
    await phone.touchscreen.tap(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await until(async () => (await planeState(phone)).z, (z) => z !== '', 10_000, 'the phone’s tap to steer');
    const before = (await planeState(phone)).z;
    // The teacher's cursor, or without one the middle of the teacher's view.
    await teacher.getByTestId('gather').click();
    const tz = await until(async () => (await planeState(phone)).z, (z) => z !== before, 20_000, 'the phone brought to the teacher’s point');
    await until(async () => (await planeState(desk)).z, (z) => z === tz, 20_000, 'the desk brought to the same point');
  });

  it('pauses the class on every screen, the projector included, which is not counted', async () => {
    const projector = await newPerson(browser, { viewport: { width: 1280, height: 720 } });
    await projector.goto(`${server.url}/r/${room}/present`);
    await projector.getByTestId('joined-count').waitFor({ timeout: 120_000 });
    await until(() => projector.getByTestId('joined-count').textContent({ timeout: 120_000 }), (t) => t?.trim().startsWith('2') === true, 60_000, 'two students counted');
    await teacher.getByTestId('pause').check();
    for (const page of [desk, phone, projector]) await page.getByTestId('pause-sign').waitFor({ timeout: 20_000 });
    // A paused student's steering does not move their cursor.
    const before = (await planeState(desk)).z;
    const box = (await desk.getByTestId('latent-plane').boundingBox())!;
    await desk.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.8);
    await desk.waitForTimeout(500);
    expect((await planeState(desk)).z).toBe(before);
    await teacher.getByTestId('pause').uncheck();
    await until(() => desk.getByTestId('pause-sign').count(), (n) => n === 0, 20_000, 'the pause to end');
    await projector.context().close();
  });

  it('locks what the students see, the phone too, and gives them back their choice', async () => {
    const background = (page: Page) => page.getByTestId('latent-plane').getAttribute('data-background');
    await desk.getByText('Both', { exact: true }).click();
    await until(() => background(desk), (b) => b === 'both', 10_000, 'the desk’s own choice');
    await teacher.getByTestId('lock-view').selectOption('manifold');
    for (const page of [desk, phone]) {
      await until(() => background(page), (b) => b === 'manifold', 20_000, 'the locked decoded grid');
      expect(await page.getByTestId('locked-view').textContent()).toContain('decoded grid');
    }
    // The teacher is not locked out of their own choice.
    expect(await teacher.getByTestId('locked-view').count()).toBe(0);
    await teacher.getByTestId('lock-view').selectOption('blind');
    await until(() => background(phone), (b) => b === 'blind', 20_000, 'a blind exploration');
    await teacher.getByTestId('lock-view').selectOption('');
    await until(() => background(desk), (b) => b === 'both', 20_000, 'the desk’s own choice back');
    expect(await desk.getByTestId('locked-view').count()).toBe(0);
  });

  it('hides the names behind animal names on every screen, and reveals them', async () => {
    const label = () => desk.getByTestId('avatar').getAttribute('aria-label');
    await teacher.getByTestId('hide-names').check();
    const hidden = await until(label, (l) => l !== 'Follow Alan' && l?.startsWith('Follow ') === true, 20_000, 'Alan’s name hidden');
    expect(hidden).toMatch(/^Follow Anonymous \w+/);
    const teacherSees = await teacher.getByTestId('avatar').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(teacherSees.some((l) => l?.includes('Ada') || l?.includes('Alan'))).toBe(false);
    await teacher.getByTestId('hide-names').uncheck();
    await until(label, (l) => l === 'Follow Alan', 20_000, 'Alan’s name back');
  });

  it('follows a student’s cursor after a click on their avatar, until clicked again', async () => {
    const ada = teacher.locator('[data-testid=avatar][aria-label="Follow Ada"]');
    await ada.waitFor({ timeout: 20_000 });
    const adaId = await ada.getAttribute('data-cursor-id');
    await ada.click();
    // The plane writes its state on its next frame.
    await until(() => following(teacher), (f) => f === adaId, 10_000, 'the teacher to follow Ada');
    // Ada steers somewhere else; the teacher's view keeps her cursor in its middle.
    const box = (await desk.getByTestId('latent-plane').boundingBox())!;
    const before = (await planeState(desk)).z;
    await desk.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.7);
    const adaZ = await until(async () => (await planeState(desk)).z, (z) => z !== '' && z !== before, 10_000, 'Ada’s cursor to move');
    const [ax, ay] = adaZ.split(',').map(Number);
    await until(async () => (await planeState(teacher)).view, ([cx, cy]) => Math.hypot(cx - ax, cy - ay) < 0.1, 20_000, 'the teacher’s view on Ada');
    await teacher.locator('[data-testid=avatar][aria-label="Stop following Ada"]').click();
    await until(() => following(teacher), (f) => f === '', 10_000, 'the teacher to stop following');
  });
});
