/**
 * The rounds part of the bench: a class of 30 bots in one room, all moving at 30 Hz, measured in ONE
 * window that alternates between no round and a running find round (the host, a plain socket, starts
 * and stops it), so both halves share the same server, bots and background load. While a round runs
 * the room's tick classifies every decoded digit and the round's state goes to everyone twice a
 * second. Latency samples (cursor sent -> its frame received) are split by when they arrived; those
 * within `SWITCH_MARGIN_MS` of a switch are left out, since the bot processes' window starts a few
 * ms before ours.
 */
import { io, type Socket } from 'socket.io-client';
import { ClientEvent, PROTOCOL_VERSION, ROUND_SECONDS, ServerEvent, type RoundState } from '../shared/protocol.js';
import { BotFleet } from './botFleet.js';
import { percentiles, type Percentiles } from './latencyStats.js';
import { cpuBetween, sampleCpu } from './procStats.js';
import { spawnTarget } from './serverProcess.js';
import { formatTable } from './table.js';

/** Samples this close to a switch (either side) belong to neither phase. */
export const SWITCH_MARGIN_MS = 300;

export interface RoundPhaseFigures {
  seconds: number;
  latency: Percentiles;
  /** Own frames per second per bot. */
  ownFramesPerSecond: number;
  /** Server process CPU in cores, averaged over the phase's segments. */
  serverCpu: number | null;
}

export interface RoundLoadResult {
  participants: number;
  /** Segments per phase, and each segment's length. */
  segments: number;
  segmentSeconds: number;
  withoutRound: RoundPhaseFigures;
  withRound: RoundPhaseFigures;
  /** withRound p99 / withoutRound p99. */
  p99Ratio: number | null;
  roundsStarted: number;
  /** Players who had a classified value in the last round state of the last round segment (of `participants`). */
  playersScored: number;
}

export interface Segment {
  fromMs: number;
  toMs: number;
  round: boolean;
}

/** Pools the bots' samples by the segment they arrived in, leaving out those near a switch. */
export function splitByPhase(samples: { atMs: number[]; latencyMs: number[] }[], segments: Segment[], marginMs = SWITCH_MARGIN_MS): { round: number[]; none: number[] } {
  const out = { round: [] as number[], none: [] as number[] };
  for (const b of samples) {
    b.latencyMs.forEach((ms, i) => {
      const at = b.atMs[i];
      const seg = segments.find((s) => at >= s.fromMs + marginMs && at < s.toMs - marginMs);
      if (seg) (seg.round ? out.round : out.none).push(ms);
    });
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The host: joins first (so it gets the room's host key) and never moves. */
async function joinHost(url: string, room: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(10_000).emitWithAck(ClientEvent.join, { protocol: PROTOCOL_VERSION, room, name: 'Host', model: 'vae' })) as { ok: boolean; you?: { host: boolean } };
  if (!ack.ok || !ack.you?.host) throw new Error('the bench host could not join as the host');
  return socket;
}

async function request(socket: Socket, event: string, payload: object): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return (await socket.timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; error?: { code: string; message: string } };
}

/** Runs the part against a fresh server child process. */
export async function benchRounds(o: { participants?: number; segmentSeconds: number; segments?: number; warmupSeconds: number }): Promise<RoundLoadResult> {
  const n = o.participants ?? 30;
  const pairs = o.segments ?? 3;
  if (o.segmentSeconds > ROUND_SECONDS.max) throw new Error(`a round segment cannot be longer than a round (${ROUND_SECONDS.max} s)`);
  const room = 'bench-rounds';
  const server = await spawnTarget('server');
  let host: Socket | null = null;
  let fleet: BotFleet | null = null;
  try {
    host = await joinHost(server.url, room);
    let inRound = false;
    let roundsStarted = 0;
    let lastState: RoundState | null = null;
    const startRound = async () => {
      const r = await request(host!, ClientEvent.roundStart, { kind: 'find', seconds: ROUND_SECONDS.max });
      if (!r.ok) throw new Error(`round:start refused: ${r.error?.code}: ${r.error?.message}`);
      roundsStarted++;
    };
    // Everyone found the digit before the segment ended: the class plays the next round at once.
    host.on(ServerEvent.round, (s: RoundState) => {
      lastState = s;
      if (inRound && s.phase === 'done' && s.ended === 'all') void startRound().catch(() => undefined);
    });
    fleet = await BotFleet.start({ url: server.url, rooms: [room], perRoom: n, processes: 1, hz: 30, walk: 'random' });
    await sleep(o.warmupSeconds * 1000);
    await fleet.reset();
    const t0 = performance.now();
    const segments: Segment[] = [];
    const cpu = { round: [] as number[], none: [] as number[] };
    let scored = 0;
    for (let k = 0; k < 2 * pairs; k++) {
      const round = k % 2 === 1;
      const from = performance.now() - t0;
      if (round) {
        inRound = true;
        await startRound();
      }
      const c0 = sampleCpu(server.pid);
      await sleep(o.segmentSeconds * 1000 - (performance.now() - t0 - from));
      const use = cpuBetween(c0, sampleCpu(server.pid), server.pid).process;
      if (use !== null) (round ? cpu.round : cpu.none).push(use);
      if (round) {
        const state = lastState as RoundState | null;
        scored = state?.players.filter((p) => p.value !== null).length ?? 0;
        inRound = false;
        const r = await request(host, ClientEvent.roundStop, {});
        if (!r.ok && r.error?.code !== 'not_allowed') throw new Error(`round:stop refused: ${r.error?.code}`);
      }
      segments.push({ fromMs: from, toMs: performance.now() - t0, round });
    }
    const bots = await fleet.stop();
    fleet = null;
    const split = splitByPhase(bots.samples, segments);
    const usable = Math.max(0, o.segmentSeconds - (2 * SWITCH_MARGIN_MS) / 1000) * pairs;
    const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000 : null);
    const figures = (values: number[], cores: number[]): RoundPhaseFigures => ({
      seconds: Math.round(usable * 10) / 10,
      latency: percentiles(values),
      ownFramesPerSecond: Math.round((values.length / n / Math.max(usable, 1e-9)) * 10) / 10,
      serverCpu: mean(cores),
    });
    const withoutRound = figures(split.none, cpu.none);
    const withRound = figures(split.round, cpu.round);
    return {
      participants: n, segments: pairs, segmentSeconds: o.segmentSeconds, withoutRound, withRound,
      p99Ratio: withoutRound.latency.p99Ms > 0 ? Math.round((withRound.latency.p99Ms / withoutRound.latency.p99Ms) * 100) / 100 : null,
      roundsStarted, playersScored: scored,
    };
  } finally {
    fleet?.kill();
    host?.disconnect();
    await server.stop();
  }
}

export function roundTable(r: RoundLoadResult, md = false): string {
  const rows = [{ phase: 'no round', f: r.withoutRound }, { phase: 'round running', f: r.withRound }];
  const table = formatTable(
    `Rounds: a class of ${r.participants} (30 Hz cursors), ${r.segments} x ${r.segmentSeconds} s without and with a find round, alternating`,
    [
      { header: 'phase', value: (x) => x.phase },
      { header: 'seconds', value: (x) => x.f.seconds },
      { header: 'samples', value: (x) => x.f.latency.samples },
      { header: 'p50 ms', value: (x) => x.f.latency.p50Ms },
      { header: 'p95 ms', value: (x) => x.f.latency.p95Ms },
      { header: 'p99 ms', value: (x) => x.f.latency.p99Ms },
      { header: 'own fps', value: (x) => x.f.ownFramesPerSecond },
      { header: 'server CPU', value: (x) => x.f.serverCpu },
    ], rows, md);
  return `${table}\nrounds started: ${r.roundsStarted}; players with a classified digit at the end of the last round: ${r.playersScored} of ${r.participants}`;
}
