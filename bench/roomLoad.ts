/**
 * Room load: the real server (or the bare relay) in a child process, and `rooms x perRoom` bots in
 * one or two other processes, each moving its cursor at 30 Hz. After a warm-up, one window of
 * `seconds` measures what clients see (cursor-to-frame latency by seq, frames, bytes) and what the
 * server process used (CPU from /proc, peak RSS, its rooms' tick counters from /healthz).
 *
 *   npx tsx bench/roomLoad.ts [--target server|relay] [--rooms 1] [--count 30] [--duration 10]
 *                             [--processes 1] [--profile DIR]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TICK_RATE } from '../shared/protocol.js';
import { BotFleet } from './botFleet.js';
import type { OthersCpu } from './machineWatch.js';
import { latencyOverRun, type Percentiles, type ThirdsComparison } from './latencyStats.js';
import { cpuBetween, memoryOf, sampleCpu, type CpuUse } from './procStats.js';
import { getJson, spawnTarget, type Target } from './serverProcess.js';

export interface RoomLoadOptions {
  target?: Target;
  rooms?: number;
  /** Participants per room. */
  perRoom?: number;
  seconds?: number;
  warmupSeconds?: number;
  /** Cursor updates per second per participant. */
  hz?: number;
  /** Bot processes (default: 1 up to 40 participants, 2 above). */
  processes?: number;
  /** Name prefix of the rooms. */
  label?: string;
  cpuProfileDir?: string;
}

interface RoomCounters {
  id: string;
  ticks: number;
  skippedTicks: number;
  bytesSent: number;
  decodeMsTotal?: number;
  decodedFrames?: number;
  /** The rate the room ticks at now (lowered under load). */
  loopRate?: number;
}

export interface RoomLoadResult {
  target: Target;
  rooms: number;
  perRoom: number;
  participants: number;
  seconds: number;
  hz: number;
  tickRate: number;
  /** The measurement window on the machine's monotonic clock (µs), to cut CPU profiles to it. */
  windowUs: [number, number];
  /** Cores that processes outside the benchmark used during the window (filled in by the runner). */
  others?: OthersCpu;
  botProcesses: { bots: number; cpuCores: number | null; loopDelayP99Ms: number }[];
  /** Cursor-to-frame latency over every matched seq of every bot. */
  latency: Percentiles;
  thirds: ThirdsComparison;
  clients: {
    /** Frames of your own digit per second (one per tick in which you moved). */
    ownFramesPerSecond: number;
    /** Frame messages per second per client. */
    messagesPerSecond: number;
    /** Mean size of a frame message (payload bytes): the same for server and relay by construction. */
    bytesPerMessage: number;
    meanKbPerSecond: number;
    maxKbPerSecond: number;
  };
  /** Frame messages delivered per second, summed over every client. */
  framesDeliveredPerSecond: number;
  updates: {
    sentPerSecondPerClient: number;
    /** Updates whose own frame never came: superseded by a newer z before the tick, or lost. */
    unanswered: number;
    unansweredFraction: number;
    /** The floor set by design: at most one frame per tick answers the latest of ~hz/tickRate updates. */
    expectedFractionFloor: number;
  };
  /** Frame messages a client never got (gaps in its room's tick numbers; volatile drops). */
  framesMissed: number;
  server: {
    pid: number;
    cpu: CpuUse;
    peakRssMb: number | null;
    rssMbAtEnd: number | null;
    ticksPerSecondPerRoom: number;
    /** The lowest rate a room ran at by the end (its own, lowered while decodes could not keep up); null for the relay. */
    loopRateAtEnd: number | null;
    /** Ticks that found the previous decode still running; their moves merged into the next tick. */
    skippedTicks: number;
    /** Mean time of one batched decode as the room saw it (queue + worker run + transfer). */
    meanDecodeMs: number | null;
    sentMBPerSecond: number;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function countersOf(health: { rooms?: RoomCounters[] } | null, label: string): RoomCounters[] {
  return (health?.rooms ?? []).filter((r) => r.id.startsWith(label));
}

function sumDelta(a: RoomCounters[], b: RoomCounters[], key: keyof RoomCounters): number {
  let s = 0;
  for (const r of b) s += Number(r[key] ?? 0) - Number(a.find((x) => x.id === r.id)?.[key] ?? 0);
  return s;
}

/** CLOCK_MONOTONIC in µs: the clock V8 stamps CPU profiles with, the same in every process. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

const r1 = (v: number) => Math.round(v * 10) / 10;
const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** Runs one scenario against a fresh server (or relay) process. */
export async function benchRoomLoad(o: RoomLoadOptions = {}): Promise<RoomLoadResult> {
  const target = o.target ?? 'server';
  const rooms = o.rooms ?? 1;
  const perRoom = o.perRoom ?? 30;
  const seconds = o.seconds ?? 10;
  const hz = o.hz ?? 30;
  const participants = rooms * perRoom;
  const processes = o.processes ?? (participants > 40 ? 2 : 1);
  const label = `${o.label ?? 'bench'}-${target}`.toLowerCase();
  const roomIds = Array.from({ length: rooms }, (_, i) => `${label}-${i + 1}`);
  const server = await spawnTarget(target, { cpuProfileDir: o.cpuProfileDir });
  let fleet: BotFleet | null = null;
  try {
    fleet = await BotFleet.start({ url: server.url, rooms: roomIds, perRoom, processes, hz, walk: 'random' });
    await sleep((o.warmupSeconds ?? 2) * 1000);
    const h0 = countersOf(await getJson(`${server.url}/healthz`, server.adminToken), label);
    await fleet.reset();
    const cpu0 = sampleCpu(server.pid);
    const us0 = monotonicUs();
    await sleep(seconds * 1000);
    const cpu1 = sampleCpu(server.pid);
    const us1 = monotonicUs();
    const h1 = countersOf(await getJson(`${server.url}/healthz`, server.adminToken), label);
    const bots = await fleet.stop();
    fleet = null;
    const mem = memoryOf(server.pid);
    const wall = (cpu1.at - cpu0.at) / 1000;
    const { all, thirds } = latencyOverRun(bots.samples, seconds * 1000);
    const s = bots.stats;
    const mean = (f: (x: (typeof s)[number]) => number) => s.reduce((a, x) => a + f(x), 0) / Math.max(1, s.length);
    const sent = s.reduce((a, x) => a + x.cursorsSent, 0);
    const answered = s.reduce((a, x) => a + x.latency.count, 0);
    const decodes = sumDelta(h0, h1, 'ticks');
    const decodeMs = sumDelta(h0, h1, 'decodeMsTotal');
    return {
      target, rooms, perRoom, participants, seconds, hz, tickRate: TICK_RATE.default, windowUs: [us0, us1],
      botProcesses: bots.processes,
      latency: all,
      thirds,
      clients: {
        ownFramesPerSecond: r1(mean((x) => x.ownFrames / x.seconds)),
        messagesPerSecond: r1(mean((x) => x.framesReceived / x.seconds)),
        bytesPerMessage: Math.round(s.reduce((a, x) => a + x.frameBytes, 0) / Math.max(1, s.reduce((a, x) => a + x.framesReceived, 0))),
        meanKbPerSecond: r1(mean((x) => x.kbPerSecond)),
        maxKbPerSecond: Math.max(0, ...s.map((x) => x.kbPerSecond)),
      },
      framesDeliveredPerSecond: Math.round(s.reduce((a, x) => a + x.framesReceived / x.seconds, 0)),
      updates: {
        sentPerSecondPerClient: r1(mean((x) => x.cursorsSent / x.seconds)),
        unanswered: sent - answered,
        unansweredFraction: r3(sent ? (sent - answered) / sent : 0),
        expectedFractionFloor: r3(Math.max(0, 1 - TICK_RATE.default / hz)),
      },
      framesMissed: s.reduce((a, x) => a + x.framesMissed, 0),
      server: {
        pid: server.pid,
        cpu: cpuBetween(cpu0, cpu1, server.pid),
        peakRssMb: mem.peakRssMb,
        rssMbAtEnd: mem.rssMb,
        ticksPerSecondPerRoom: r1(sumDelta(h0, h1, 'ticks') / wall / rooms),
        loopRateAtEnd: h1.some((r) => r.loopRate !== undefined) ? Math.min(...h1.map((r) => r.loopRate ?? TICK_RATE.default)) : null,
        skippedTicks: sumDelta(h0, h1, 'skippedTicks'),
        meanDecodeMs: target === 'server' && decodes > 0 ? r1(decodeMs / decodes) : null,
        sentMBPerSecond: r3(sumDelta(h0, h1, 'bytesSent') / wall / 1e6),
      },
    };
  } finally {
    fleet?.kill();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      target: { type: 'string', default: 'server' },
      rooms: { type: 'string', default: '1' },
      count: { type: 'string', default: '30' },
      duration: { type: 'string', default: '10' },
      processes: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const r = await benchRoomLoad({
    target: v.target as Target, rooms: Number(v.rooms), perRoom: Number(v.count), seconds: Number(v.duration),
    processes: v.processes ? Number(v.processes) : undefined, cpuProfileDir: v.profile ? path.resolve(v.profile) : undefined,
  });
  console.log(JSON.stringify(r, null, 2));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
