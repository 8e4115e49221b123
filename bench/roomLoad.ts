/**
 * The class-on-one-Wi-Fi benchmark: N bots (default 30) walk at 30 Hz in one room and each reports
 * what it received: KB/s on the wire, its own digit's frame rate and cursor-to-frame latency.
 *
 *   npx tsx bench/roomLoad.ts [--count 30] [--duration 10] [--walk random] [--hz 30] [--url URL]
 *
 * Without --url it starts a server (API + socket.io, no Next) in a child process, so the bots'
 * decoding does not share the server's event loop. `benchRoomLoad()` is the same for a runner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { aggregate, runBots, type BotStats, type CrowdSummary } from '../server/bot/createBot.js';
import type { Walk } from '../server/bot/walks.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RoomLoadOptions {
  /** A running server; without it one is started in a child process. */
  url?: string;
  count?: number;
  seconds?: number;
  walk?: Walk;
  hz?: number;
  room?: string;
}

export interface RoomLoadResult extends CrowdSummary {
  count: number;
  hz: number;
  walk: Walk;
  seconds: number;
  /** The goal: each client under this many KB/s with `count` cursors moving. */
  goalKbPerSecond: 150;
  bots: number;
  perBot: BotStats[];
}

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

/** Runs the crowd and returns per-bot and summary numbers. */
export async function benchRoomLoad(o: RoomLoadOptions = {}): Promise<RoomLoadResult> {
  const count = o.count ?? 30;
  const seconds = o.seconds ?? 10;
  const hz = o.hz ?? 30;
  const walk = o.walk ?? 'random';
  const server = o.url ? null : await spawnServer();
  try {
    const perBot = await runBots({
      url: o.url ?? server!.url, room: o.room ?? 'bench-room', walk, hz, count, durationMs: seconds * 1000, warmupMs: 2000,
    });
    return { ...aggregate(perBot), count, hz, walk, seconds, goalKbPerSecond: 150, perBot };
  } finally {
    server?.child.kill('SIGTERM');
  }
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
  const r = await benchRoomLoad({ url: v.url, count: Number(v.count), seconds: Number(v.duration), walk: v.walk as Walk, hz: Number(v.hz), room: v.room });
  for (const s of r.perBot) {
    console.log(`${s.name.padEnd(8)} ${s.kbPerSecond.toFixed(1).padStart(6)} KB/s  own ${s.ownFramesPerSecond.toFixed(1).padStart(5)}/s  latency p50 ${s.latency.p50Ms} ms p95 ${s.latency.p95Ms} ms`);
  }
  const { perBot: _perBot, ...summary } = r;
  console.log(JSON.stringify(summary));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
