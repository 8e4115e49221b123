/**
 * Image load: does rendering pictures over HTTP slow a room down? The real server in a child
 * process; a room of bots moving at 30 Hz (their own frames per second) and, in a process of its
 * own, one socket sending `ping` 20 times a second (its round trip shows how free the server's
 * event loop is). First the room
 * alone, then the same while `gifs` uncached path GIFs (360 frames each) and `manifolds` uncached
 * 30x30 manifolds are requested at once, each by its own client (X-Forwarded-For through a trusted
 * proxy), which retries after Retry-After when told the server is busy, until served.
 *
 *   npx tsx bench/imageLoad.ts [--room 10] [--gifs 50] [--manifolds 50] [--baseline 10] [--profile DIR]
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { circlePath } from '../shared/latentPaths.js';
import { createSqliteStore } from '../server/store/createSqliteStore.js';
import { BotFleet } from './botFleet.js';
import { percentiles, type Percentiles } from './latencyStats.js';
import { cpuBetween, memoryOf, sampleCpu, type CpuUse } from './procStats.js';
import type { PingCommand, PingReply } from './pingProcess.js';
import { ROOT, spawnTarget, type ServerProcess } from './serverProcess.js';

export interface ImageLoadOptions {
  /** Bots in the measured room. */
  perRoom?: number;
  gifs?: number;
  manifolds?: number;
  baselineSeconds?: number;
  warmupSeconds?: number;
  /** Requests still unserved after this long count as unserved. */
  deadlineSeconds?: number;
  /** Write V8 CPU profiles of the server (and its worker threads) into this folder. */
  cpuProfileDir?: string;
}

export interface RoomPhase {
  seconds: number;
  /** Mean over the bots of their own digit's frames per second. */
  ownFramesPerSecond: number;
  /** The slowest bot's own frames per second. */
  minOwnFramesPerSecond: number;
  /** Round trips of socket.io pings from a process of their own; `pingerLoopDelayP99Ms`: how late that process itself was. */
  ping: Percentiles & { lost: number; pingerLoopDelayP99Ms: number };
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
  const store = createSqliteStore(file);
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

/** The pinger child process (pingProcess.ts): pings 20 times a second, reports the window's round trips. */
async function startPinger(url: string) {
  const child = fork(path.join(ROOT, 'bench/pingProcess.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T extends PingReply['type']>(type: T) =>
    new Promise<Extract<PingReply, { type: T }>>((resolve, reject) => {
      const onExit = () => reject(new Error(`pinger exited before "${type}"`));
      const onMessage = (m: PingReply) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<PingReply, { type: T }>);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = next('ready');
  child.send({ type: 'start', url } satisfies PingCommand);
  await ready;
  return {
    reset: () => void child.send({ type: 'reset' } satisfies PingCommand),
    async result() {
      const report = next('report');
      child.send({ type: 'report' } satisfies PingCommand);
      const r = await report;
      return { ...percentiles(r.rtts), lost: r.lost, pingerLoopDelayP99Ms: r.ownLoopDelayP99Ms };
    },
    stop: () => void (child.exitCode === null && child.kill()),
  };
}

/** Runs `during` while a fresh room of bots moves and the pinger pings; measures that window. */
async function measure(server: ServerProcess, room: string, o: { perRoom: number; warmupSeconds: number }, during: () => Promise<void>): Promise<RoomPhase> {
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
    const ping = await pinger.result();
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
  const o: Required<Omit<ImageLoadOptions, 'cpuProfileDir'>> = { perRoom: 10, gifs: 50, manifolds: 50, baselineSeconds: 10, warmupSeconds: 3, deadlineSeconds: 300, ...opts };
  const db = galleryDb(o.gifs);
  const server = await spawnTarget('server', { env: { DB_FILE: db.file, TRUST_PROXY: '127.0.0.1,::1' }, cpuProfileDir: opts.cpuProfileDir });
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
    options: {
      room: { type: 'string', default: '10' }, gifs: { type: 'string', default: '50' }, manifolds: { type: 'string', default: '50' },
      baseline: { type: 'string', default: '10' }, profile: { type: 'string' },
    },
  });
  const r = await benchImageLoad({
    perRoom: Number(v.room), gifs: Number(v.gifs), manifolds: Number(v.manifolds), baselineSeconds: Number(v.baseline),
    cpuProfileDir: v.profile ? path.resolve(v.profile) : undefined,
  });
  console.log(JSON.stringify(r, null, 2));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
