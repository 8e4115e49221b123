/**
 * Percentiles over the latency samples of every bot of a run, pooled, and the same for the first
 * and last third of the window: a backlog that grows over the run shows as a last third that is
 * slower than the first.
 */

export interface Percentiles {
  samples: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ThirdsComparison {
  first: Percentiles;
  last: Percentiles;
  /** True when the last third is clearly slower: p95 more than 25 % + 5 ms above the first third's. */
  growing: boolean;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { samples: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  const s = Float64Array.from(values).sort();
  const q = (p: number) => round1(s[Math.min(s.length - 1, Math.floor(p * s.length))]);
  let sum = 0;
  for (const v of s) sum += v;
  return { samples: s.length, meanMs: round1(sum / s.length), p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), maxMs: round1(s[s.length - 1]) };
}

/** Pools bots' samples; `windowMs` is the measurement window the `atMs` times fall in. */
export function latencyOverRun(samples: { atMs: number[]; latencyMs: number[] }[], windowMs: number): { all: Percentiles; thirds: ThirdsComparison } {
  const all: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  for (const b of samples) {
    b.latencyMs.forEach((ms, i) => {
      all.push(ms);
      const at = b.atMs[i];
      if (at < windowMs / 3) first.push(ms);
      else if (at >= (2 * windowMs) / 3) last.push(ms);
    });
  }
  const f = percentiles(first);
  const l = percentiles(last);
  return { all: percentiles(all), thirds: { first: f, last: l, growing: l.p95Ms > 1.25 * f.p95Ms + 5 } };
}
