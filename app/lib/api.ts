/**
 * The server's HTTP API as the browser uses it. Every call resolves to a result or a sentence to
 * show; nothing here throws at the UI.
 */
import type { ModelKind } from '../../shared/constants';
import type { PathSummary } from '../../shared/protocol';
import { describeHttpFailure } from './userMessages';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number | null; message: string };

export interface ModelCard {
  model: ModelKind;
  latentBounds?: { min: [number, number]; max: [number, number] };
  [key: string]: unknown;
}

export interface Embedding {
  count: number;
  z: Float32Array;
  labels: Uint8Array;
}

async function request<T>(url: string, init?: RequestInit, fetchImpl: typeof fetch = fetch): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetchImpl(url, init);
  } catch {
    return { ok: false, status: null, message: describeHttpFailure(null) };
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) return { ok: false, status: res.status, message: describeHttpFailure(res.status, body) };
  return { ok: true, value: body as T };
}

export function createRoom(model: ModelKind, fetchImpl?: typeof fetch) {
  return request<{ room: string; hostKey: string }>(
    '/api/rooms',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model }) },
    fetchImpl,
  );
}

export async function fetchEmbedding(model: ModelKind, signal?: AbortSignal, fetchImpl?: typeof fetch): Promise<ApiResult<Embedding>> {
  const r = await request<{ count: number; z: number[]; labels: number[] }>(`/api/models/${model}/embedding`, { signal }, fetchImpl);
  if (!r.ok) return r;
  const { count, z, labels } = r.value;
  return { ok: true, value: { count, z: Float32Array.from(z), labels: Uint8Array.from(labels) } };
}

export function fetchModels(fetchImpl?: typeof fetch) {
  return request<ModelCard[] | { models: ModelCard[] }>('/api/models', undefined, fetchImpl);
}

export function fetchPaths(room: string, fetchImpl?: typeof fetch) {
  return request<PathSummary[]>(`/api/rooms/${room}/paths`, undefined, fetchImpl);
}

/** The decoded manifold over a z rectangle: the article's 30x30 grid of digits. */
export function manifoldUrl(model: ModelKind, bounds: [number, number, number, number], n = 30): string {
  const [xMin, yMin, xMax, yMax] = bounds.map((v) => Number(v.toFixed(3)));
  return `/api/models/${model}/manifold.png?n=${n}&xMin=${xMin}&xMax=${xMax}&yMin=${yMin}&yMax=${yMax}`;
}

export function pathGifUrl(room: string, pathId: string, model: ModelKind): string {
  return `/api/rooms/${room}/paths/${encodeURIComponent(pathId)}.gif?model=${model}`;
}
