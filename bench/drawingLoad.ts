/**
 * The drawings part of the bench: a class of bots in one room, all moving, first without drawings
 * and then sending real MNIST test digits as drawings all at the same moment, once a round. It
 * measures how long a drawing takes to be pinned on EVERY client's screen (from the send to the
 * last client's `drawings` update naming it) and the room's frame rate (frame messages a client
 * gets per second) with and without drawings.
 */
import { io, type Socket } from 'socket.io-client';
import { gatherImages, loadMnist } from '../server/models/mnist.js';
import { digitToBytes, PROTOCOL_VERSION, ServerEvent, type DrawingsUpdate } from '../shared/protocol.js';
import { percentiles, type Percentiles } from './latencyStats.js';
import { spawnTarget } from './serverProcess.js';
import { formatTable, type Column } from './table.js';

export interface DrawingLoadResult {
  participants: number;
  rounds: number;
  drawings: number;
  /** Send -> pinned at every client, ms. */
  placed: Percentiles;
  /** Frame messages per second per client (the room's tick rate is 20). */
  fpsWithout: number;
  fpsWith: number;
}

interface Bot {
  socket: Socket;
  frames: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function joinBot(url: string, room: string, onPin: (id: string) => void): Promise<Bot> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  const bot: Bot = { socket, frames: 0 };
  socket.on(ServerEvent.frames, () => void bot.frames++);
  socket.on(ServerEvent.drawings, (u: DrawingsUpdate) => u.drawings.forEach((d) => onPin(d.id)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(10_000).emitWithAck('join', { protocol: PROTOCOL_VERSION, room, model: 'vae' })) as { ok: boolean };
  if (!ack.ok) throw new Error('bench bot could not join');
  return bot;
}

/** Everyone walks a small circle at 20 Hz so every tick has frames. */
function startMoving(bots: Bot[]): () => void {
  let seq = 0;
  const timer = setInterval(() => {
    seq++;
    bots.forEach((b, i) => {
      const a = seq / 10 + i;
      b.socket.volatile.emit('cursor', { z: [Math.cos(a), Math.sin(a)], seq });
    });
  }, 50);
  return () => clearInterval(timer);
}

async function frameRate(bots: Bot[], seconds: number, during?: () => Promise<void>): Promise<number> {
  bots.forEach((b) => (b.frames = 0));
  const t0 = performance.now();
  await Promise.all([sleep(seconds * 1000), during?.()]);
  const s = (performance.now() - t0) / 1000;
  return Math.round((bots.reduce((n, b) => n + b.frames, 0) / bots.length / s) * 10) / 10;
}

/** Runs the part against a fresh server child process. */
export async function benchDrawings(o: { participants?: number; seconds: number }): Promise<DrawingLoadResult> {
  const n = o.participants ?? 30;
  const server = await spawnTarget('server', { env: { MAX_DRAWINGS: '5000' } });
  const pins = new Map<string, { sentAt: number; seen: number; lastAt: number }>();
  const early = new Map<string, number>();
  const onPin = (id: string) => {
    const p = pins.get(id);
    if (p) [p.seen, p.lastAt] = [p.seen + 1, performance.now()];
    else early.set(id, (early.get(id) ?? 0) + 1);
  };
  const bots: Bot[] = [];
  try {
    for (let i = 0; i < n; i++) bots.push(await joinBot(server.url, 'bench-drawings', onPin));
    const mnist = loadMnist('test');
    const stop = startMoving(bots);
    await sleep(1000);
    const fpsWithout = await frameRate(bots, o.seconds);
    const rounds = Math.max(1, Math.floor(o.seconds / 1.2));
    const times: number[] = [];
    let next = 0;
    const drawAll = async () => {
      for (let r = 0; r < rounds; r++) {
        const sentAt = performance.now();
        const acks = bots.map((b) =>
          (b.socket.timeout(15_000).emitWithAck('draw', { image: digitToBytes(gatherImages(mnist, [next++ % 10_000])) }) as Promise<{ ok: boolean; drawing?: { id: string } }>)
            .then((a) => {
              if (!a.ok || !a.drawing) throw new Error('a drawing was refused');
              const seen = early.get(a.drawing.id) ?? 0;
              pins.set(a.drawing.id, { sentAt, seen, lastAt: performance.now() });
            }));
        await Promise.all(acks);
        await sleep(1200 - (performance.now() - sentAt));
      }
    };
    const fpsWith = await frameRate(bots, o.seconds, drawAll);
    await sleep(500);
    stop();
    for (const p of pins.values()) if (p.seen >= n) times.push(p.lastAt - p.sentAt);
    if (times.length < pins.size) throw new Error(`${pins.size - times.length} drawings never reached every client`);
    return { participants: n, rounds, drawings: pins.size, placed: percentiles(times), fpsWithout, fpsWith };
  } finally {
    bots.forEach((b) => b.socket.disconnect());
    await server.stop();
  }
}

export function drawingTable(d: DrawingLoadResult, md = false): string {
  const cols: Column<DrawingLoadResult>[] = [
    { header: 'people x rounds', value: (r) => `${r.participants} x ${r.rounds}` },
    { header: 'drawings', value: (r) => r.drawings },
    { header: 'pinned everywhere p50 ms', value: (r) => r.placed.p50Ms },
    { header: 'p95 ms', value: (r) => r.placed.p95Ms },
    { header: 'max ms', value: (r) => r.placed.maxMs },
    { header: 'frames/s without', value: (r) => r.fpsWithout },
    { header: 'frames/s with drawings', value: (r) => r.fpsWith },
  ];
  return formatTable('Drawings: a class sending at the same moment, once a round', cols, [d], md);
}
