/**
 * What the browser remembers: your name, the host keys of rooms you created, your session per room
 * (per tab, so two tabs are two cursors) and the rooms you visited. Every access is guarded: private
 * modes and full quotas throw, and losing a remembered value is better than a broken page.
 */
import { ROOM_ID_PATTERN } from '../../shared/protocol';
import { isModelKind, type ModelKind } from '../../shared/constants';

export interface RecentRoom {
  room: string;
  model: ModelKind | null;
  host: boolean;
  visitedAt: number;
}

export interface BrowserStorage {
  name(): string | null;
  setName(name: string): void;
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
};

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
