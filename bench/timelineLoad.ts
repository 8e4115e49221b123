/**
 * The timeline part of the bench (issue 13's speed goal): a class of bots in one room with the
 * training timeline open. Switching: everyone holds still, the host jumps to another snapshot, and
 * each client's time until it has the new digit of EVERY cursor (a frame entry with pixels for
 * each, after the switch) is measured, from the host's request. Playing: everyone moves, and the
 * frame rate per client is compared with the timeline closed and while it plays on a loop.
 * Needs models/<kind>/timeline (point MODELS_DIR at a models folder that has one).
 */
import { io, type Socket } from 'socket.io-client';
import { decodeFrames } from '../shared/frameCodec.js';
import { PROTOCOL_VERSION, ServerEvent, type TimelineState } from '../shared/protocol.js';
import { percentiles, type Percentiles } from './latencyStats.js';
import { spawnTarget } from './serverProcess.js';
import { formatTable, type Column } from './table.js';

export interface TimelineLoadResult {
  participants: number;
  snapshots: number;
  switches: number;
  /** Host's request -> a client has every cursor's new digit, ms (one sample per client and switch). */
  switched: Percentiles;
  /** Clients that still lacked a cursor's new digit 5 s after a switch (summed over switches): a miss, reported. */
  lateClients: number;
  /** Frame messages per second per client (the room's tick rate is 20). */
  fpsClosed: number;
  fpsPlaying: number;
}

interface Bot {
  socket: Socket;
  id: number;
  frames: number;
  /** Cursor ids whose pixels arrived since `since` was set, and when the last one did. */
  seen: Set<number>;
  doneAt: number | null;
  watching: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function joinBot(url: string, room: string, everyone: () => number): Promise<Bot> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  const bot: Bot = { socket, id: 0, frames: 0, seen: new Set(), doneAt: null, watching: false };
  socket.on(ServerEvent.frames, (data: Uint8Array) => {
    bot.frames++;
    if (!bot.watching || bot.doneAt !== null) return;
    for (const e of decodeFrames(data).entries) if (e.pixels.length > 0) bot.seen.add(e.id);
    if (bot.seen.size >= everyone()) bot.doneAt = performance.now();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(10_000).emitWithAck('join', { protocol: PROTOCOL_VERSION, room, model: 'vae' })) as { ok: boolean; you?: { id: number } };
  if (!ack.ok || !ack.you) throw new Error('bench bot could not join');
  bot.id = ack.you.id;
  return bot;
}

function startMoving(bots: Bot[]): () => void {
  let seq = 0;
  const timer = setInterval(() => {
    seq++;
    bots.forEach((b, i) => b.socket.volatile.emit('cursor', { z: [Math.cos(seq / 10 + i), Math.sin(seq / 10 + i)], seq }));
  }, 50);
  return () => clearInterval(timer);
}

async function timeline(host: Bot, request: Record<string, unknown>): Promise<TimelineState> {
  const ack = (await host.socket.timeout(10_000).emitWithAck('timeline', request)) as { ok: boolean; timeline?: TimelineState; error?: { message: string } };
  if (!ack.ok || !ack.timeline) throw new Error(`timeline request refused: ${ack.error?.message}`);
  return ack.timeline;
}

async function frameRate(bots: Bot[], seconds: number): Promise<number> {
  bots.forEach((b) => (b.frames = 0));
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const s = (performance.now() - t0) / 1000;
  return Math.round((bots.reduce((n, b) => n + b.frames, 0) / bots.length / s) * 10) / 10;
}

/** Runs the part against a fresh server child process. */
export async function benchTimeline(o: { participants?: number; seconds: number }): Promise<TimelineLoadResult> {
  const n = o.participants ?? 30;
  const server = await spawnTarget('server');
  const bots: Bot[] = [];
  try {
    const listed = await fetch(`${server.url}/api/models/vae/timeline`);
    if (!listed.ok) throw new Error(`the timeline part needs models/vae/timeline (GET /api/models/vae/timeline: ${listed.status}); set MODELS_DIR to a models folder that has one`);
    // The first to join creates the room and is its host.
    for (let i = 0; i < n; i++) bots.push(await joinBot(server.url, 'bench-timeline', () => n));
    const host = bots[0];
    const stop = startMoving(bots);
    await sleep(1000);
    const fpsClosed = await frameRate(bots, o.seconds);
    const opened = await timeline(host, { action: 'open', open: true });
    const count = opened.count;
    // Playing on a loop for the whole window: fast enough to change snapshot every tick or two.
    await timeline(host, { action: 'speed', speed: 8 });
    await timeline(host, { action: 'play', playing: true });
    const replay = setInterval(() => void timeline(host, { action: 'play', playing: true }).catch(() => {}), (count / 8) * 1000 + 100);
    const fpsPlaying = await frameRate(bots, o.seconds);
    clearInterval(replay);
    await timeline(host, { action: 'play', playing: false });
    stop();
    const switches = Math.max(3, Math.round(o.seconds * 2));
    const times: number[] = [];
    let lateClients = 0;
    let at = 0;
    for (let s = 0; s < switches; s++) {
      await sleep(400);
      // Never the same snapshot twice in a row; spread over the whole timeline (so decoders load too).
      at = (at + 1 + Math.floor(Math.random() * (count - 1))) % count;
      bots.forEach((b) => Object.assign(b, { seen: new Set(), doneAt: null, watching: true }));
      const t0 = performance.now();
      await timeline(host, { action: 'seek', position: at });
      const deadline = t0 + 5000;
      while (bots.some((b) => b.doneAt === null) && performance.now() < deadline) await sleep(5);
      bots.forEach((b) => (b.watching = false));
      // A client still waiting at the deadline is a miss to report (counted at the deadline), not a crash.
      lateClients += bots.filter((b) => b.doneAt === null).length;
      times.push(...bots.map((b) => (b.doneAt ?? deadline) - t0));
    }
    return { participants: n, snapshots: count, switches, switched: percentiles(times), lateClients, fpsClosed, fpsPlaying };
  } finally {
    bots.forEach((b) => b.socket.disconnect());
    await server.stop();
  }
}

export function timelineTable(d: TimelineLoadResult, md = false): string {
  const cols: Column<TimelineLoadResult>[] = [
    { header: 'people', value: (r) => r.participants },
    { header: 'snapshots', value: (r) => r.snapshots },
    { header: 'switches', value: (r) => r.switches },
    { header: 'every digit new p50 ms', value: (r) => r.switched.p50Ms },
    { header: 'p95 ms', value: (r) => r.switched.p95Ms },
    { header: 'max ms', value: (r) => r.switched.maxMs },
    { header: 'frames/s closed', value: (r) => r.fpsClosed },
    { header: 'frames/s playing', value: (r) => r.fpsPlaying },
  ];
  return formatTable('Training timeline: a class of 30 switching snapshot, and playing', cols, [d], md);
}
