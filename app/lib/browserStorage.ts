/**
 * What the browser remembers: your name (or that you skipped giving one), your background choice,
 * the host keys of rooms you host, and per tab (so two tabs are two cursors) your session, cursor
 * and view in each room, so a reload keeps all of it; and the rooms you visited. Every access is
 * guarded: private modes and full quotas throw, and losing a remembered value is better than a
 * broken page.
 */
import { ROOM_ID_PATTERN } from '../../shared/protocol';
import { isModelKind, type ModelKind } from '../../shared/constants';
import type { LatentPoint } from '../../shared/latent';
import type { Bounds } from './viewTransform';

export interface RecentRoom {
  room: string;
  model: ModelKind | null;
  host: boolean;
  visitedAt: number;
}

/** Where you were on the plane in a room: your cursor and the z rectangle you were looking at. */
export interface PlaneMemory {
  z: LatentPoint | null;
  region: Bounds | null;
}

export interface BrowserStorage {
  name(): string | null;
  setName(name: string): void;
  /** True once you chose not to give a name (the prompt is not shown again). */
  nameSkipped(): boolean;
  setNameSkipped(): void;
  background(): string | null;
  setBackground(background: string): void;
  plane(room: string): PlaneMemory;
  setPlane(room: string, memory: Partial<PlaneMemory>): void;
  hostKey(room: string): string | null;
  setHostKey(room: string, key: string): void;
  session(room: string): string | null;
  setSession(room: string, token: string): void;
  recentRooms(): RecentRoom[];
  rememberRoom(entry: Omit<RecentRoom, 'visitedAt'>, now?: number): void;
  forgetRoom(room: string): void;
}

const RECENT_MAX = 8;
const KEY = {
  name: 'lp:name',
  recent: 'lp:recent',
  host: (room: string) => `lp:host:${room}`,
  session: (room: string) => `lp:session:${room}`,
  skipped: 'lp:name-skipped',
  background: 'lp:background',
  plane: (room: string) => `lp:plane:${room}`,
};

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const tuple = <N extends number>(v: unknown, n: N) => (Array.isArray(v) && v.length === n && v.every(finite) ? v : null);

/** Reads a remembered plane state, dropping whatever does not look right. */
function parsePlane(raw: string | null): PlaneMemory {
  const o: unknown = safe(() => JSON.parse(raw ?? '{}'), {});
  const rec = (o && typeof o === 'object' ? o : {}) as Record<string, unknown>;
  const region = tuple(rec.region, 4) as Bounds | null;
  return { z: tuple(rec.z, 2) as LatentPoint | null, region: region && region[2] > region[0] && region[3] > region[1] ? region : null };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

function parseRecent(raw: string | null): RecentRoom[] {
  const list: unknown = safe(() => JSON.parse(raw ?? '[]'), []);
  if (!Array.isArray(list)) return [];
  return list
    .filter((r): r is RecentRoom => typeof r?.room === 'string' && ROOM_ID_PATTERN.test(r.room))
    .map((r) => ({ room: r.room, model: isModelKind(r.model) ? r.model : null, host: r.host === true, visitedAt: Number(r.visitedAt) || 0 }));
}

export function createBrowserStorage(local?: Storage | null, session?: Storage | null): BrowserStorage {
  const ls = local !== undefined ? local : safe(() => window.localStorage, null);
  const ss = session !== undefined ? session : safe(() => window.sessionStorage, null);
  const get = (s: Storage | null, k: string) => safe(() => s?.getItem(k) ?? null, null);
  const set = (s: Storage | null, k: string, v: string) => safe(() => s?.setItem(k, v), undefined);

  const store: BrowserStorage = {
    name: () => get(ls, KEY.name),
    setName: (name) => set(ls, KEY.name, name),
    nameSkipped: () => get(ls, KEY.skipped) === '1',
    setNameSkipped: () => set(ls, KEY.skipped, '1'),
    background: () => get(ls, KEY.background),
    setBackground: (b) => set(ls, KEY.background, b),
    plane: (room) => parsePlane(get(ss, KEY.plane(room))),
    setPlane: (room, memory) => set(ss, KEY.plane(room), JSON.stringify({ ...parsePlane(get(ss, KEY.plane(room))), ...memory })),
    hostKey: (room) => get(ls, KEY.host(room)),
    setHostKey: (room, key) => set(ls, KEY.host(room), key),
    session: (room) => get(ss, KEY.session(room)),
    setSession: (room, token) => set(ss, KEY.session(room), token),
    recentRooms: () => parseRecent(get(ls, KEY.recent)).sort((a, b) => b.visitedAt - a.visitedAt),
    rememberRoom(entry, now = Date.now()) {
      const others = store.recentRooms().filter((r) => r.room !== entry.room);
      const previous = store.recentRooms().find((r) => r.room === entry.room);
      const merged: RecentRoom = { ...entry, host: entry.host || previous?.host === true, visitedAt: now };
      set(ls, KEY.recent, JSON.stringify([merged, ...others].slice(0, RECENT_MAX)));
    },
    forgetRoom(room) {
      set(ls, KEY.recent, JSON.stringify(store.recentRooms().filter((r) => r.room !== room)));
    },
  };
  return store;
}
