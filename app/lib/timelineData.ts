/**
 * The training timelines as the browser uses them: the list of snapshots with their losses, and
 * every snapshot's embedding of the same test digits, loaded once per model and page (about 60 KB
 * a snapshot) so the scatter can morph between any two of them without waiting.
 */
import type { ModelKind } from '../../shared/constants';
import { snapshotAt, type TimelineState } from '../../shared/protocol';
import { describeHttpFailure } from './userMessages';
import type { Bounds } from './viewTransform';

/** One snapshot as `GET /api/models/:model/timeline` lists it. */
export interface TimelineSnapshotInfo {
  step: number;
  epoch: number;
  imagesSeen: number;
  trainLoss: number;
  testLoss: number;
  /** URL of its embedding. */
  embedding: string;
}

export interface LoadedTimeline {
  model: ModelKind;
  snapshots: TimelineSnapshotInfo[];
  /** Per snapshot, the codes of the same digits (x, y pairs), in the same order. */
  codes: Float32Array[];
  labels: Uint8Array;
  count: number;
  /** The rectangle every snapshot's digits fit in. */
  extent: Bounds;
}

export type TimelineLoad = { state: 'loading' } | { state: 'none' } | { state: 'failed'; message: string } | { state: 'ready'; timeline: LoadedTimeline };

export interface TimelineData {
  /** What is known of a model's timeline now; starts loading it on first ask. */
  get(model: ModelKind): TimelineLoad;
  /** Called whenever a load finishes. */
  subscribe(fn: () => void): () => void;
}

async function getJson<T>(url: string, fetchImpl: typeof fetch): Promise<{ ok: true; value: T } | { ok: false; status: number | null; message: string }> {
  try {
    const res = await fetchImpl(url);
    const body = await res.json().catch(() => null);
    return res.ok ? { ok: true, value: body as T } : { ok: false, status: res.status, message: describeHttpFailure(res.status, body) };
  } catch {
    return { ok: false, status: null, message: describeHttpFailure(null) };
  }
}

function extentOf(codes: Float32Array[]): Bounds {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const z of codes) {
    for (let i = 0; i < z.length; i += 2) {
      x0 = Math.min(x0, z[i]);
      x1 = Math.max(x1, z[i]);
      y0 = Math.min(y0, z[i + 1]);
      y1 = Math.max(y1, z[i + 1]);
    }
  }
  return [x0, y0, x1, y1];
}

async function load(model: ModelKind, fetchImpl: typeof fetch): Promise<TimelineLoad> {
  const list = await getJson<{ snapshots: TimelineSnapshotInfo[] }>(`/api/models/${model}/timeline`, fetchImpl);
  if (!list.ok) return list.status === 404 ? { state: 'none' } : { state: 'failed', message: list.message };
  const snapshots = list.value.snapshots;
  const embeddings = await Promise.all(snapshots.map((s) => getJson<{ count: number; z: number[]; labels: number[] }>(s.embedding, fetchImpl)));
  const bad = embeddings.find((e) => !e.ok);
  if (bad && !bad.ok) return { state: 'failed', message: bad.message };
  const values = embeddings.map((e) => (e as { value: { count: number; z: number[]; labels: number[] } }).value);
  const codes = values.map((e) => Float32Array.from(e.z));
  return {
    state: 'ready',
    timeline: { model, snapshots, codes, labels: Uint8Array.from(values[0].labels), count: values[0].count, extent: extentOf(codes) },
  };
}

export function createTimelineData(fetchImpl: typeof fetch = (...a) => fetch(...a)): TimelineData {
  const loads = new Map<ModelKind, TimelineLoad>();
  const listeners = new Set<() => void>();
  return {
    get(model) {
      let l = loads.get(model);
      if (!l) {
        loads.set(model, (l = { state: 'loading' }));
        void load(model, fetchImpl).then((done) => {
          loads.set(model, done);
          listeners.forEach((fn) => fn());
        });
      }
      return l;
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}

/** The codes at a fractional snapshot index: each digit moved linearly from one snapshot's code to the next's. */
export function morphCodes<T extends Float32Array>(t: LoadedTimeline, position: number, out: T): T {
  const last = t.codes.length - 1;
  const p = Math.max(0, Math.min(last, position));
  const i = Math.min(last, Math.floor(p));
  const j = Math.min(last, i + 1);
  const f = p - i;
  const a = t.codes[i];
  const b = t.codes[j];
  for (let k = 0; k < out.length; k++) out[k] = a[k] + (b[k] - a[k]) * f;
  return out;
}

/** The room's position now: while playing it moves on at `speed` from where the last message put it. */
export function roomPosition(state: TimelineState, receivedAt: number, now: number): number {
  if (!state.playing) return state.position;
  return Math.min(state.count - 1, state.position + ((now - receivedAt) / 1000) * state.speed);
}

/** Which position a client shows: its own (a student scrubbing when the host allows it) or the room's. */
export function shownPosition(state: TimelineState, receivedAt: number, now: number, own: number | null, isHost: boolean): number {
  if (own !== null && state.studentsScrub && !isHost) return Math.min(state.count - 1, own);
  return roomPosition(state, receivedAt, now);
}

export { snapshotAt };
