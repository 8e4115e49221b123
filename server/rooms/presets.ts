/**
 * The article's two walks, offered in every room as paths with fixed ids: a straight line through
 * the plane and a circle around its origin, with recorded timing so replays and GIFs play them at
 * a steady pace.
 */
import { circlePath, linePath } from '../../shared/latentPaths.js';
import { PRESET_IDS, type PathDetail, type PathSummary } from '../../shared/protocol.js';

const EPOCH = new Date(0).toISOString();

function preset(id: string, name: string, z: Float32Array, stepMs: number): PathDetail {
  const n = z.length / 2;
  const t = Array.from({ length: n }, (_, i) => i * stepMs);
  return {
    id, room: '', name, author: 'the article', authorId: null, createdAt: EPOCH,
    durationMs: t[n - 1], sampleCount: n, preset: true, t, z: Array.from(z),
  };
}

const PRESETS: readonly PathDetail[] = [
  preset(PRESET_IDS.line, 'Line walk (article)', linePath([0.4, -2.3], [0.4, 2.7], 50), 100),
  preset(PRESET_IDS.circle, 'Circle walk (article)', circlePath(2, 360), 50),
];

/** The preset with this id as seen in `room`, or undefined. */
export function presetPath(room: string, id: string): PathDetail | undefined {
  const p = PRESETS.find((x) => x.id === id);
  return p && { ...p, room };
}

/** Summaries of the presets as seen in `room`. */
export function presetSummaries(room: string): PathSummary[] {
  return PRESETS.map(({ t: _t, z: _z, ...summary }) => ({ ...summary, room }));
}
