/**
 * Records what the rest of the machine did during a run: every second it reads the CPU time of
 * every process in /proc, marks the benchmark's own processes (the runner and its descendants), and
 * can then say how many cores everything else used in any window, and which commands. A figure
 * measured while a build or a test suite ran next to it says so in its results.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface Track {
  command: string;
  ours: boolean;
  /** [monotonic µs, cpu seconds] */
  samples: [number, number][];
  /** First seen after the watch began: it started during the run. */
  lateStart: boolean;
}

export interface OthersCpu {
  /** Cores used on average by processes that are not part of the benchmark. */
  cores: number;
  /** The busiest of them, in cores over the window. */
  top: { command: string; cores: number }[];
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const TICKS = 100;

function readProc(pid: string): { ppid: number; cpu: number; command: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS, command: (cmd || stat.slice(stat.indexOf('(') + 1, close)).slice(0, 80) };
  } catch {
    return null;
  }
}

export class MachineWatch {
  private readonly tracks = new Map<number, Track>();
  private timer: NodeJS.Timeout | null = null;
  private first = true;

  start(intervalMs = 1000): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      return;
    }
    const now = monotonicUs();
    const snap = new Map<number, { ppid: number; cpu: number; command: string }>();
    for (const p of pids) {
      const s = readProc(p);
      if (s) snap.set(Number(p), s);
    }
    const isOurs = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
        if (p === process.pid || this.tracks.get(p)?.ours) return true;
        p = snap.get(p)?.ppid ?? 0;
      }
      return false;
    };
    for (const [pid, s] of snap) {
      let t = this.tracks.get(pid);
      if (!t) {
        t = { command: s.command, ours: isOurs(pid), samples: [], lateStart: !this.first };
        this.tracks.set(pid, t);
      }
      t.samples.push([now, s.cpu]);
    }
    this.first = false;
  }

  /** CPU used by other processes between two monotonic µs times. */
  between(fromUs: number, toUs: number): OthersCpu {
    const seconds = (toUs - fromUs) / 1e6;
    const used: { command: string; cpu: number }[] = [];
    for (const t of this.tracks.values()) {
      if (t.ours) continue;
      const before = [...t.samples].reverse().find(([at]) => at <= fromUs);
      const after = [...t.samples].reverse().find(([at]) => at <= toUs);
      if (!after) continue;
      // A process first seen inside the window started there: all of its CPU counts.
      const base = before ? before[1] : t.lateStart ? 0 : (t.samples[0]?.[1] ?? 0);
      const cpu = after[1] - base;
      if (cpu > 0) used.push({ command: t.command, cpu });
    }
    used.sort((a, b) => b.cpu - a.cpu);
    const round = (v: number) => Math.round(v * 100) / 100;
    return {
      cores: round(used.reduce((a, u) => a + u.cpu, 0) / Math.max(seconds, 1e-9)),
      top: used.slice(0, 3).filter((u) => u.cpu / seconds >= 0.01).map((u) => ({ command: u.command, cores: round(u.cpu / seconds) })),
    };
  }
}
