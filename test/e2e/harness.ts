/**
 * The e2e harness: builds the web app if it was never built, starts the real server (`server/main.ts`)
 * as a child process on a free port with a throwaway database, and launches Debian's Chromium through
 * playwright-core. Models come from MODELS_DIR (default `models/`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const REPO = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
/** Where tests leave pictures to look at that are not the README's (those go to docs/). */
export const SHOTS = process.env.E2E_SCREENSHOTS ?? path.join(REPO, 'test', 'e2e', '.screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `npm run build` unless `.next/BUILD_ID` exists (set E2E_REBUILD=1 to force a fresh build). */
export function ensureBuilt(): void {
  if (existsSync(path.join(REPO, '.next', 'BUILD_ID')) && !process.env.E2E_REBUILD) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

export interface RunningServer {
  url: string;
  port: number;
  /** Holds the database; removed by stop() unless asked to keep it for a restart. */
  dir: string;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts the server; pass the port and data dir of a stopped one to restart it in place, and `env`
 * for settings (HOST defaults to 127.0.0.1).
 */
export async function startServer(reuse?: { port?: number; dir?: string; env?: Record<string, string> }): Promise<RunningServer> {
  ensureBuilt();
  const port = reuse?.port ?? (await freePort());
  const dir = reuse?.dir ?? mkdtempSync(path.join(os.tmpdir(), 'lp-e2e-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DB_FILE: path.join(dir, 'e2e.db'), LOG_LEVEL: 'warn', NODE_ENV: 'production' as const, ...reuse?.env };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  if (Date.now() >= deadline) throw new Error(`server did not become healthy:\n${output}`);
  return {
    url,
    port,
    dir,
    async stop(options) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      if (!options?.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A page in its own browser context (its own storage: a separate person). `name` is remembered
 * in the browser as if given at the name prompt; `null` starts with no name and no answer yet
 * (the prompt shows); by default the prompt was skipped.
 */
export async function newPerson(browser: Browser, options: BrowserContextOptions & { name?: string | null } = {}): Promise<Page> {
  const { name, ...contextOptions } = options;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...contextOptions });
  if (name !== null) {
    await ctx.addInitScript((n) => {
      if (localStorage.getItem('lp:name') || localStorage.getItem('lp:name-skipped')) return;
      if (n) localStorage.setItem('lp:name', n);
      else localStorage.setItem('lp:name-skipped', '1');
    }, name ?? '');
  }
  // A machine busy with other work can take far longer than 30 s to load a page's scripts.
  ctx.setDefaultNavigationTimeout(120_000);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return page;
}

/** Waits until the plane drew its scatter and the room connection is up. */
export async function waitForPlane(page: Page, timeoutMs = 180_000): Promise<void> {
  await page.waitForSelector('[data-testid=latent-plane][data-ready=true]', { timeout: timeoutMs });
  await page.waitForSelector('[data-testid=connection][data-status=connected]', { timeout: timeoutMs });
  await page.waitForFunction(() => Number((document.querySelector('[data-testid=latent-plane]') as HTMLElement).dataset.points) > 0, null, { timeout: timeoutMs });
}

/** Polls `read` until `done` holds for its value, returning it. */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}
