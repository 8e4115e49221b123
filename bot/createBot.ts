/**
 * A bot participant: joins a room over socket.io like a browser, walks its cursor at `hz`, and
 * measures what a client on the class Wi-Fi would see: cursor-to-frame latency (the frame's seq
 * matched to when that seq was sent), frames and bytes received. It is both `npm run bot` and the
 * load generator of the benchmarks.
 */
import { io, type Socket as IoSocket } from 'socket.io-client';
import { decodeFrames, FrameKind } from '../shared/frameCodec.js';
import {
  ClientEvent, PROTOCOL_VERSION, ServerEvent, type ClientToServerEvents, type JoinResult, type RoomSnapshot,
  type ServerToClientEvents,
} from '../shared/protocol.js';
import type { ModelKind } from '../shared/constants.js';
import type { Detail } from '../shared/latent.js';
import { createWalker, type Walk, type Walker } from './walks.js';

export interface BotOptions {
  url: string;
  room: string;
  walk: Walk;
  name?: string;
  /** Cursor updates per second (the browser client sends at most 30). */
  hz?: number;
  detail?: Detail;
  hostKey?: string;
  model?: ModelKind;
  /** Offsets the walk so several bots spread out, in [0, 1). */
  phase?: number;
  /** Starts walking once this resolves (a crowd joins first, then moves); at once when absent. */
  walkAfter?: Promise<void>;
}

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface BotStats {
  name: string;
  id: number;
  seconds: number;
  cursorsSent: number;
  /** Binary frame messages received. */
  framesReceived: number;
  /** Frame messages of your room's ticks that never arrived (gaps in the tick numbers: dropped as volatile). */
  framesMissed: number;
  /** Frame entries of your own cursor at full size (your digit). */
  ownFrames: number;
  entriesReceived: number;
  /** Density maps of the crowd received (a large room sends one instead of everyone's position). */
  crowdMaps: number;
  /** Bytes received on the wire, estimated at the WebSocket layer (payload + frame headers). */
  bytesReceived: number;
  frameBytes: number;
  kbPerSecond: number;
  ownFramesPerSecond: number;
  latency: LatencySummary;
}

export interface Bot {
  readonly joined: JoinResult;
  readonly socket: Socket;
  /** Stats so far (counting resets with `resetStats`). */
  stats(): BotStats;
  /** Starts a fresh measurement window (e.g. after everyone joined). */
  resetStats(): void;
  /** Every latency sample of the window: when its frame arrived (ms since the window began) and the latency. */
  latencySamples(): { atMs: number[]; latencyMs: number[] };
  stop(): Promise<BotStats>;
}

const SEQ_RING = 4096;

function wsBytes(payload: number): number {
  return payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10);
}

function summarize(samples: number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const round = (v: number) => Math.round(v * 10) / 10;
  return { count: s.length, meanMs: round(s.reduce((a, b) => a + b, 0) / s.length), p50Ms: round(q(0.5)), p95Ms: round(q(0.95)), p99Ms: round(q(0.99)), maxMs: round(s[s.length - 1]) };
}

/** A socket.io client socket typed by the protocol: every emit, payload and ack. */
export type Socket = IoSocket<ServerToClientEvents, ClientToServerEvents>;

/** Connects, joins and starts walking; rejects if the join is refused. */
export async function startBot(o: BotOptions): Promise<Bot> {
  const hz = o.hz ?? 30;
  const socket: Socket = io(o.url, { transports: ['websocket'], reconnection: true, forceNew: true });
  const c = { cursorsSent: 0, frames: 0, missed: 0, own: 0, entries: 0, crowdMaps: 0, bytes: 0, frameBytes: 0, since: performance.now() };
  const latencies: number[] = [];
  const latencyAt: number[] = [];
  let lastTick = -1;
  const sentAt = new Float64Array(SEQ_RING);
  const sentSeq = new Uint32Array(SEQ_RING);
  let seq = 0;
  let timer: NodeJS.Timeout | null = null;

  socket.io.on('open', () => {
    socket.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
      const d = p.data;
      const n = typeof d === 'string' ? Buffer.byteLength(d) + 1 : d instanceof ArrayBuffer || ArrayBuffer.isView(d) ? (d as ArrayBufferView).byteLength : 1;
      c.bytes += wsBytes(n);
    });
  });

  const join = async (session?: string): Promise<JoinResult> => {
    const ack = await socket.timeout(10_000).emitWithAck(ClientEvent.join, {
      protocol: PROTOCOL_VERSION, room: o.room, name: o.name, session, hostKey: o.hostKey, model: o.model, detail: o.detail ?? 'auto',
    });
    if (!ack.ok) throw new Error(`join refused: ${ack.error.code}: ${ack.error.message}`);
    return ack;
  };

  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  let joined = await join();
  let room: RoomSnapshot = joined.room;
  const me = () => joined.you.id;

  socket.on(ServerEvent.room, (snap: RoomSnapshot) => (room = snap));
  socket.on(ServerEvent.frames, (data: ArrayBuffer | Uint8Array) => {
    const now = performance.now();
    const msg = decodeFrames(data instanceof Uint8Array ? data : new Uint8Array(data));
    c.frames++;
    // Ticks number a room's frame messages: a gap is a message this client never got.
    if (lastTick >= 0 && msg.tick > lastTick + 1) c.missed += msg.tick - lastTick - 1;
    if (msg.tick > lastTick) lastTick = msg.tick;
    c.frameBytes += data.byteLength;
    c.entries += msg.entries.length;
    for (const e of msg.entries) {
      if (e.kind === FrameKind.density) c.crowdMaps++;
      if (e.id !== me() || e.kind !== FrameKind.full || e.ghost) continue;
      c.own++;
      const slot = e.seq % SEQ_RING;
      if (e.seq > 0 && sentSeq[slot] === e.seq) {
        latencies.push(now - sentAt[slot]);
        latencyAt.push(now - c.since);
      }
    }
  });
  // A dropped connection comes back as the same participant (the session keeps the identity).
  socket.io.on('reconnect', () => void join(joined.session).then((j) => (joined = j)).catch(() => undefined));

  const walker: Walker = createWalker(o.walk, room.bounds, o.phase ?? Math.random());
  let started = performance.now();
  let stopped = false;
  const walk = () => {
    if (!socket.connected) return;
    seq = (seq + 1) >>> 0 || 1;
    const z = walker.at(performance.now() - started);
    sentAt[seq % SEQ_RING] = performance.now();
    sentSeq[seq % SEQ_RING] = seq;
    socket.volatile.emit(ClientEvent.cursor, { z, seq });
    c.cursorsSent++;
  };
  const startWalking = () => {
    if (stopped) return;
    started = performance.now();
    timer = setInterval(walk, 1000 / hz);
  };
  if (o.walkAfter) void o.walkAfter.then(startWalking);
  else startWalking();

  const stats = (): BotStats => {
    const seconds = (performance.now() - c.since) / 1000;
    return {
      name: joined.you.name, id: joined.you.id, seconds: Math.round(seconds * 100) / 100, cursorsSent: c.cursorsSent,
      framesReceived: c.frames, framesMissed: c.missed, ownFrames: c.own, entriesReceived: c.entries, crowdMaps: c.crowdMaps, bytesReceived: c.bytes, frameBytes: c.frameBytes,
      kbPerSecond: Math.round((c.bytes / 1000 / seconds) * 10) / 10,
      ownFramesPerSecond: Math.round((c.own / seconds) * 10) / 10,
      latency: summarize(latencies),
    };
  };
  return {
    get joined() {
      return joined;
    },
    socket,
    stats,
    resetStats() {
      Object.assign(c, { cursorsSent: 0, frames: 0, missed: 0, own: 0, entries: 0, crowdMaps: 0, bytes: 0, frameBytes: 0, since: performance.now() });
      latencies.length = 0;
      latencyAt.length = 0;
    },
    latencySamples: () => ({ atMs: [...latencyAt], latencyMs: [...latencies] }),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      const s = stats();
      socket.disconnect();
      return s;
    },
  };
}

export interface CrowdSummary {
  bots: number;
  meanKbPerSecond: number;
  maxKbPerSecond: number;
  meanOwnFramesPerSecond: number;
  meanLatencyMs: number;
  p95LatencyMs: number;
}

/** Averages across bots (for reports). */
export function aggregate(stats: BotStats[]): CrowdSummary {
  const avg = (f: (s: BotStats) => number) => Math.round((stats.reduce((a, s) => a + f(s), 0) / Math.max(1, stats.length)) * 10) / 10;
  const max = (f: (s: BotStats) => number) => Math.max(0, ...stats.map(f));
  return {
    bots: stats.length,
    meanKbPerSecond: avg((s) => s.kbPerSecond),
    maxKbPerSecond: max((s) => s.kbPerSecond),
    meanOwnFramesPerSecond: avg((s) => s.ownFramesPerSecond),
    meanLatencyMs: avg((s) => s.latency.meanMs),
    p95LatencyMs: max((s) => s.latency.p95Ms),
  };
}
