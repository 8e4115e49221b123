import { describe, expect, it } from 'vitest';
import { checkGoals } from '../../bench/goals.js';
import { latencyOverRun, percentiles } from '../../bench/latencyStats.js';
import { splitByPhase, type RoundLoadResult } from '../../bench/roundLoad.js';
import { formatTable } from '../../bench/table.js';

describe('benchmark statistics', () => {
  it('takes percentiles over the pooled samples', () => {
    const p = percentiles(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(p).toMatchObject({ samples: 100, p50Ms: 51, p95Ms: 96, p99Ms: 100, maxMs: 100, meanMs: 50.5 });
    expect(percentiles([]).samples).toBe(0);
  });

  it('flags a backlog when the last third of the run is clearly slower than the first', () => {
    const at = Array.from({ length: 300 }, (_, i) => i * 100);
    const steady = latencyOverRun([{ atMs: at, latencyMs: at.map(() => 30) }], 30_000);
    expect(steady.thirds.growing).toBe(false);
    const growing = latencyOverRun([{ atMs: at, latencyMs: at.map((t) => 30 + t / 100) }], 30_000);
    expect(growing.thirds.growing).toBe(true);
    expect(growing.thirds.last.p50Ms).toBeGreaterThan(growing.thirds.first.p50Ms);
  });

  it('reports a goal as missed when there are no latency samples at all', () => {
    const latency = percentiles([]);
    const server = {
      latency, thirds: { first: latency, last: latency, growing: false },
      clients: { maxKbPerSecond: 10 }, server: { peakRssMb: 100 },
    };
    const goals = checkGoals({ scenarios: [{ scenario: { id: 'class', title: '', rooms: 1, perRoom: 30, goalP99Ms: 100 }, server: server as never }] });
    expect(goals.find((g) => g.goal.includes('p99'))?.met).toBe(false);
    expect(goals.find((g) => g.goal.includes('RSS'))?.met).toBe(true);
  });

  it('right-aligns numeric columns and prints a dash for a missing value', () => {
    const text = formatTable('t', [{ header: 'name', value: (r: { n: string; v: number | null }) => r.n }, { header: 'value', value: (r) => r.v }], [
      { n: 'a', v: 1.234 },
      { n: 'bb', v: null },
    ]);
    expect(text.split('\n').slice(-2)).toEqual(['a      1.23', 'bb        -']);
  });

  it('splits latency samples into the round and no-round segments, leaving out those near a switch', () => {
    const segments = [{ fromMs: 0, toMs: 1000, round: false }, { fromMs: 1000, toMs: 2000, round: true }];
    const atMs = [100, 400, 690, 950, 1250, 1400, 1650, 1750, 2100];
    const split = splitByPhase([{ atMs, latencyMs: atMs.map((t) => t / 10) }], segments, 300);
    expect(split.none).toEqual([40, 69]);
    expect(split.round).toEqual([140, 165]);
  });

  it('meets the round goal only within 10 % of the no-round p99, with samples and classified players', () => {
    const phase = (p99Ms: number, samples = 100) => ({ seconds: 3, latency: { ...percentiles([]), samples, p99Ms }, ownFramesPerSecond: 19, serverCpu: 0.5 });
    const result = (withRound: number, playersScored = 30, samples = 100): RoundLoadResult => ({
      participants: 30, segments: 3, segmentSeconds: 1, withoutRound: phase(40, samples), withRound: phase(withRound, samples), p99Ratio: withRound / 40, roundsStarted: 3, playersScored,
    });
    const met = (r: RoundLoadResult) => checkGoals({ rounds: r }).find((g) => g.goal.startsWith('rounds'))!.met;
    expect(met(result(44))).toBe(true);
    expect(met(result(44.5))).toBe(false);
    expect(met(result(30, 0))).toBe(false);
    expect(met(result(30, 30, 0))).toBe(false);
  });
});
