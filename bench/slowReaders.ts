/**
 * Slow readers and chatter: can one room's traffic hurt the server or another room? The real
 * server in a child process; a crowd of sockets in one room (reading, but not moving) and, in
 * another room, bots moving at 30 Hz whose own frames per second we watch. The crowd's readers
 * live in their own process (crowdProcess.ts), its renamers and paused sockets in this one, so
 * parsing the crowd's traffic does not slow the renamers down. Three phases, each with a fresh set
 * of those bots:
 *
 * - quiet: the crowd sits in its room; nothing changes there (the baseline);
 * - chatter: `renamers` members of the crowd rename themselves `renameHz` times a second;
 * - paused: `paused` members of the crowd stop reading their sockets (TCP paused) while one
 *   member renames `renameHz` times a second; we watch the server's memory. At the end the paused
 *   sockets read again, and we count those the server had disconnected for being too slow.
 *
 *   npx tsx bench/slowReaders.ts [--crowd 100] [--paused 20] [--renamers 3] [--seconds 15]
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, ServerEvent, type ServerNotice } from '../shared/protocol.js';
import { BotFleet } from './botFleet.js';
import type { CrowdCommand, CrowdReply } from './crowdProcess.js';
import { cpuBetween, memoryOf, sampleCpu } from './procStats.js';
import { ROOT, spawnTarget, type ServerProcess } from './serverProcess.js';

export interface SlowReadersOptions {
  /** Sockets in the chatty room. */
  crowd?: number;
  /** Of the crowd, how many stop reading in the last phase. */
  paused?: number;
  renamers?: number;
  renameHz?: number;
  /** Bots moving in the other room. */
  otherRoom?: number;
  seconds?: number;
  warmupSeconds?: number;
}

export interface SlowReadersPhase {
  phase: 'quiet' | 'chatter' | 'paused';
  seconds: number;
  /** Mean over the other room's bots of their own digit's frames per second. */
  otherRoomOwnFps: number;
  otherRoomMinOwnFps: number;
  /** `room` snapshots a reading crowd socket received per second (mean). */
  snapshotsPerSocketPerSecond: number;
  renamesSent: number;
  renamesRefused: number;
  serverCpuCores: number | null;
  /** The load generators: the reading crowd's process, and this one (renamers, paused sockets). */
  crowdCpuCores: number | null;
  benchCpuCores: number;
  serverRssStartMb: number | null;
  serverRssEndMb: number | null;
  /** End minus start of the phase. */
  serverRssGrowthMb: number | null;
}

export interface SlowReadersResult {
  crowd: number;
  paused: number;
  renamers: number;
  renameHz: number;
  otherRoom: number;
  phases: SlowReadersPhase[];
  /** Why sockets of this process (renamers, paused-to-be) were disconnected before the paused phase. */
  lostBeforePause: string[];
  /** How long the paused sockets did not read. */
  pausedSeconds: number;
  /** Paused sockets that, once reading again, found a notice or a closed connection. */
  pausedDisconnected: number;
  pausedNoticeCodes: string[];
  /** Sockets the server disconnected for not reading (its `slow_reader` log lines). */
  slowReaderDisconnects: number;
  server: { peakRssMb: number | null };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const r1 = (v: number) => Math.round(v * 10) / 10;
const CROWD_ROOM = 'slow-crowd';
const OTHER_ROOM = 'slow-other';

interface CrowdMember {
  socket: Socket;
  notices: ServerNotice[];
  closed: boolean;
  reason?: string;
}

async function joinCrowd(url: string, i: number): Promise<CrowdMember> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  const m: CrowdMember = { socket, notices: [], closed: false };
  socket.on(ServerEvent.notice, (n: ServerNotice) => void m.notices.push(n));
  socket.on('disconnect', (reason) => {
    m.closed = true;
    m.reason = reason;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(20_000).emitWithAck('join', { protocol: PROTOCOL_VERSION, room: CROWD_ROOM, name: `crowd ${i}` })) as { ok: boolean };
  if (!ack.ok) throw new Error(`crowd member ${i} could not join: ${JSON.stringify(ack)}`);
  return m;
}

/** The reading part of the crowd, in its own process. */
class CrowdProcess {
  private constructor(private readonly child: ChildProcess) {}

  get pid(): number {
    return this.child.pid!;
  }

  static async start(url: string, count: number, firstName: number): Promise<CrowdProcess> {
    const child = fork(path.join(ROOT, 'bench/crowdProcess.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const crowd = new CrowdProcess(child);
    const joined = crowd.reply('joined', 180_000);
    child.send({ type: 'start', url, room: CROWD_ROOM, count, firstName } satisfies CrowdCommand);
    await joined;
    return crowd;
  }

  /** Snapshots each reading socket received since the last call. */
  async count(): Promise<Extract<CrowdReply, { type: 'counted' }>> {
    const counted = this.reply('counted', 30_000);
    this.child.send({ type: 'count' } satisfies CrowdCommand);
    return counted;
  }

  stop(): void {
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies CrowdCommand);
  }

  private reply<T extends CrowdReply['type']>(type: T, timeoutMs: number): Promise<Extract<CrowdReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`crowd process: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (m: CrowdReply) => {
        if (m.type !== type && m.type !== 'error') return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        if (m.type === 'error') reject(new Error(`crowd process: ${m.message}`));
        else resolve(m as Extract<CrowdReply, { type: T }>);
      };
      this.child.on('message', onMessage);
    });
  }
}

/** The TCP socket under a websocket client: pausing it stops reading, as a frozen tab does. */
function tcpOf(socket: Socket): { pause(): void; resume(): void } | null {
  const transport = socket.io.engine?.transport as unknown as { ws?: { _socket?: { pause(): void; resume(): void } } } | undefined;
  return transport?.ws?._socket ?? null;
}

interface Load {
  readonly sent: number;
  readonly refused: number;
  stop(): void;
}

/** Renames `who` `hz` times a second until stopped; counts what the server refused. */
function startRenaming(who: CrowdMember[], hz: number): Load {
  const tally = { sent: 0, refused: 0 };
  let n = 0;
  const timer = setInterval(() => {
    for (const m of who) {
      tally.sent++;
      m.socket.timeout(5000).emit('rename', { name: `renamer ${++n % 1000}` }, (err: unknown, ack?: { ok: boolean }) => {
        if (err || !ack?.ok) tally.refused++;
      });
    }
  }, 1000 / hz);
  return {
    get sent() {
      return tally.sent;
    },
    get refused() {
      return tally.refused;
    },
    stop: () => clearInterval(timer),
  };
}

async function runPhase(
  server: ServerProcess, phase: SlowReadersPhase['phase'], o: Required<SlowReadersOptions>, readers: CrowdProcess, during: () => Load,
): Promise<SlowReadersPhase> {
  const fleet = await BotFleet.start({ url: server.url, rooms: [OTHER_ROOM], perRoom: o.otherRoom, processes: 1, hz: 30, walk: 'random' });
  try {
    await sleep(o.warmupSeconds * 1000);
    const load = during();
    await sleep(1000);
    await fleet.reset();
    await readers.count();
    const sent0 = load.sent;
    const refused0 = load.refused;
    const cpu0 = sampleCpu(server.pid);
    const crowd0 = sampleCpu(readers.pid);
    const own0 = process.cpuUsage();
    const rss0 = memoryOf(server.pid).rssMb;
    const t0 = performance.now();
    await sleep(o.seconds * 1000);
    const seconds = (performance.now() - t0) / 1000;
    const [sent, refused] = [load.sent - sent0, load.refused - refused0];
    const cpu1 = sampleCpu(server.pid);
    const crowd1 = sampleCpu(readers.pid);
    const own = process.cpuUsage(own0);
    const rss1 = memoryOf(server.pid).rssMb;
    const counted = await readers.count();
    load.stop();
    const { stats } = await fleet.stop();
    const fps = stats.map((s) => s.ownFrames / s.seconds);
    return {
      phase, seconds: r1(seconds),
      otherRoomOwnFps: r1(fps.reduce((a, b) => a + b, 0) / Math.max(1, fps.length)), otherRoomMinOwnFps: r1(Math.min(...fps)),
      snapshotsPerSocketPerSecond: counted.snapshotsPerSocketPerSecond, renamesSent: sent, renamesRefused: refused,
      serverCpuCores: cpuBetween(cpu0, cpu1, server.pid).process, crowdCpuCores: cpuBetween(crowd0, crowd1, readers.pid).process,
      benchCpuCores: Math.round(((own.user + own.system) / 1e6 / seconds) * 1000) / 1000,
      serverRssStartMb: rss0, serverRssEndMb: rss1, serverRssGrowthMb: rss0 === null || rss1 === null ? null : r1(rss1 - rss0),
    };
  } finally {
    fleet.kill();
  }
}

export async function benchSlowReaders(opts: SlowReadersOptions = {}): Promise<SlowReadersResult> {
  const o: Required<SlowReadersOptions> = { crowd: 100, paused: 20, renamers: 3, renameHz: 33, otherRoom: 10, seconds: 15, warmupSeconds: 3, ...opts };
  const server = await spawnTarget('server');
  // The server logs (at warn) each socket it drops for not reading.
  let slowReaderDisconnects = 0;
  server.child.stdout!.on('data', (d: Buffer) => void (slowReaderDisconnects += d.toString().split('"event":"slow_reader"').length - 1));
  const mine: CrowdMember[] = [];
  let readers: CrowdProcess | null = null;
  try {
    // Renamers first, the paused-to-be last; the readers in between, in their own process.
    const own = o.renamers + o.paused;
    for (let i = 0; i < o.renamers; i++) mine.push(await joinCrowd(server.url, i));
    readers = await CrowdProcess.start(server.url, o.crowd - own, o.renamers);
    for (let i = o.crowd - o.paused; i < o.crowd; i++) mine.push(await joinCrowd(server.url, i));
    const renamers = mine.slice(0, o.renamers);
    const paused = mine.slice(o.renamers);
    const idle = (): Load => ({ sent: 0, refused: 0, stop: () => undefined });
    const phases = [
      await runPhase(server, 'quiet', o, readers, idle),
      await runPhase(server, 'chatter', o, readers, () => startRenaming(renamers, o.renameHz)),
    ];
    const lost = mine.filter((m) => m.closed || !tcpOf(m.socket));
    const stillThere = paused.filter((m) => !lost.includes(m));
    for (const m of stillThere) tcpOf(m.socket)!.pause();
    const pausedAt = performance.now();
    phases.push(await runPhase(server, 'paused', o, readers, () => startRenaming(renamers.slice(0, 1), o.renameHz)));
    for (const m of stillThere) tcpOf(m.socket)?.resume();
    const pausedSeconds = r1((performance.now() - pausedAt) / 1000);
    await sleep(3000);
    const gone = stillThere.filter((m) => m.closed || m.notices.length > 0);
    return {
      crowd: o.crowd, paused: stillThere.length, renamers: o.renamers, renameHz: o.renameHz, otherRoom: o.otherRoom, phases,
      lostBeforePause: lost.map((m) => m.reason ?? `no transport (connected: ${m.socket.connected})`),
      pausedSeconds, slowReaderDisconnects, pausedDisconnected: gone.length, pausedNoticeCodes: [...new Set(gone.flatMap((m) => m.notices.map((n) => n.code)))],
      server: { peakRssMb: memoryOf(server.pid).peakRssMb },
    };
  } finally {
    readers?.stop();
    for (const m of mine) m.socket.disconnect();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      crowd: { type: 'string', default: '100' }, paused: { type: 'string', default: '20' }, renamers: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '15' },
    },
  });
  const r = await benchSlowReaders({ crowd: Number(v.crowd), paused: Number(v.paused), renamers: Number(v.renamers), seconds: Number(v.seconds) });
  console.log(JSON.stringify(r, null, 2));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
