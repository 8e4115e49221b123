/**
 * The goals, checked against a run's figures. A benchmark reports them; it never fails on
 * them (CI runs `--quick` for the plumbing, not for numbers).
 */
import type { DecodeResult } from './decodeSpeed.js';
import type { ScenarioResult } from './scenarios.js';
import type { SlowReadersResult } from './slowReaders.js';
import type { TrainingSpeedResult } from './trainingSpeed.js';

export interface GoalCheck {
  goal: string;
  value: string;
  met: boolean;
}

const fmt = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? 'n/a' : `${Math.round(v * 10) / 10} ${unit}`);

function decodeGoals(d: DecodeResult): GoalCheck[] {
  const row = (b: number) => d.rows.find((r) => r.engine === 'onnxruntime worker' && r.batch === b);
  const b64 = row(64)?.imagesPerSecond;
  const b1 = row(1)?.msPerCall;
  return [
    { goal: `decode: worker >= ${d.goals.imagesPerSecondAtBatch64} images/s at batch 64`, value: fmt(b64, 'images/s'), met: (b64 ?? 0) >= d.goals.imagesPerSecondAtBatch64 },
    { goal: `decode: worker <= ${d.goals.msForOneImage} ms for one image`, value: fmt(b1, 'ms'), met: b1 !== undefined && b1 <= d.goals.msForOneImage },
  ];
}

function trainingGoals(t: TrainingSpeedResult): GoalCheck[] {
  const shipped = Object.entries(t.shipped).filter(([, s]) => s).map(([k, s]) => `${k} ${s!.imagesPerSecond}`).join(', ');
  return [
    { goal: `training: >= ${t.goals.fewHundredImages} images/s over ${t.images} images (wasm)`, value: fmt(t.imagesPerSecond, 'images/s'), met: t.imagesPerSecond >= t.goals.fewHundredImages },
    { goal: `training: >= ${t.goals.fullTraining} images/s, the full-size goal (this run's rate)`, value: fmt(t.imagesPerSecond, 'images/s'), met: t.imagesPerSecond >= t.goals.fullTraining },
    ...(shipped ? [{
      goal: `training: >= ${t.goals.fullTraining} images/s in the shipped models' full runs (cards)`, value: `${shipped} images/s`,
      met: Object.values(t.shipped).every((s) => !s || s.imagesPerSecond >= t.goals.fullTraining),
    }] : []),
  ];
}

function roomGoals(r: ScenarioResult): GoalCheck[] {
  const s = r.server;
  if (!s) return [];
  const name = r.scenario.id;
  const out: GoalCheck[] = [
    { goal: `${name}: latency p99 <= ${r.scenario.goalP99Ms} ms`, value: fmt(s.latency.p99Ms, 'ms'), met: s.latency.p99Ms <= r.scenario.goalP99Ms && s.latency.samples > 0 },
    {
      goal: `${name}: no growing backlog (last third's p95 within 25 % + 5 ms of the first's)`,
      value: `${s.thirds.first.p95Ms} -> ${s.thirds.last.p95Ms} ms`, met: !s.thirds.growing,
    },
    { goal: `${name}: server peak RSS <= 500 MB`, value: fmt(s.server.peakRssMb, 'MB'), met: s.server.peakRssMb !== null && s.server.peakRssMb <= 500 },
  ];
  if (name === 'class') out.push({ goal: 'class: <= 150 KB/s downstream per client', value: fmt(s.clients.maxKbPerSecond, 'KB/s (max client)'), met: s.clients.maxKbPerSecond <= 150 });
  return out;
}

/** Issue 9: one room's chatter and slow readers must not starve another room or grow memory. */
export const SLOW_READER_GOALS = { otherRoomShare: 0.9, rssGrowthMb: 10 } as const;

function slowReaderGoals(r: SlowReadersResult): GoalCheck[] {
  const phase = (name: string) => r.phases.find((p) => p.phase === name);
  const quiet = phase('quiet')?.otherRoomOwnFps ?? 0;
  const floor = quiet * SLOW_READER_GOALS.otherRoomShare;
  const growth = phase('paused')?.serverRssGrowthMb;
  return [
    ...(['chatter', 'paused'] as const).map((name) => ({
      goal: `slow readers: the other room keeps >= ${SLOW_READER_GOALS.otherRoomShare * 100} % of its quiet frame rate (${fmt(quiet, '/s')}) during ${name}`,
      value: fmt(phase(name)?.otherRoomOwnFps, '/s'), met: (phase(name)?.otherRoomOwnFps ?? 0) >= floor,
    })),
    {
      goal: `slow readers: server RSS grows <= ${SLOW_READER_GOALS.rssGrowthMb} MB while ${r.paused} sockets stop reading`,
      value: fmt(growth, 'MB'), met: growth !== null && growth !== undefined && growth <= SLOW_READER_GOALS.rssGrowthMb,
    },
  ];
}

export function checkGoals(p: { decode?: DecodeResult; training?: TrainingSpeedResult; scenarios?: ScenarioResult[]; slow?: SlowReadersResult }): GoalCheck[] {
  return [
    ...(p.decode ? decodeGoals(p.decode) : []),
    ...(p.training ? trainingGoals(p.training) : []),
    ...(p.scenarios ?? []).flatMap(roomGoals),
    ...(p.slow ? slowReaderGoals(p.slow) : []),
  ];
}
