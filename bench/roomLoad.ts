/**
 * The class-on-one-Wi-Fi benchmark: N bots (default 30) walk at 30 Hz in one room and each reports
 * what it received: KB/s on the wire, its own digit's frame rate and cursor-to-frame latency.
 *
 *   npx tsx bench/roomLoad.ts [--count 30] [--duration 10] [--walk random] [--hz 30] [--url URL]
 *
 * Without --url it starts a server (API + socket.io, no Next) in a child process, so the bots'
 * decoding does not share the server's event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { aggregate, runBots } from '../server/bot/createBot.js';
import type { Walk } from '../server/bot/walks.js';

const ROOT = path.resolve(import.meta.dirname, '..');

async function spawnServer(): Promise<{ url: string; child: ChildProcess }> {
  const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'bench.db');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts'), '--no-next', '--port', '0'], {
    cwd: ROOT, env: { ...process.env, DB_FILE: db, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)));
  });
  return { url, child };
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      url: { type: 'string' },
      count: { type: 'string', default: '30' },
      duration: { type: 'string', default: '10' },
      walk: { type: 'string', default: 'random' },
      hz: { type: 'string', default: '30' },
      room: { type: 'string', default: 'bench-room' },
    },
  });
  const server = v.url ? null : await spawnServer();
  const url = v.url ?? server!.url;
  try {
    const stats = await runBots({
      url, room: v.room!, walk: v.walk as Walk, hz: Number(v.hz), count: Number(v.count), durationMs: Number(v.duration) * 1000, warmupMs: 2000,
    });
    for (const s of stats) {
      console.log(`${s.name.padEnd(8)} ${s.kbPerSecond.toFixed(1).padStart(6)} KB/s  own ${s.ownFramesPerSecond.toFixed(1).padStart(5)}/s  latency p50 ${s.latency.p50Ms} ms p95 ${s.latency.p95Ms} ms`);
    }
    console.log(JSON.stringify({ url, count: Number(v.count), hz: Number(v.hz), walk: v.walk, seconds: Number(v.duration), ...aggregate(stats) }));
  } finally {
    server?.child.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
