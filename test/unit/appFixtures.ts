/** Room snapshots and participants for the web app's tests. */
import type { ParticipantInfo, RoomSnapshot } from '../../shared/protocol';

export function participant(id: number, extra: Partial<ParticipantInfo> = {}): ParticipantInfo {
  return { id, name: `P${id}`, color: '#336699', connected: true, host: false, recording: false, viewer: false, ...extra };
}

export function snapshot(extra: Partial<RoomSnapshot> = {}): RoomSnapshot {
  return {
    id: 'calm-otter',
    model: 'ae',
    tickRate: 20,
    loopRate: 20,
    frozen: false,
    spotlight: null,
    follow: false,
    lock: null,
    paused: false,
    namesHidden: false,
    studentReplays: true,
    participants: [participant(1)],
    replays: [],
    bounds: [-4, -4, 4, 4],
    ...extra,
  };
}

/** A Storage kept in memory, like localStorage or sessionStorage. */
export function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}
