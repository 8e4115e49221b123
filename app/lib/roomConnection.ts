/**
 * THE socket client: one connection per open room page. Joins (and re-joins after every
 * reconnect, with the session token so you keep your cursor), feeds binary frames into the frame
 * store and snapshots into the room store, sends your cursor at most 30 times a second, and turns
 * every failed request into a sentence in the room store. Components send any event with
 * `request(event, payload)`, typed by shared/protocol.ts; only requests where the client adds
 * behaviour (remembering your name, the recording timer) have a wrapper.
 */
import { decodeFrames } from '../../shared/frameCodec';
import type { Detail } from '../../shared/latent';
import { fitName } from '../../shared/names';
import {
  ClientEvent,
  NAME_MAX,
  PROTOCOL_VERSION,
  ServerEvent,
  type HeatmapUpdate,
  type RoundState,
  type DrawingsUpdate,
  type AckResults,
  type ClientEventName,
  type ClientRequest,
  type PathsUpdate,
  type ProtocolError,
  type RoomSnapshot,
  type ServerNotice,
  type TimelineState,
  type GatherUpdate,
  type ViewUpdate,
} from '../../shared/protocol';
import type { RoomStore } from '../stores/roomStore';
import type { BrowserStorage } from './browserStorage';
import type { FrameStore } from './frameStore';
import type { LocalCursor } from './localCursor';
import { createThrottle } from './throttle';
import { describeError, FATAL_JOIN_CODES, UNREACHABLE } from './userMessages';

/** The part of a socket.io client socket this module uses (tests pass one connected to a test server). */
export interface SocketLike {
  readonly connected: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  volatile: { emit(event: string, ...args: unknown[]): unknown };
  timeout(ms: number): { emitWithAck<E extends ClientEventName>(event: E, payload: ClientRequest<E>): Promise<unknown> };
  connect(): unknown;
  disconnect(): unknown;
  removeAllListeners(): unknown;
}

export interface RoomConnectionOptions {
  room: string;
  detail: Detail;
  /** A screen that only watches (the projector): it never steers and is not in the class's lists. */
  viewer?: boolean;
  /** Join under this name instead of the remembered one. */
  name?: string;
  roomStore: RoomStore;
  frameStore: FrameStore;
  localCursor: LocalCursor;
  storage: BrowserStorage;
  createSocket?: () => Promise<SocketLike>;
  pingIntervalMs?: number;
  /** How often your cursor may be sent, per second. */
  maxCursorRate?: number;
}

/** Events a page sends as requests (joining and the volatile cursor are the connection's own). */
export type RequestEvent = Exclude<ClientEventName, 'join' | 'cursor'>;

/** Why a request failed: the server's error, or no answer at all. */
export type RequestError = ProtocolError | { code: 'timeout' | 'offline'; message: string };

/** The answer to a request: the event's ack result, or why it failed. */
export type Answer<E extends ClientEventName> = ({ ok: true } & AckResults[E]) | { ok: false; error: RequestError };

/** What components may ask of the connection. */
export interface RoomRequests {
  /** Sends `event` and waits for its ack; a failure is also said to the user in the room store. */
  request<E extends RequestEvent>(event: E, payload: ClientRequest<E>): Promise<Answer<E>>;
  /** Renames you and remembers the name for the next room. */
  rename(name: string): Promise<boolean>;
  /** Starts recording and the recording timer. */
  recordStart(): Promise<boolean>;
  /** Saves the recording, stops the timer and says where the path is. */
  recordStop(name?: string): Promise<boolean>;
}

export interface RoomConnection extends RoomRequests {
  start(): Promise<void>;
  stop(): void;
}

const REQUEST_TIMEOUT_MS = 6000;
const REJOIN_DELAY_MS = 2000;

async function defaultSocket(): Promise<SocketLike> {
  // Imported here, not at the top, so no socket code is even loaded during server rendering.
  const { io } = await import('socket.io-client');
  return io({ autoConnect: false, reconnectionDelayMax: 4000 });
}

export function createRoomConnection(opts: RoomConnectionOptions): RoomConnection {
  const { room, roomStore, frameStore, localCursor, storage } = opts;
  const store = () => roomStore.getState();
  let socket: SocketLike | null = null;
  let started = false;
  let stopped = false;
  let joined = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const cleanups: (() => void)[] = [];

  const sendCursor = createThrottle<{ z: [number, number]; seq: number }>((payload) => {
    if (joined && socket?.connected) socket.volatile.emit(ClientEvent.cursor, payload);
  }, 1000 / (opts.maxCursorRate ?? 30));

  async function send<E extends ClientEventName>(event: E, payload: ClientRequest<E>, timeout = REQUEST_TIMEOUT_MS): Promise<Answer<E>> {
    if (!socket?.connected) return { ok: false, error: { code: 'offline', message: 'not connected' } };
    try {
      // The server answers every event with its protocol ack (shared/protocol.ts AckResults).
      return (await socket.timeout(timeout).emitWithAck(event, payload)) as Answer<E>;
    } catch {
      return { ok: false, error: { code: 'timeout', message: 'timed out' } };
    }
  }

  /** Sends a request; a failure becomes a message for the user. */
  async function request<E extends RequestEvent>(event: E, payload: ClientRequest<E>): Promise<Answer<E>> {
    const ack = await send(event, payload);
    if (!ack.ok) store().say('error', describeError(ack.error));
    return ack;
  }

  function later(fn: () => void, ms: number) {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  }

  function applySnapshot(snapshot: RoomSnapshot) {
    store().setSnapshot(snapshot);
    frameStore.retain([...snapshot.participants.map((p) => p.id), ...snapshot.replays.map((r) => r.id)]);
    localCursor.setBounds(snapshot.bounds);
  }

  async function join() {
    const name = fitName(opts.name ?? storage.name(), NAME_MAX);
    const ack = await send(ClientEvent.join, {
      protocol: PROTOCOL_VERSION,
      room,
      name,
      session: storage.session(room) ?? undefined,
      hostKey: storage.hostKey(room) ?? undefined,
      detail: opts.detail,
      viewer: opts.viewer ?? false,
    });
    if (stopped) return;
    if (!ack.ok) return joinFailed(ack.error);
    joined = true;
    storage.setSession(room, ack.session);
    if (ack.hostKey) storage.setHostKey(room, ack.hostKey);
    storage.rememberRoom({ room, model: ack.room.model, host: ack.you.host });
    store().joined(ack);
    applySnapshot(ack.room);
    // After a reconnect the server may have dropped the cursor: put it back where it was.
    if (localCursor.z) sendCursor.push({ z: localCursor.z, seq: localCursor.seq });
  }

  function joinFailed(error: RequestError) {
    const text = describeError(error);
    if (FATAL_JOIN_CODES.includes(error.code)) {
      store().setStatus('failed', text);
      socket?.disconnect();
      return;
    }
    store().setStatus('reconnecting', text);
    later(() => void (socket?.connected ? join() : socket?.connect()), REJOIN_DELAY_MS);
  }

  function wire(s: SocketLike) {
    s.on('connect', () => {
      store().setStatus(store().room ? 'reconnecting' : 'connecting');
      void join();
    });
    s.on('disconnect', (reason: string) => {
      joined = false;
      if (stopped || store().status === 'failed') return;
      store().setStatus('reconnecting', 'Connection lost. Reconnecting…');
      // socket.io does not reconnect by itself after the server closed the connection on purpose.
      if (reason === 'io server disconnect') later(() => s.connect(), REJOIN_DELAY_MS);
    });
    s.on('connect_error', () => {
      if (store().status !== 'failed') store().setStatus('reconnecting', UNREACHABLE);
    });
    s.on(ServerEvent.room, (snapshot: RoomSnapshot) => applySnapshot(snapshot));
    s.on(ServerEvent.paths, (payload: PathsUpdate) => store().setPaths(payload?.paths ?? []));
    s.on(ServerEvent.notice, (n: ServerNotice) => store().say(n.level, n.message));
    s.on(ServerEvent.round, (r: RoundState) => store().setRound(r));
    s.on(ServerEvent.heatmap, (h: HeatmapUpdate) => store().setHeatmap(h));
    s.on(ServerEvent.drawings, (u: DrawingsUpdate) => store().applyDrawings(u));
    s.on(ServerEvent.timeline, (t: TimelineState) => store().setTimeline(t));
    s.on(ServerEvent.view, (u: ViewUpdate) => store().setHostView(u?.region ?? null));
    // The host brought everyone here: steer on from there (a watching screen has no cursor).
    s.on(ServerEvent.gather, (u: GatherUpdate) => {
      if (!opts.viewer && Array.isArray(u?.z)) localCursor.set(u.z);
    });
    s.on(ServerEvent.frames, (data: ArrayBuffer | Uint8Array) => {
      try {
        frameStore.apply(decodeFrames(data));
      } catch {
        // A malformed message is dropped; the next tick brings fresh frames.
      }
    });
  }

  function startPing() {
    const interval = setInterval(async () => {
      if (!joined) return;
      const t = performance.now();
      const ack = await send(ClientEvent.ping, { t }, 5000);
      if (ack.ok && !stopped) store().setRtt(Math.round(performance.now() - t));
    }, opts.pingIntervalMs ?? 2000);
    cleanups.push(() => clearInterval(interval));
  }

  return {
    async start() {
      if (started) return;
      started = true;
      store().setStatus('connecting');
      const s = await (opts.createSocket ?? defaultSocket)();
      if (stopped) return void s.disconnect();
      socket = s;
      wire(s);
      cleanups.push(localCursor.subscribe((z, seq) => sendCursor.push({ z, seq })));
      startPing();
      s.connect();
    },
    stop() {
      stopped = true;
      joined = false;
      sendCursor.cancel();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      cleanups.splice(0).forEach((c) => c());
      socket?.removeAllListeners();
      socket?.disconnect();
    },
    request,
    async rename(name) {
      storage.setName(name);
      return (await request(ClientEvent.rename, { name })).ok;
    },
    async recordStart() {
      const ack = await request(ClientEvent.recordStart, {});
      if (ack.ok) store().setRecording(Date.now());
      return ack.ok;
    },
    async recordStop(name) {
      const ack = await request(ClientEvent.recordStop, name ? { name } : {});
      if (!ack.ok) return false;
      store().setRecording(null);
      store().say('info', `Saved “${ack.path.name}” (${ack.path.sampleCount} points). Replay it or download it under Paths.`);
      return true;
    },
  };
}
