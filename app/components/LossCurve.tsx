'use client';
/**
 * Train and test loss per timeline snapshot (x: snapshot index, which is about log(step) since
 * the snapshots are log-spaced), with a marker where the room is now.
 */
import type { TimelineSnapshotInfo } from '../lib/timelineData';

const W = 320;
const H = 120;
const PAD = { l: 34, r: 6, t: 8, b: 18 };

export function LossCurve({ snapshots, position, className }: { snapshots: TimelineSnapshotInfo[]; position: number; className?: string }) {
  const n = snapshots.length;
  const losses = snapshots.flatMap((s) => [s.trainLoss, s.testLoss]);
  const lo = Math.min(...losses);
  const hi = Math.max(...losses);
  const x = (i: number) => PAD.l + (n > 1 ? (i / (n - 1)) * (W - PAD.l - PAD.r) : 0);
  const y = (v: number) => PAD.t + (hi > lo ? (1 - (v - lo) / (hi - lo)) : 0.5) * (H - PAD.t - PAD.b);
  const line = (key: 'trainLoss' | 'testLoss') => snapshots.map((s, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(s[key]).toFixed(1)}`).join('');
  const at = snapshots[Math.max(0, Math.min(n - 1, Math.round(position)))];
  return (
    <svg className={`loss-curve ${className ?? ''}`} viewBox={`0 0 ${W} ${H}`} role="img"
      aria-label={`Loss per snapshot: now ${at?.testLoss.toFixed(1)} nats on the test digits`} data-testid="loss-curve">
      <text x={2} y={PAD.t + 8} className="loss-axis">{Math.round(hi)}</text>
      <text x={2} y={H - PAD.b} className="loss-axis">{Math.round(lo)}</text>
      <text x={PAD.l} y={H - 4} className="loss-axis">untrained</text>
      <text x={W - PAD.r} y={H - 4} className="loss-axis" textAnchor="end">trained</text>
      <path d={line('trainLoss')} className="loss-train" />
      <path d={line('testLoss')} className="loss-test" />
      <line x1={x(position)} x2={x(position)} y1={PAD.t} y2={H - PAD.b} className="loss-now" />
      {at && <circle cx={x(position)} cy={y(at.testLoss)} r={3.5} className="loss-dot" />}
    </svg>
  );
}
