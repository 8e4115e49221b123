/**
 * Image load: does rendering pictures over HTTP slow a room down? The real server in a child
 * process; a room of bots moving at 30 Hz (their own frames per second) and one socket sending
 * `ping` 20 times a second (its round trip shows how free the event loop is). First the room
 * alone, then the same while `gifs` uncached path GIFs (360 frames each) and `manifolds` uncached
 * 30x30 manifolds are requested at once, each by its own client (X-Forwarded-For through a trusted
 * proxy), which retries after Retry-After when told the server is busy, until served.
 *
 *   npx tsx bench/imageLoad.ts [--room 10] [--gifs 50] [--manifolds 50] [--baseline 10]
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { circlePath } from '../shared/latentPaths.js';
import { createRoomStore } from '../server/store/createRoomStore.js';
import { BotFleet } from './botFleet.js';
import { percentiles, type Percentiles } from './latencyStats.js';
import { cpuBetween, memoryOf, sampleCpu, type CpuUse } from './procStats.js';
import { spawnTarget, type ServerProcess } from './serverProcess.js';

export interface ImageLoadOptions {
  /** Bots in the measured room. */
  perRoom?: number;
  gifs?: number;
  manifolds?: number;
  baselineSeconds?: number;
  warmupSeconds?: number;
  /** Requests still unserved after this long count as unserved. */
  deadlineSeconds?: number;
}

export interface RoomPhase {
  seconds: number;
  /** Mean over the bots of their own digit's frames per second. */
  ownFramesPerSecond: number;
  /** The slowest bot's own frames per second. */
  minOwnFramesPerSecond: number;
  ping: Percentiles & { lost: number };
  serverCpu: CpuUse;
}

export interface RequestSummary {
  requested: number;
  served: number;
  unserved: number;
  /** 503 answers (busy, retried after Retry-After). */
  busyAnswers: number;
  /** Answers other than 200 and 503, and network errors. */
  failures: number;
  firstFailure?: string;
  /** From the first attempt to the picture received. */
  timeToServe: Percentiles;
  bytes: number;
}

export interface ImageLoadResult {
  perRoom: number;
  gifFrames: number;
  baseline: RoomPhase;
  underLoad: RoomPhase;
  requests: { gif: RequestSummary; manifold: RequestSummary };
  server: { peakRssMb: number | null };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const GALLERY = 'image-gallery';
const GIF_SAMPLES = 360;

/** A database with one room of `count` recorded paths (360 samples, 50 ms apart: 360-frame GIFs). */
function galleryDb(count: number): { file: string; pathIds: string[] } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-images-')), 'images.db');
  const store = createRoomStore(file);
  store.createRoom({ id: GALLERY, model: 'vae', tickRate: 20, hostKeyHash: 'bench' });
  const pathIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `p-bench${String(i).padStart(5, '0')}`;
    const z = Array.from(circlePath(0.5 + 0.05 * i, GIF_SAMPLES));
    store.insertPath({ id, room: GALLERY, name: `walk ${i}`, author: 'bench', authorId: null, authorSessionHash: null, t: Array.from({ length: GIF_SAMPLES }, (_, k) => 50 * k), z });
    pathIds.push(id);
  }
  store.close();
  return { file, pathIds };
}

/** A socket that pings 20 times a second and keeps the round trips of the window. */
async function startPinger(url: string) {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  let rtts: number[] = [];
  let lost = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    socket.timeout(5000).emitWithAck('ping', { t: Date.now() }).then(() => rtts.push(performance.now() - t), () => lost++);
  }, 50);
  return {
    reset: () => ((rtts = []), (lost = 0)),
    result: () => ({ ...percentiles(rtts), lost }),
    stop: () => (clearInterval(timer), socket.disconnect()),
  };
}

/** Runs `during` while a fresh room of bots moves and the pinger pings; measures that window. */
async function measure(server: ServerProcess, room: string, o: Required<ImageLoadOptions>, during: () => Promise<void>): Promise<RoomPhase> {
  const fleet = await BotFleet.start({ url: server.url, rooms: [room], perRoom: o.perRoom, processes: 1, hz: 30, walk: 'random' });
  const pinger = await startPinger(server.url);
  try {
    await sleep(o.warmupSeconds * 1000);
    await fleet.reset();
    pinger.reset();
    const cpu0 = sampleCpu(server.pid);
    const t0 = performance.now();
    await during();
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = sampleCpu(server.pid);
    const ping = pinger.result();
    const { stats } = await fleet.stop();
    const own = stats.map((s) => s.ownFrames / s.seconds);
    const r1 = (v: number) => Math.round(v * 10) / 10;
    return {
      seconds: r1(seconds), ping, serverCpu: cpuBetween(cpu0, cpu1, server.pid),
      ownFramesPerSecond: r1(own.reduce((a, b) => a + b, 0) / Math.max(1, own.length)), minOwnFramesPerSecond: r1(Math.min(...own)),
    };
  } finally {
    pinger.stop();
    fleet.kill();
  }
}

/** One client wanting one picture: retries after Retry-After on 503 until served or the deadline. */
async function want(url: string, client: number, deadline: number, tally: RequestSummary, times: number[]): Promise<void> {
  const start = performance.now();
  const headers = { 'x-forwarded-for': `10.77.${client >> 8}.${client & 255}` };
  while (performance.now() < deadline) {
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(Math.max(1, Math.round(deadline - performance.now()))) });
      const body = await res.arrayBuffer();
      if (res.status === 200) {
        tally.served++;
        tally.bytes += body.byteLength;
        times.push(performance.now() - start);
        return;
      }
      if (res.status !== 503) {
        tally.failures++;
        tally.firstFailure ??= `${res.status} ${new TextDecoder().decode(body).slice(0, 120)}`;
        return;
      }
      tally.busyAnswers++;
      await sleep(1000 * Math.max(1, Number(res.headers.get('retry-after')) || 1));
    } catch (err) {
      if (performance.now() >= deadline) break;
      tally.failures++;
      tally.firstFailure ??= err instanceof Error ? err.message : String(err);
      return;
    }
  }
  tally.unserved++;
}

const emptyTally = (requested: number): RequestSummary => ({
  requested, served: 0, unserved: 0, busyAnswers: 0, failures: 0, bytes: 0, timeToServe: percentiles([]),
});

export async function benchImageLoad(opts: ImageLoadOptions = {}): Promise<ImageLoadResult> {
  const o: Required<ImageLoadOptions> = { perRoom: 10, gifs: 50, manifolds: 50, baselineSeconds: 10, warmupSeconds: 3, deadlineSeconds: 300, ...opts };
  const db = galleryDb(o.gifs);
  const server = await spawnTarget('server', { env: { DB_FILE: db.file, TRUST_PROXY: '127.0.0.1,::1' } });
  try {
    const baseline = await measure(server, 'image-alone', o, () => sleep(o.baselineSeconds * 1000));
    const gif = emptyTally(o.gifs);
    const manifold = emptyTally(o.manifolds);
    const times = { gif: [] as number[], manifold: [] as number[] };
    const underLoad = await measure(server, 'image-busy', o, async () => {
      const deadline = performance.now() + o.deadlineSeconds * 1000;
      await Promise.all([
        ...db.pathIds.map((id, i) => want(`${server.url}/api/rooms/${GALLERY}/paths/${id}.gif`, i, deadline, gif, times.gif)),
        ...Array.from({ length: o.manifolds }, (_, i) =>
          want(`${server.url}/api/models/${i % 2 ? 'ae' : 'vae'}/manifold.png?n=30&range=${(3 + 0.01 * i).toFixed(2)}`, 1000 + i, deadline, manifold, times.manifold)),
      ]);
    });
    gif.timeToServe = percentiles(times.gif);
    manifold.timeToServe = percentiles(times.manifold);
    return { perRoom: o.perRoom, gifFrames: GIF_SAMPLES, baseline, underLoad, requests: { gif, manifold }, server: { peakRssMb: memoryOf(server.pid).peakRssMb } };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: { room: { type: 'string', default: '10' }, gifs: { type: 'string', default: '50' }, manifolds: { type: 'string', default: '50' }, baseline: { type: 'string', default: '10' } },
  });
  const r = await benchImageLoad({ perRoom: Number(v.room), gifs: Number(v.gifs), manifolds: Number(v.manifolds), baselineSeconds: Number(v.baseline) });
  console.log(JSON.stringify(r, null, 2));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
