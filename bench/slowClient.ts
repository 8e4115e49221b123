/**
 * A slow client must not slow the room: N bots walk while one presenter client (detail 'full', the
 * heaviest stream) stops reading its socket for a while. Prints the room's tick counters, the
 * others' frame rates, and how many frames the slow client got after it resumed (frames to it
 * are volatile, so they are dropped once its TCP buffers are full, not queued in the server).
 *
 *   MODELS_DIR=... npx tsx bench/slowClient.ts [--count 30] [--pause 15]
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { aggregate, startBot, type Bot } from '../bot/createBot.js';
import { createServer } from '../server/createServer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { values: v } = parseArgs({ options: { count: { type: 'string', default: '30' }, pause: { type: 'string', default: '15' } } });
  const dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'slow.db');
  const server = await createServer({ port: 0, next: false, dbFile, logLevel: 'warn' });
  const bots: Bot[] = [];
  for (let i = 0; i < Number(v.count); i++) bots.push(await startBot({ url: server.url, room: 'slow-room', walk: 'random', name: `b${i}`, phase: i / Number(v.count) }));
  const slow = await startBot({ url: server.url, room: 'slow-room', walk: 'circle', name: 'slow', detail: 'full', hz: 1 });
  await sleep(1000);
  const tcp = (slow.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
  const room = server.manager.get('slow-room')!;
  const ticks0 = room.metrics.ticks;
  tcp.pause();
  for (const b of bots) b.resetStats();
  slow.resetStats();
  const pauseS = Number(v.pause);
  await sleep(pauseS * 1000);
  const others = aggregate(bots.map((b) => b.stats()));
  const writeBuffers = [...server.io.sockets.sockets.values()].map((s) => (s.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length);
  const ticks = room.metrics.ticks - ticks0;
  tcp.resume();
  await sleep(3000);
  const ticksTotal = room.metrics.ticks - ticks0;
  const received = slow.stats().framesReceived;
  console.log(JSON.stringify({
    pausedSeconds: pauseS, roomTicksWhilePaused: ticks, skippedTicks: room.metrics.skippedTicks, others,
    slowClient: { ticksSent: ticksTotal, framesReceived: received, droppedNotQueued: ticksTotal - received },
    maxServerWriteBuffer: Math.max(...writeBuffers),
  }, null, 2));
  await Promise.all([...bots, slow].map((b) => b.stop()));
  await server.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
