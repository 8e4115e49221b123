/**
 * The participants of a load scenario, spread over one or more bot processes (botProcess.ts):
 * bot i joins room floor(i / perRoom) and runs in process i mod processes. The fleet opens and
 * closes one measurement window across all of them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BotStats } from '../bot/createBot.js';
import { cpuBetween, sampleCpu, type CpuSample } from './procStats.js';
import { ROOT } from './serverProcess.js';

export type FleetCommand =
  | { type: 'start'; url: string; walk: string; hz: number; bots: { room: string; name: string; phase: number }[] }
  | { type: 'reset' }
  | { type: 'stop' };

export interface BotProcessReport {
  type: 'result';
  stats: BotStats[];
  /** Per bot, in the order of `stats`. */
  samples: { atMs: number[]; latencyMs: number[] }[];
  /** Event-loop delay of the bot process: how late it was to read what arrived. */
  loopDelayP99Ms: number;
}

type FromBots = { type: 'joined'; count: number } | { type: 'reset-done' } | BotProcessReport | { type: 'error'; message: string };

export interface FleetPlan {
  url: string;
  rooms: string[];
  perRoom: number;
  processes: number;
  hz: number;
  walk: string;
}

export interface FleetResult {
  stats: BotStats[];
  samples: { atMs: number[]; latencyMs: number[] }[];
  /** Per bot process: its CPU use in cores and its event-loop delay p99. */
  processes: { bots: number; cpuCores: number | null; loopDelayP99Ms: number }[];
}

function nextMessage<T extends FromBots['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<FromBots, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`bot process: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: FromBots) => {
      if (m.type === 'error') done(new Error(`bot process: ${m.message}`));
      else if (m.type === type) done(null, m as Extract<FromBots, { type: T }>);
    };
    // 'close', not 'exit': a child's last IPC messages may still be in flight when it exits.
    const onExit = (code: number | null) => done(new Error(`bot process ended (${code}) while waiting for "${type}"`));
    function done(err: Error | null, m?: Extract<FromBots, { type: T }>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('close', onExit);
      if (err) reject(err);
      else resolve(m!);
    }
    child.on('message', onMessage);
    child.once('close', onExit);
  });
}

export class BotFleet {
  private readonly children: ChildProcess[] = [];
  private cpuAtReset: CpuSample[] = [];

  private constructor(private readonly plan: FleetPlan) {}

  /** Spawns the processes and joins every bot; resolves once all are in their rooms. */
  static async start(plan: FleetPlan): Promise<BotFleet> {
    const fleet = new BotFleet(plan);
    try {
      await fleet.spawnAll();
    } catch (err) {
      fleet.kill();
      throw err;
    }
    return fleet;
  }

  private async spawnAll(): Promise<void> {
    const { rooms, perRoom, processes } = this.plan;
    const shares: Extract<FleetCommand, { type: 'start' }>[] = [];
    for (let p = 0; p < processes; p++) shares.push({ type: 'start', url: this.plan.url, walk: this.plan.walk, hz: this.plan.hz, bots: [] });
    let i = 0;
    rooms.forEach((room) => {
      for (let k = 0; k < perRoom; k++, i++) shares[i % processes].bots.push({ room, name: `Bot ${k + 1}`, phase: k / perRoom });
    });
    for (const share of shares) {
      if (share.bots.length === 0) continue;
      const child = fork(path.join(ROOT, 'bench/botProcess.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      this.children.push(child);
      child.send(share);
    }
    await Promise.all(this.children.map((c) => nextMessage(c, 'joined', 120_000)));
  }

  /** Opens the measurement window in every bot process. */
  async reset(): Promise<void> {
    await Promise.all(this.children.map(async (c) => {
      const done = nextMessage(c, 'reset-done', 10_000);
      c.send({ type: 'reset' } satisfies FleetCommand);
      await done;
    }));
    this.cpuAtReset = this.children.map((c) => sampleCpu(c.pid!));
  }

  /** Closes the window: every bot stops and reports; the processes exit. */
  async stop(): Promise<FleetResult> {
    const cpuAtStop = this.children.map((c) => sampleCpu(c.pid!));
    const reports = await Promise.all(this.children.map(async (c) => {
      const report = nextMessage(c, 'result', 30_000);
      c.send({ type: 'stop' } satisfies FleetCommand);
      return report;
    }));
    return {
      stats: reports.flatMap((r) => r.stats),
      samples: reports.flatMap((r) => r.samples),
      processes: reports.map((r, i) => ({
        bots: r.stats.length,
        cpuCores: cpuBetween(this.cpuAtReset[i], cpuAtStop[i], this.children[i].pid!).process,
        loopDelayP99Ms: r.loopDelayP99Ms,
      })),
    };
  }

  /** Ends any bot process still running (after an error). */
  kill(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  }
}
