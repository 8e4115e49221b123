import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeFrames, FrameKind } from '../../shared/frameCodec';
import { ErrorCode, PROTOCOL_VERSION, type JoinResult } from '../../shared/protocol';
import { createBrowserStorage } from '../../app/lib/browserStorage';
import { createFrameStore } from '../../app/lib/frameStore';
import { createLocalCursor } from '../../app/lib/localCursor';
import { createRoomConnection } from '../../app/lib/roomConnection';
import { createRoomStore } from '../../app/stores/roomStore';
import { FakeSocket, settle } from './appFakeSocket';
import { participant, snapshot } from './appFixtures';

function memory(): Storage {
  const m = new Map<string, string>();
  return { length: 0, clear: () => m.clear(), key: () => null, getItem: (k) => m.get(k) ?? null, removeItem: (k) => void m.delete(k), setItem: (k, v) => void m.set(k, v) };
}

function setup(answerJoin: (p: Record<string, unknown>) => unknown = () => okJoin()) {
  const socket = new FakeSocket();
  socket.answers.join = answerJoin as never;
  socket.answers.ping = (() => ({ ok: true })) as never;
  const storage = createBrowserStorage(memory(), memory());
  const deps = { roomStore: createRoomStore(), frameStore: createFrameStore(), localCursor: createLocalCursor(), storage };
  const connection = createRoomConnection({ ...deps, room: 'calm-otter', detail: 'auto', createSocket: async () => socket, pingIntervalMs: 60_000 });
  return { socket, connection, ...deps };
}

function okJoin(session = 'session-token-0123456789'): { ok: true } & JoinResult {
  const room = snapshot({ participants: [participant(7)] });
  return { ok: true, you: room.participants[0], session, room, paths: [] };
}

afterEach(() => vi.useRealTimers());

describe('the room connection', () => {
  it('joins with the protocol version, the remembered host key and session, and the detail it wants', async () => {
    const t = setup();
    t.storage.setHostKey('calm-otter', 'host-key-0123456789');
    t.storage.setName('Ada');
    await t.connection.start();
    await settle();
    expect(t.socket.requestsOf('join')[0]).toMatchObject({ protocol: PROTOCOL_VERSION, room: 'calm-otter', name: 'Ada', hostKey: 'host-key-0123456789', detail: 'auto' });
    expect(t.roomStore.getState().status).toBe('connected');
    expect(t.roomStore.getState().you?.id).toBe(7);
    expect(t.storage.session('calm-otter')).toBe('session-token-0123456789');
    expect(t.storage.recentRooms()[0].room).toBe('calm-otter');
  });

  it('shows a banner when the connection drops and rejoins with its session, cursor restored', async () => {
    const t = setup();
    await t.connection.start();
    await settle();
    t.localCursor.set([1, 2]);
    t.socket.drop();
    expect(t.roomStore.getState().status).toBe('reconnecting');
    expect(t.roomStore.getState().problem).toMatch(/reconnecting/i);
    t.socket.connect();
    await settle();
    expect(t.socket.requestsOf('join')[1].session).toBe('session-token-0123456789');
    expect(t.roomStore.getState().status).toBe('connected');
    expect(t.socket.volatileSent.at(-1)?.payload).toMatchObject({ z: [1, 2] });
  });

  it('says in words that the room is full, and stops trying', async () => {
    const t = setup(() => ({ ok: false, error: { code: ErrorCode.roomFull, message: 'room is full (100)' } }));
    await t.connection.start();
    await settle();
    expect(t.roomStore.getState().status).toBe('failed');
    expect(t.roomStore.getState().problem).toMatch(/room is full/i);
    expect(t.socket.connected).toBe(false);
  });

  it('says the server is unreachable while it cannot connect', async () => {
    const t = setup();
    await t.connection.start();
    t.socket.fire('connect_error', new Error('xhr poll error'));
    expect(t.roomStore.getState().problem).toMatch(/cannot reach the server/i);
  });

  it('sends your cursor as volatile messages, at most 30 a second', async () => {
    vi.useFakeTimers();
    const t = setup();
    const started = t.connection.start();
    await vi.runOnlyPendingTimersAsync();
    await started;
    const times: number[] = [];
    const emit = t.socket.volatile.emit;
    t.socket.volatile.emit = (event, payload) => (times.push(Date.now()), emit(event, payload));
    for (let i = 0; i < 200; i++) {
      t.localCursor.set([i / 100, 0]);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(100);
    const sent = t.socket.volatileSent.filter((m) => m.event === 'cursor');
    const gaps = times.slice(1).map((time, i) => time - times[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(33);
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.at(-1)?.payload).toMatchObject({ z: [1.99, 0] });
    t.connection.stop();
  });

  it('puts binary frames into the frame store and skips malformed ones', async () => {
    const t = setup();
    await t.connection.start();
    await settle();
    const bytes = encodeFrames({ tick: 5, entries: [{ id: 3, kind: FrameKind.full, ghost: false, seq: 1, z: [0.5, 0.25], pixels: new Uint8Array(784).fill(1) }] });
    t.socket.fire('frames', bytes.buffer);
    t.socket.fire('frames', new Uint8Array([1, 2, 3]).buffer);
    expect(t.frameStore.cursors.get(3)?.z).toEqual([0.5, 0.25]);
  });

  it('applies room snapshots and saved paths pushed by the server', async () => {
    const t = setup();
    await t.connection.start();
    await settle();
    t.socket.fire('room', snapshot({ participants: [participant(7), participant(8)], frozen: true }));
    t.socket.fire('paths', { paths: [{ id: 'preset-line', room: 'calm-otter', name: 'line', author: 'article', authorId: null, createdAt: '', durationMs: 2500, sampleCount: 50, preset: true }] });
    expect(t.roomStore.getState().room?.participants).toHaveLength(2);
    expect(t.roomStore.getState().paths[0].id).toBe('preset-line');
  });

  it('turns a refused request into a message for the user', async () => {
    const t = setup();
    t.socket.answers.host = (() => ({ ok: false, error: { code: ErrorCode.notHost, message: 'not host' } })) as never;
    await t.connection.start();
    await settle();
    expect(await t.connection.host({ action: 'freeze', frozen: true })).toBe(false);
    expect(t.roomStore.getState().messages.at(-1)?.text).toMatch(/only the host/i);
  });

  it('never connects when stopped before its socket was ready (StrictMode)', async () => {
    const t = setup();
    const starting = t.connection.start();
    t.connection.stop();
    await starting;
    expect(t.socket.connects).toBe(0);
  });

  it('runs the recording timer from the server accepting a recording until the path is saved', async () => {
    const t = setup();
    t.socket.answers['record:start'] = (() => ({ ok: true })) as never;
    t.socket.answers['record:stop'] = (() => ({ ok: true, path: { id: 'p1', name: 'wiggle', sampleCount: 40 } })) as never;
    await t.connection.start();
    await settle();
    expect(await t.connection.recordStart()).toBe(true);
    expect(t.roomStore.getState().recordingSince).not.toBeNull();
    expect(await t.connection.recordStop()).toBe(true);
    expect(t.roomStore.getState().recordingSince).toBeNull();
    expect(t.roomStore.getState().messages.at(-1)?.text).toContain('wiggle');
  });
});
