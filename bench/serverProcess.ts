/**
 * Starts the system under test in its own process: the real server (`server/main.ts --no-next`,
 * i.e. API + socket.io + decoder worker, no web app) or the bare relay (`bench/relayServer.ts`).
 * Either prints "... on http://host:port" once it listens. Stopping sends SIGTERM and waits for a
 * clean exit, so a `--cpu-prof` profile gets written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type Target = 'server' | 'relay';

export interface ServerProcess {
  url: string;
  /** The child's ADMIN_TOKEN: /healthz lists rooms only for it. */
  adminToken: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Write a V8 CPU profile of the child (and its worker threads) into this folder. */
  cpuProfileDir?: string;
  /** Extra environment (e.g. TICK_RATE). */
  env?: Record<string, string>;
}

const ENTRY: Record<Target, string[]> = {
  server: ['server/main.ts', '--no-next', '--port', '0'],
  relay: ['bench/relayServer.ts', '--port', '0'],
};

export async function spawnTarget(target: Target, o: SpawnOptions = {}): Promise<ServerProcess> {
  const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'bench.db');
  const adminToken = randomBytes(18).toString('base64url');
  const prof = o.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProfileDir] : [];
  const [entry, ...args] = ENTRY[target];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, DB_FILE: db, LOG_LEVEL: 'warn', ADMIN_TOKEN: adminToken, ...o.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${target} did not listen within 60 s: ${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${target} exited (${code}) before listening: ${out}`));
    });
  });
  child.stdout!.resume();
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return { url, adminToken, pid: child.pid!, child, stop };
}

/** GET a JSON document from the child (its /healthz, with the admin token for the room list). */
export async function getJson<T>(url: string, adminToken?: string): Promise<T | null> {
  try {
    const res = await fetch(url, adminToken ? { headers: { authorization: `Bearer ${adminToken}` } } : {});
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}
