/**
 * Joining as a class does, in a real Chromium against the real server: codes typed with capitals,
 * the start page checking a code, the name prompt, a reload that keeps everything, a teacher's
 * host link on another address, and what a student sees and is told.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, startServer, until, waitForPlane, type RunningServer } from './harness';
import { createRoomFor, dragAcross, planeState } from './pageHelpers';

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
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const nameOfYou = (page: Page) => page.locator('[data-testid=gallery-tile][data-you=true]').getAttribute('data-name');

describe('room codes', () => {
  it('land a code typed with capitals in the lower-case room', async () => {
    const page = await newPerson(browser);
    const shouted = room.replace(/^[a-z]/, (c) => c.toUpperCase()).replace(/-([a-z])/g, (_, c: string) => `-${c.toUpperCase()}`);
    expect(shouted).not.toBe(room);
    await page.goto(`${server.url}/r/${shouted}`);
    await waitForPlane(page);
    expect(new URL(page.url()).pathname).toBe(`/r/${room}`);
    expect(await page.getByTestId('room-code').textContent()).toBe(room);
    await page.context().close();
  });

  it('are checked by the start page, which says clearly when a room does not exist', async () => {
    const page = await newPerson(browser);
    await page.goto(`${server.url}/`);
    await page.getByLabel('Room code or link').fill('no-such-room-42');
    await page.getByRole('button', { name: 'Join' }).click();
    const alert = page.locator('#join-error');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toContain('There is no room “no-such-room-42”');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByLabel('Room code or link').fill(room.toUpperCase());
    await page.getByRole('button', { name: 'Join' }).click();
    await page.waitForURL(`${server.url}/r/${room}`);
    await page.context().close();
  });
});

describe('the name prompt', () => {
  it('asks before you steer, and the name is yours in the room and after a reload', async () => {
    const page = await newPerson(browser, { name: null });
    await page.goto(`${server.url}/r/${room}`);
    const prompt = page.getByTestId('name-prompt');
    await prompt.waitFor({ timeout: 30_000 });
    await page.locator('#name-prompt-input').fill('Ada');
    await page.getByTestId('name-prompt-save').click();
    await prompt.waitFor({ state: 'detached', timeout: 10_000 });
    await until(() => nameOfYou(page), (n) => n === 'Ada', 10_000, 'the room to call you Ada');
    await until(() => teacher.locator('[data-testid=gallery-tile][data-name="Ada"]').count(), (n) => n === 1, 10_000, 'the teacher to see Ada');
    await page.reload();
    await waitForPlane(page);
    expect(await page.getByTestId('name-prompt').count()).toBe(0);
    await until(() => nameOfYou(page), (n) => n === 'Ada', 10_000, 'Ada to stay Ada after a reload');
    await page.context().close();
  });

  it('can be skipped, and is not asked again in that browser', async () => {
    const page = await newPerson(browser, { name: null });
    await page.goto(`${server.url}/r/${room}`);
    await page.getByTestId('name-prompt-skip').click();
    await waitForPlane(page);
    expect(await page.getByTestId('name-prompt').count()).toBe(0);
    expect(await nameOfYou(page)).toBeTruthy();
    await page.reload();
    await waitForPlane(page);
    expect(await page.getByTestId('name-prompt').count()).toBe(0);
    await page.context().close();
  });
});

describe('a reload', () => {
  it('keeps your cursor where it was, your view and your background', async () => {
    const page = await newPerson(browser);
    await page.goto(`${server.url}/r/${room}`);
    await waitForPlane(page);
    await dragAcross(page, [0.4, 0.5], [0.6, 0.35], 8, 30);
    await page.getByTestId('zoom-in').click();
    await page.getByTestId('zoom-in').click();
    await page.getByText('Both', { exact: true }).click();
    const before = await until(() => planeState(page), (s) => s.z !== '', 5000, 'a cursor');
    await page.waitForTimeout(400);
    await page.reload();
    await waitForPlane(page);
    const after = await until(() => planeState(page), (s) => s.z !== '', 10_000, 'your cursor back on your screen');
    expect(after.z).toBe(before.z);
    for (let i = 0; i < 3; i++) expect(after.view[i]).toBeCloseTo(before.view[i], 3);
    expect(await page.locator('input[name=background][value=both]').isChecked()).toBe(true);
    // The next arrow key moves on from there, not from the middle of the plane.
    await page.getByTestId('latent-plane').focus();
    await page.keyboard.press('ArrowRight');
    const stepped = await until(() => planeState(page), (s) => s.z !== after.z, 3000, 'the arrow key to move you');
    const [x0, y0] = after.z.split(',').map(Number);
    const [x1, y1] = stepped.z.split(',').map(Number);
    expect(x1 - x0).toBeCloseTo(8 / after.view[2], 2);
    expect(y1).toBeCloseTo(y0, 3);
    await page.context().close();
  });
});

describe('the host link', () => {
  it('makes the teacher host on another address, and leaves the address bar without the key', async () => {
    await teacher.locator('.host-link summary').click();
    const link = (await teacher.getByTestId('host-link').textContent())!;
    const key = new URL(link).searchParams.get('host')!;
    expect(link).toBe(`${server.url}/r/${room}?host=${key}`);
    // localhost is another origin than 127.0.0.1: a browser that never saw the key, like the LAN address.
    const elsewhere = await newPerson(browser);
    await elsewhere.goto(link.replace('127.0.0.1', 'localhost') + '#z=0.5,0.5');
    await waitForPlane(elsewhere);
    await elsewhere.getByTestId('host-controls').waitFor({ timeout: 10_000 });
    const url = new URL(elsewhere.url());
    expect(url.search).toBe('');
    expect(url.hash).toBe('#z=0.5,0.5');
    expect(await elsewhere.evaluate((r) => localStorage.getItem(`lp:host:${r}`), room)).toBe(key);
    await elsewhere.context().close();
  });
});

describe('a student', () => {
  let student: Page;
  beforeAll(async () => {
    student = await newPerson(browser, { name: 'Grace' });
    await student.goto(`${server.url}/r/${room}`);
    await waitForPlane(student);
  });
  afterAll(() => student.context().close());

  it('sees no host-only controls', async () => {
    await student.locator('[data-testid=path]').first().waitFor();
    expect(await student.getByTestId('host-controls').count()).toBe(0);
    expect(await student.getByTestId('replay-path').count()).toBe(0);
    expect(await student.getByTestId('presenter-link').count()).toBe(0);
    expect(await student.getByRole('link', { name: /as GIF/ }).count()).toBeGreaterThan(0);
    expect(await teacher.getByTestId('replay-path').count()).toBeGreaterThan(0);
  });

  it('is told beside the Record button why a recording could not be saved, and the words go away', async () => {
    await student.getByTestId('record-button').click();
    await student.getByTestId('record-timer').waitFor();
    await student.getByTestId('record-button').click();
    const error = student.locator('.record [data-testid=control-error]');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toContain('nothing was recorded');
    expect(await student.locator('.messages .message.error').count()).toBe(0);
    await error.waitFor({ state: 'detached', timeout: 12_000 });
  });
});

describe('the teacher’s freeze switch', () => {
  it('turns at once, before the server answers', async () => {
    const shown = await teacher.getByTestId('freeze').evaluate(async (el: HTMLInputElement) => {
      el.click();
      await Promise.resolve();
      return el.checked;
    });
    expect(shown).toBe(true);
    const student = await newPerson(browser);
    await student.goto(`${server.url}/r/${room}`);
    await student.getByText('The host has paused steering').waitFor({ timeout: 15_000 });
    await teacher.getByTestId('freeze').click();
    expect(await teacher.getByTestId('freeze').isChecked()).toBe(false);
    await until(() => student.getByText('The host has paused steering').count(), (n) => n === 0, 10_000, 'the freeze to end');
    await student.context().close();
  });
});
