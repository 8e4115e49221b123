/**
 * The server's HTTP API as the browser uses it. Every call resolves to a result or a sentence to
 * show; nothing here throws at the UI.
 */
import { z } from 'zod';
import { MODEL_KINDS, type ModelKind } from '../../shared/constants';
import { manifoldSearch, MANIFOLD_QUERY, type LatentBounds } from '../../shared/latent';
import type { CreateRoomResponse } from '../../shared/protocol';
import { serverInfoSchema, type ServerInfo } from '../../shared/serverInfo';
import { describeHttpFailure } from './userMessages';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number | null; message: string };

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
  return request<CreateRoomResponse>(
    '/api/rooms',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model }) },
    fetchImpl,
  );
}

const roomInfoSchema = z.object({ room: z.object({ id: z.string(), model: z.enum(MODEL_KINDS), participants: z.number() }) });
export type RoomInfo = z.infer<typeof roomInfoSchema>['room'];

/** Whether a room exists (404 when it was never created), and its model. */
export async function fetchRoomInfo(room: string, fetchImpl?: typeof fetch): Promise<ApiResult<RoomInfo>> {
  const r = await request<unknown>(`/api/rooms/${encodeURIComponent(room)}`, { cache: 'no-store' }, fetchImpl);
  if (!r.ok) return r;
  const parsed = roomInfoSchema.safeParse(r.value);
  return parsed.success ? { ok: true, value: parsed.data.room } : { ok: false, status: 200, message: 'The server answered something unexpected.' };
}

/** The addresses to give a class (PUBLIC_URL, the server's LAN addresses). */
export async function fetchServerInfo(fetchImpl?: typeof fetch): Promise<ApiResult<ServerInfo>> {
  const r = await request<unknown>('/api/server-info', { cache: 'no-store' }, fetchImpl);
  if (!r.ok) return r;
  const parsed = serverInfoSchema.safeParse(r.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, status: 200, message: 'The server answered something unexpected.' };
}

export async function fetchEmbedding(model: ModelKind, signal?: AbortSignal, fetchImpl?: typeof fetch): Promise<ApiResult<Embedding>> {
  const r = await request<{ count: number; z: number[]; labels: number[] }>(`/api/models/${model}/embedding`, { signal }, fetchImpl);
  if (!r.ok) return r;
  const { count, z, labels } = r.value;
  return { ok: true, value: { count, z: Float32Array.from(z), labels: Uint8Array.from(labels) } };
}

/** The decoded manifold without axes: an n x n grid of digits centred on linspace(min, max, n). */
export function manifoldUrl(model: ModelKind, bounds: LatentBounds, n: number = MANIFOLD_QUERY.n): string {
  return `/api/models/${model}/manifold.png?${manifoldSearch(bounds, n)}`;
}

/**
 * The z rectangle the manifold image covers: digits sit on grid points from min to max, so the
 * picture reaches half a cell beyond them on every side.
 */
export function manifoldImageBounds(bounds: LatentBounds, n: number = MANIFOLD_QUERY.n): LatentBounds {
  const [xMin, yMin, xMax, yMax] = bounds;
  const hx = n > 1 ? (xMax - xMin) / (n - 1) / 2 : 0;
  const hy = n > 1 ? (yMax - yMin) / (n - 1) / 2 : 0;
  return [xMin - hx, yMin - hy, xMax + hx, yMax + hy];
}

export function pathGifUrl(room: string, pathId: string, model: ModelKind): string {
  return `/api/rooms/${room}/paths/${encodeURIComponent(pathId)}.gif?model=${model}`;
}
