/**
 * The browser's room connection (app/lib/roomConnection.ts) against a real server on port 0 with
 * real models and its own SQLite file, over a real socket.io client. What the client put on the
 * wire is read with socket.io's own `onAnyOutgoing`, so nothing stands between it and the server.
 */
import net, { type AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBrowserStorage } from '../../app/lib/browserStorage';
import { createFrameStore } from '../../app/lib/frameStore';
import { createLocalCursor } from '../../app/lib/localCursor';
import { createRoomConnection } from '../../app/lib/roomConnection';
import { createRoomStore, type RoomState } from '../../app/stores/roomStore';
import { IMAGE_PIXELS } from '../../shared/constants';
import { encodeFrames, FrameKind } from '../../shared/frameCodec';
import { PROTOCOL_VERSION, ServerEvent, type RoomSnapshot } from '../../shared/protocol';
import type { PlaygroundServer } from '../../server/createServer';
import { joinRoom, sleep, startServer, waitFor } from './helpers';

let server: PlaygroundServer;
beforeAll(async () => {
  server = await startServer({ limits: { participantsPerRoom: 2 } });
});
afterAll(async () => {
  await server.close();
});

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function memory(): Storage {
  const m = new Map<string, string>();
  return { length: 0, clear: () => m.clear(), key: () => null, getItem: (k) => m.get(k) ?? null, removeItem: (k) => void m.delete(k), setItem: (k, v) => void m.set(k, v) };
}

interface Sent {
  event: string;
  payload: Record<string, unknown>;
  at: number;
}

/** A room connection wired like the room page's, with a real socket to `url`. */
function setup(room: string, url = server.url) {
  const sockets: Socket[] = [];
  const sent: Sent[] = [];
  const storage = createBrowserStorage(memory(), memory());
  const deps = { roomStore: createRoomStore(), frameStore: createFrameStore(), localCursor: createLocalCursor(), storage };
  const statuses: Pick<RoomState, 'status' | 'problem'>[] = [];
  deps.roomStore.subscribe((s) => statuses.push({ status: s.status, problem: s.problem }));
  const connection = createRoomConnection({
    ...deps, room, detail: 'auto', pingIntervalMs: 60_000,
    // The page calls io() without a URL (same origin); the test server is elsewhere. Short
    // reconnection delays only keep the test quick.
    createSocket: async () => {
      const s = io(url, { autoConnect: false, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200 });
      s.onAnyOutgoing((event: string, payload: Record<string, unknown>) => sent.push({ event, payload, at: Date.now() }));
      sockets.push(s);
      return s;
    },
  });
  cleanups.push(() => connection.stop());
  const state = () => deps.roomStore.getState();
  const sentOf = (event: string) => sent.filter((m) => m.event === event);
  const connected = () => waitFor(() => state().status === 'connected', 10_000, `${room} connected`);
  return { connection, sockets, sent, sentOf, statuses, state, connected, ...deps };
}

/** A second participant, joined with the test helper's plain socket.io client. */
async function other(room: string, extra: Record<string, unknown> = {}) {
  const c = await joinRoom(server.url, room, extra);
  cleanups.push(() => c.close());
  return c;
}

function middle(b: RoomSnapshot['bounds'], fx = 0.5, fy = 0.5): [number, number] {
  return [b[0] + fx * (b[2] - b[0]), b[1] + fy * (b[3] - b[1])];
}

const near = (a: readonly number[] | undefined, b: readonly number[]) =>
  !!a && Math.abs(a[0] - b[0]) < 1e-4 && Math.abs(a[1] - b[1]) < 1e-4;

/** The server-side socket of the client's socket (socket.io gives both the same id). */
function serverSocket(s: Socket) {
  const found = server.io.sockets.sockets.get(s.id!);
  if (!found) throw new Error('no server socket for this client');
  return found;
}

async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the room connection', () => {
  it('joins with the protocol version, the remembered host key and session, and the detail it wants', async () => {
    const created = (await (await fetch(`${server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"ae"}' })).json()) as { room: string; hostKey: string };
    const t = setup(created.room);
    t.storage.setHostKey(created.room, created.hostKey);
    t.storage.setName('Ada');
    await t.connection.start();
    await t.connected();
    expect(t.sentOf('join')[0].payload).toMatchObject({ protocol: PROTOCOL_VERSION, room: created.room, name: 'Ada', hostKey: created.hostKey, detail: 'auto' });
    expect(t.state().you).toMatchObject({ name: 'Ada', host: true });
    expect(t.state().room?.model).toBe('ae');
    const session = t.storage.session(created.room);
    expect(session).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(t.storage.recentRooms()[0]).toMatchObject({ room: created.room, model: 'ae', host: true });

    // A page opened later in the same tab joins with the remembered session and is the same person.
    const you = t.state().you!.id;
    t.connection.stop();
    const again = setup(created.room);
    again.storage.setSession(created.room, session!);
    await again.connection.start();
    await again.connected();
    expect(again.sentOf('join')[0].payload.session).toBe(session);
    expect(again.state().you).toMatchObject({ id: you, name: 'Ada' });
  });

  it('shows a banner when the connection drops and rejoins with its session, cursor restored', async () => {
    const t = setup('dropped-line');
    await t.connection.start();
    await t.connected();
    const you = t.state().you!.id;
    const session = t.storage.session('dropped-line');
    const z = middle(t.state().room!.bounds, 0.3, 0.6);
    t.localCursor.set(z);
    await waitFor(() => near(t.frameStore.cursors.get(you)?.z, z), 5000, 'own frame');

    // The network drops: the server side loses the transport without a goodbye.
    const before = t.sent.length;
    serverSocket(t.sockets[0]).conn.close();
    await waitFor(() => t.statuses.some((s) => s.status === 'reconnecting'), 5000, 'reconnecting banner');
    expect(t.statuses.find((s) => s.status === 'reconnecting')?.problem).toMatch(/reconnecting/i);

    await waitFor(() => t.sent.slice(before).some((m) => m.event === 'join') && t.state().status === 'connected', 10_000, 'rejoin');
    const rejoin = t.sent.findIndex((m, i) => i >= before && m.event === 'join');
    expect(t.sent[rejoin].payload.session).toBe(session);
    expect(t.state().you?.id).toBe(you);
    // The client puts its cursor back itself: a server past its grace would have dropped it.
    const resent = await waitFor(() => t.sent.slice(rejoin).find((m) => m.event === 'cursor'), 2000, 'cursor resent');
    expect(resent.payload.z).toEqual(z);
    expect(server.manager.get('dropped-line')!.snapshot().participants.find((p) => p.id === you)).toMatchObject({ connected: true });
  });

  it('says in words that the room is full, and stops trying', async () => {
    await other('full-house');
    await other('full-house'); // the cap is 2 on this server
    const t = setup('full-house');
    await t.connection.start();
    await waitFor(() => t.state().status === 'failed', 10_000, 'failed');
    expect(t.state().problem).toMatch(/room is full/i);
    expect(t.sockets[0].connected).toBe(false);
    await sleep(600); // several reconnection delays of this client
    expect(t.sentOf('join')).toHaveLength(1);
    expect(t.sockets[0].connected).toBe(false);
  });

  it('says the server is unreachable while it cannot connect', async () => {
    const t = setup('nobody-home', `http://127.0.0.1:${await closedPort()}`);
    await t.connection.start();
    await waitFor(() => t.state().problem, 5000, 'a problem');
    expect(t.state().status).toBe('reconnecting');
    expect(t.state().problem).toMatch(/cannot reach the server/i);
  });

  it('sends your cursor at most 30 times a second, and the server decodes the last one', async () => {
    const t = setup('quick-hands');
    await t.connection.start();
    await t.connected();
    const bounds = t.state().room!.bounds;
    let last: [number, number] = [0, 0];
    const startedAt = Date.now();
    for (let i = 0; i < 200; i++) {
      last = middle(bounds, 0.1 + 0.8 * (i / 199), 0.5);
      t.localCursor.set(last);
      await sleep(5);
    }
    await sleep(100);
    const elapsed = Date.now() - startedAt;
    const sent = t.sentOf('cursor');
    const gaps = sent.slice(1).map((m, i) => m.at - sent[i].at);
    // 1000/30 ms apart, less the rounding of whole-millisecond Date.now at both ends and a timer
    // that may fire a millisecond early; the count below bounds the rate over the whole run.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30);
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil((elapsed * 30) / 1000) + 1);
    expect(sent.at(-1)?.payload.z).toEqual(last);
    const you = t.state().you!.id;
    await waitFor(() => near(t.frameStore.cursors.get(you)?.z, last), 5000, 'frame of the last z');
  });

  it('puts binary frames into the frame store and skips malformed ones', async () => {
    const peer = await other('frame-room');
    const t = setup('frame-room');
    await t.connection.start();
    await t.connected();
    const you = t.state().you!.id;
    const bounds = t.state().room!.bounds;
    const mine = middle(bounds, 0.25, 0.25);
    const theirs = middle(bounds, 0.75, 0.75);
    t.localCursor.set(mine);
    await peer.emit('cursor', { z: theirs, seq: 1 });
    const own = await waitFor(() => (near(t.frameStore.cursors.get(you)?.z, mine) ? t.frameStore.cursors.get(you) : null), 5000, 'own frame');
    const peers = await waitFor(() => (near(t.frameStore.cursors.get(peer.joined.you.id)?.z, theirs) ? t.frameStore.cursors.get(peer.joined.you.id) : null), 5000, 'peer frame');
    // 'auto' detail: your own digit in full, the others as thumbnails.
    expect(own.pixels?.length).toBe(IMAGE_PIXELS);
    expect(peers.pixels?.length).toBe(IMAGE_PIXELS / 4);
    expect(own.pixels?.some((v) => v > 0)).toBe(true);

    // The playground server only ever sends what its codec encoded, so a malformed message cannot be
    // provoked through its API. Its own socket.io server sends the bytes instead, on the real wire:
    // a message cut short (as a broken proxy would) announcing a cursor 999.
    const whole = encodeFrames({ tick: 1, entries: [{ id: 999, kind: FrameKind.full, ghost: false, seq: 1, z: [0, 0], pixels: new Uint8Array(IMAGE_PIXELS).fill(9) }] });
    serverSocket(t.sockets[0]).emit(ServerEvent.frames, whole.subarray(0, whole.length - 10));
    serverSocket(t.sockets[0]).emit(ServerEvent.frames, new Uint8Array([1, 2, 3]));
    // Messages arrive in order: once a later real frame is in, the bad ones were handled.
    const next = middle(bounds, 0.4, 0.3);
    t.localCursor.set(next);
    await waitFor(() => near(t.frameStore.cursors.get(you)?.z, next), 5000, 'frame after the bad ones');
    expect(t.frameStore.cursors.has(999)).toBe(false);
    expect(t.state().status).toBe('connected');
  });

  it('applies room snapshots and saved paths pushed by the server', async () => {
    const host = await other('pushed-news', { name: 'Teacher' });
    const t = setup('pushed-news');
    await t.connection.start();
    await t.connected();
    expect(t.state().room?.participants).toHaveLength(2);
    expect(t.state().paths.every((p) => p.preset)).toBe(true);

    await host.emit('cursor', { z: middle(host.joined.room.bounds), seq: 1 });
    await host.emit('record:start', {});
    const saved = await host.emit('record:stop', { name: 'board walk' });
    expect(saved.ok).toBe(true);
    await waitFor(() => t.state().paths.find((p) => p.name === 'board walk'), 5000, 'pushed path list');

    expect((await host.emit('host', { action: 'freeze', frozen: true })).ok).toBe(true);
    await waitFor(() => t.state().room?.frozen, 5000, 'pushed frozen snapshot');
    host.close();
    await waitFor(() => t.state().room?.participants.find((p) => p.name === 'Teacher' && !p.connected), 5000, 'pushed leave');
  });

  it('turns a refused request into a message for the user', async () => {
    await other('not-mine');
    const t = setup('not-mine');
    await t.connection.start();
    await t.connected();
    expect((await t.connection.request('host', { action: 'freeze', frozen: true })).ok).toBe(false);
    expect(t.state().messages.at(-1)?.text).toMatch(/only the host/i);
    expect(server.manager.get('not-mine')!.snapshot().frozen).toBe(false);
  });

  it('never connects when stopped before its socket was ready (StrictMode)', async () => {
    const t = setup('strict-mode');
    const starting = t.connection.start();
    t.connection.stop();
    await starting;
    await sleep(300);
    expect(t.sockets[0].connected).toBe(false);
    expect(t.sent).toHaveLength(0);
    expect(server.manager.get('strict-mode')).toBeUndefined();
  });

  it('runs the recording timer from the server accepting a recording until the path is saved', async () => {
    const t = setup('record-desk');
    await t.connection.start();
    await t.connected();
    const you = t.state().you!.id;
    const z = middle(t.state().room!.bounds, 0.6, 0.4);
    t.localCursor.set(z);
    await waitFor(() => near(t.frameStore.cursors.get(you)?.z, z), 5000, 'own frame');
    expect(await t.connection.recordStart()).toBe(true);
    expect(t.state().recordingSince).not.toBeNull();
    const walked = middle(t.state().room!.bounds, 0.7, 0.5);
    t.localCursor.set(walked);
    await waitFor(() => near(t.frameStore.cursors.get(you)?.z, walked), 5000, 'a tick that sampled the walk');
    expect(await t.connection.recordStop('wiggle')).toBe(true);
    expect(t.state().recordingSince).toBeNull();
    expect(t.state().messages.at(-1)?.text).toContain('wiggle');
    await waitFor(() => t.state().paths.find((p) => p.name === 'wiggle' && p.sampleCount > 1), 5000, 'saved path in the list');
    // A snapshot arriving after the save keeps the timer off.
    await sleep(100);
    expect(t.state().recordingSince).toBeNull();
  });
});
