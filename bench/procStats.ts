/**
 * What the kernel says a child process used: CPU time from /proc/<pid>/stat (the whole process and
 * its main thread, whose tid is the pid) and peak resident memory (VmHWM) from /proc/<pid>/status.
 * Read from outside, so the measured process does no extra work to report it. Linux only; elsewhere
 * the figures are null.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let clockTicks: number | undefined;

/** Kernel clock ticks per second (USER_HZ), the unit of utime and stime. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime in seconds from a /proc stat file (fields 14 and 15, after the parenthesised name). */
function cpuSecondsOf(statFile: string): number | null {
  try {
    const raw = readFileSync(statFile, 'utf8');
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return null;
  }
}

export interface CpuSample {
  at: number;
  /** All threads of the process (main, workers, GC and libuv helpers). */
  process: number | null;
  /** The main (event-loop) thread. */
  main: number | null;
  /** Per-thread CPU seconds keyed by tid, to find the busiest helper (the decoder worker). */
  threads: Map<number, number>;
}

export function sampleCpu(pid: number): CpuSample {
  const threads = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const s = cpuSecondsOf(`/proc/${pid}/task/${tid}/stat`);
      if (s !== null) threads.set(Number(tid), s);
    }
  } catch {
    // Not Linux, or the process is gone.
  }
  return { at: performance.now(), process: cpuSecondsOf(`/proc/${pid}/stat`), main: cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`), threads };
}

/** CPU use between two samples, in cores (1.0 = one core busy the whole time). */
export interface CpuUse {
  process: number | null;
  main: number | null;
  /** The busiest thread other than the main one (in the server: the decoder worker). */
  busiestOther: number | null;
}

export function cpuBetween(a: CpuSample, b: CpuSample, pid: number): CpuUse {
  const wall = (b.at - a.at) / 1000;
  const rate = (x: number | null, y: number | null) => (x === null || y === null || wall <= 0 ? null : round3((y - x) / wall));
  let busiest: number | null = null;
  for (const [tid, end] of b.threads) {
    if (tid === pid) continue;
    const used = end - (a.threads.get(tid) ?? 0);
    if (busiest === null || used > busiest) busiest = used;
  }
  return { process: rate(a.process, b.process), main: rate(a.main, b.main), busiestOther: busiest === null ? null : round3(busiest / wall) };
}

/** Peak and current resident set size in MB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { peakRssMb: number | null; rssMb: number | null } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
    };
    return { peakRssMb: kb('VmHWM'), rssMb: kb('VmRSS') };
  } catch {
    return { peakRssMb: null, rssMb: null };
  }
}

/** Other processes that share the machine right now (the model trainings), for the record. */
export function backgroundLoad(): { loadAverage1m: number; trainingsRunning: number } {
  let trainings = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        // Count the node processes themselves, not the npm and shell wrappers around them.
        const wrapper = cmd.some((a) => /(\/\.bin\/tsx|tsx\/dist\/cli\.m?js)$/.test(a));
        if (/(^|\/)node$/.test(cmd[0]) && !wrapper && cmd.some((a) => a.endsWith('ml/training/cli.ts'))) trainings++;
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    // Not Linux.
  }
  return { loadAverage1m: round3(Number(readLoadAvg())), trainingsRunning: trainings };
}

function readLoadAvg(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  } catch {
    return 'NaN';
  }
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
