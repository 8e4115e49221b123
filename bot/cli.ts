/**
 * `npm run bot -- --url http://localhost:3000 --room ROOM --walk circle|line|random [--name N]
 *  [--hz 30] [--count N] [--duration s]`: joins as N participants that walk, then prints each
 * bot's latency, frames and bytes (on --duration's end or Ctrl-C).
 */
import { parseArgs } from 'node:util';
import { ROOM_ID_PATTERN } from '../shared/protocol.js';
import { aggregate, startBot, type Bot, type BotStats } from './createBot.js';
import { WALKS, type Walk } from './walks.js';

const USAGE = `usage: npm run bot -- --url http://localhost:3000 --room ROOM --walk circle|line|random
         [--name NAME] [--hz 30] [--count 1] [--duration SECONDS] [--detail auto|full] [--host-key KEY] [--json]`;

function num(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`--${name} must be a number from ${min} to ${max}\n${USAGE}`);
  return v;
}

function print(stats: BotStats[], json: boolean): void {
  if (json) return void console.log(JSON.stringify({ bots: stats, summary: aggregate(stats) }, null, 2));
  for (const s of stats) {
    console.log(
      `${s.name.padEnd(14)} frames ${String(s.framesReceived).padStart(6)}  own ${s.ownFramesPerSecond.toFixed(1).padStart(5)}/s  ` +
        `${s.kbPerSecond.toFixed(1).padStart(7)} KB/s  latency mean ${s.latency.meanMs} ms p95 ${s.latency.p95Ms} ms`,
    );
  }
  console.log('summary', aggregate(stats));
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      room: { type: 'string' },
      walk: { type: 'string', default: 'random' },
      name: { type: 'string' },
      hz: { type: 'string' },
      count: { type: 'string' },
      duration: { type: 'string' },
      detail: { type: 'string', default: 'auto' },
      'host-key': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (v.help) return void console.log(USAGE);
  if (!v.room || !ROOM_ID_PATTERN.test(v.room)) throw new Error(`--room must be 3-40 characters of a-z, 0-9 and -\n${USAGE}`);
  if (!(WALKS as readonly string[]).includes(v.walk!)) throw new Error(`--walk must be one of ${WALKS.join(', ')}\n${USAGE}`);
  if (v.detail !== 'auto' && v.detail !== 'full') throw new Error('--detail must be auto or full');
  const count = num('count', v.count, 1, 1, 500);
  const hz = num('hz', v.hz, 30, 1, 60);
  const duration = v.duration === undefined ? undefined : num('duration', v.duration, 0, 0.1, 86_400);

  const bots: Bot[] = [];
  for (let i = 0; i < count; i++) {
    const name = v.name ? (count > 1 ? `${v.name} ${i + 1}` : v.name) : undefined;
    bots.push(await startBot({ url: v.url!, room: v.room, walk: v.walk as Walk, name, hz, detail: v.detail, hostKey: v['host-key'], phase: i / count }));
  }
  console.error(`${count} bot(s) walking ${v.walk} in ${v.url}/r/${v.room} at ${hz} Hz${duration ? ` for ${duration} s` : ' (Ctrl-C to stop)'}`);
  for (const b of bots) b.resetStats();
  const finish = async () => {
    print(await Promise.all(bots.map((b) => b.stop())), v.json);
    process.exit(0);
  };
  process.on('SIGINT', () => void finish());
  if (duration !== undefined) setTimeout(() => void finish(), duration * 1000);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
