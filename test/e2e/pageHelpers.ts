/** What the e2e tests read from and do to a room page, through its test hooks. */
import type { Page } from 'playwright-core';

export interface PlaneState {
  z: string;
  cursors: number;
  view: [number, number, number];
}

export async function planeState(page: Page): Promise<PlaneState> {
  return page.locator('[data-testid=latent-plane]').evaluate((el: HTMLElement) => ({
    z: el.dataset.z ?? '',
    cursors: Number(el.dataset.cursors),
    view: (el.dataset.view ?? '0,0,1').split(',').map(Number) as [number, number, number],
  }));
}

/** Screen position (page coordinates) of latent point z on a page's plane. */
export async function screenOf(page: Page, z: [number, number]): Promise<[number, number]> {
  const box = (await page.locator('[data-testid=latent-plane]').boundingBox())!;
  const [cx, cy, scale] = (await planeState(page)).view;
  return [box.x + box.width / 2 + (z[0] - cx) * scale, box.y + box.height / 2 - (z[1] - cy) * scale];
}

/** Drags the mouse across the plane from one fraction of its box to another, in steps. */
export async function dragAcross(page: Page, from: [number, number], to: [number, number], steps = 24, stepMs = 40): Promise<void> {
  const box = (await page.locator('[data-testid=latent-plane]').boundingBox())!;
  const at = (f: [number, number]) => [box.x + box.width * f[0], box.y + box.height * f[1]] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    const f: [number, number] = [from[0] + ((to[0] - from[0]) * i) / steps, from[1] + ((to[1] - from[1]) * i) / steps];
    await page.mouse.move(...at(f));
    await page.waitForTimeout(stepMs);
  }
  await page.mouse.up();
}

/** Your own cursor id, from the gallery tile marked as you. */
export async function ownId(page: Page): Promise<number> {
  const tile = page.locator('[data-testid=gallery-tile][data-you=true]');
  await tile.waitFor({ timeout: 30_000 });
  return Number(await tile.getAttribute('data-cursor-id'));
}

/** What a page shows for one cursor's digit: its z and checksum (data attributes of the canvas). */
export async function tileDigit(page: Page, id: number): Promise<{ z: string; checksum: string } | null> {
  const canvas = page.locator(`[data-testid=gallery-tile][data-cursor-id="${id}"] canvas`);
  if ((await canvas.count()) === 0) return null;
  return canvas.evaluate((el: HTMLElement) => ({ z: el.dataset.z ?? '', checksum: el.dataset.checksum ?? '' }));
}

/** Creates a room through the API; the page that should host it gets the key in its storage. */
export async function createRoomFor(page: Page, baseUrl: string, model: 'ae' | 'vae' = 'vae'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model }) });
  const { room, hostKey } = (await res.json()) as { room: string; hostKey: string };
  await page.goto(`${baseUrl}/healthz`);
  await page.evaluate(([r, k]) => localStorage.setItem(`lp:host:${r}`, k), [room, hostKey]);
  return room;
}

/** The z rectangle a page's plane shows: [xMin, yMin, xMax, yMax]. */
export async function visibleRegion(page: Page): Promise<[number, number, number, number]> {
  const box = (await page.locator('[data-testid=latent-plane]').boundingBox())!;
  const [cx, cy, scale] = (await planeState(page)).view;
  const hw = box.width / 2 / scale;
  const hh = box.height / 2 / scale;
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}

/** True when the page neither scrolls sideways nor (with `vertical`) down. */
export async function scrolls(page: Page): Promise<{ x: boolean; y: boolean }> {
  return page.evaluate(() => ({
    x: document.documentElement.scrollWidth > window.innerWidth,
    y: document.documentElement.scrollHeight > window.innerHeight,
  }));
}
