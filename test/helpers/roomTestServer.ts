/**
 * Rooms in-process, without a network (after tldraw's TestServer): a real RoomManager, rooms,
 * handlers and dispatcher over an in-memory SQLite store, fake connections that record what the
 * room sent them, a decoder you can hold and release (or the real one), and a clock you advance by
 * hand. Nothing runs by itself: `tick()` steps every live room once and waits for its frames.
 */
import { IMAGE_PIXELS, type ModelKind } from '../../shared/constants.js';
import { decodeFrames, type FrameEntry, type FrameMessage } from '../../shared/frameCodec.js';
import type { LatentBounds } from '../../shared/latent.js';
import {
  PROTOCOL_VERSION, ServerEvent, type AckOf, type ClientEventName, type JoinResult, type PathSummary, type RoomSnapshot,
  type ServerNotice,
} from '../../shared/protocol.js';
import { DEFAULT_LIMITS, type Limits } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { createMetrics } from '../../server/metrics.js';
import type { Room } from '../../server/rooms/Room.js';
import { RoomManager } from '../../server/rooms/RoomManager.js';
import type { Clock, Connection, FrameDecoder } from '../../server/rooms/types.js';
import { createDispatcher, type Dispatcher } from '../../server/socket/createDispatcher.js';
import { leave } from '../../server/socket/handlers.js';
import { createSqliteStore } from '../../server/store/createSqliteStore.js';

/** A clock that only moves when told to. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function createTestClock(start = 10_000): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** Pixel value a fake frame is filled with, so a test can tell which model drew it. */
export const FAKE_INK: Record<ModelKind, number> = { ae: 100, vae: 200 };

/** A decoder that answers at once (or when released), with frames filled by model. */
export interface FakeDecoder extends FrameDecoder {
  /** Every call: the model and its points as [x, y] pairs. */
  readonly calls: { model: ModelKind; z: [number, number][] }[];
  /** Holds every decode from now on until `release()`. */
  hold(): void;
  /** Answers the held decodes and stops holding. */
  release(): void;
  /** Makes the next call fail, as a crashed worker does. */
  failNext(): void;
}

export function createFakeDecoder(): FakeDecoder {
  const calls: FakeDecoder['calls'] = [];
  let holding = false;
  let failing = false;
  let held: (() => void)[] = [];
  return {
    calls,
    async decode(model, z) {
      const points = Array.from({ length: z.length / 2 }, (_, i): [number, number] => [z[2 * i], z[2 * i + 1]]);
      calls.push({ model, z: points });
      if (failing) {
        failing = false;
        throw new Error('decoder worker crashed');
      }
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      return new Uint8Array(points.length * IMAGE_PIXELS).fill(FAKE_INK[model]);
    },
    hold: () => void (holding = true),
    release() {
      holding = false;
      held.splice(0).forEach((resolve) => resolve());
      held = [];
    },
    failNext: () => void (failing = true),
  };
}

/** One fake client: what the room sent it, and requests through the real dispatcher. */
export interface TestConnection {
  readonly id: string;
  readonly frames: FrameMessage[];
  readonly notices: ServerNotice[];
  readonly snapshots: RoomSnapshot[];
  /** Every `paths` list received. */
  readonly pathLists: PathSummary[][];
  readonly closed: boolean;
  /** Pretends this many bytes wait in the connection's send buffer (a client that stopped reading). */
  setBacklog(bytes: number): void;
  /** Sends an event through schema, handler and ack, as socket.io would. */
  request<E extends ClientEventName>(event: E, payload: unknown): Promise<AckOf<E>>;
  /** Joins `room`; throws if refused. */
  join(room: string, extra?: Record<string, unknown>): Promise<JoinResult>;
  /** The transport went away (the room keeps the participant for the grace). */
  disconnect(): void;
  /** Entries of every frame message so far, with their tick. */
  entries(): (FrameEntry & { tick: number })[];
  /** Forgets what was received so far. */
  clear(): void;
  readonly dispatcher: Dispatcher;
}

export interface RoomTestServerOptions {
  decoder?: FrameDecoder;
  limits?: Partial<Limits>;
  bounds?: Partial<Record<ModelKind, LatentBounds>>;
}

/** Accepted bounds of the fake models: the AE's plane is wider, as the shipped one is. */
export const TEST_BOUNDS: Record<ModelKind, LatentBounds> = { ae: [-8, -10, 10, 8], vae: [-4, -4, 4, 4] };

export function createRoomTestServer(opts: RoomTestServerOptions = {}) {
  const clock = createTestClock();
  const store = createSqliteStore(':memory:');
  const decoder = opts.decoder ?? createFakeDecoder();
  const log = createLogger({ level: 'silent' });
  const metrics = createMetrics();
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const bounds = { ...TEST_BOUNDS, ...opts.bounds };
  const manager = new RoomManager({
    store, decoder, log, limits, maxRooms: limits.maxRooms, defaultModel: 'vae', defaultTickRate: 20,
    boundsOf: (m) => bounds[m], models: ['ae', 'vae'], clock, startLoop: () => () => {},
  });
  let nextConn = 1;

  function connect(): TestConnection {
    const state = { closed: false, backlog: 0 };
    const received = { frames: [] as FrameMessage[], notices: [] as ServerNotice[], snapshots: [] as RoomSnapshot[], pathLists: [] as PathSummary[][] };
    const conn: Connection = {
      id: `test-${nextConn++}`,
      sendFrames: (data) => void received.frames.push(decodeFrames(data)),
      send(event, payload) {
        // A real transport serializes: the client never shares the server's objects.
        const copy = JSON.parse(JSON.stringify(payload)) as never;
        if (event === ServerEvent.notice) received.notices.push(copy);
        if (event === ServerEvent.room) received.snapshots.push(copy);
        if (event === ServerEvent.paths) received.pathLists.push((copy as { paths: PathSummary[] }).paths);
      },
      backlog: () => state.backlog,
      // socket.io's disconnect(true) fires the socket's 'disconnect' handler at once: so does this.
      close() {
        if (state.closed) return;
        state.closed = true;
        leave({ session: dispatcher.session, log }, 'server namespace disconnect');
      },
    };
    const dispatcher = createDispatcher(conn, { manager, log, metrics, now: () => clock.now() });
    const request = <E extends ClientEventName>(event: E, payload: unknown) =>
      new Promise<AckOf<E>>((resolve) => dispatcher.dispatch(event, payload, resolve));
    return {
      id: conn.id, ...received, dispatcher, request,
      get closed() {
        return state.closed;
      },
      setBacklog: (bytes) => void (state.backlog = bytes),
      async join(room, extra = {}) {
        const ack = await request('join', { protocol: PROTOCOL_VERSION, room, ...extra });
        if (!ack.ok) throw new Error(`join refused: ${ack.error.code}: ${ack.error.message}`);
        return ack;
      },
      disconnect: () => leave({ session: dispatcher.session, log }, 'transport close'),
      entries: () => received.frames.flatMap((f) => f.entries.map((e) => ({ ...e, tick: f.tick }))),
      clear() {
        received.frames.length = 0;
        received.notices.length = 0;
        received.snapshots.length = 0;
        received.pathLists.length = 0;
      },
    };
  }

  return {
    clock, store, manager, metrics, decoder,
    connect,
    /** Connects and joins in one go. */
    async joined(room: string, extra?: Record<string, unknown>) {
      const c = connect();
      const result = await c.join(room, extra);
      return Object.assign(c, { you: result.you, joinResult: result });
    },
    room(id: string): Room {
      const room = manager.get(id);
      if (!room) throw new Error(`no live room ${id}`);
      return room;
    },
    /**
     * Lets queued snapshots and path lists go out now, without waiting for the room's next tick
     * (they are sent at most once per interval; see Room.sendPendingState).
     */
    flush: () => new Promise<void>((resolve) => setImmediate(resolve)).then(() => manager.all().forEach((r) => r.sendPendingState())),
    /**
     * Advances the clock by `ms` and ticks every live room once. The promise resolves when their
     * frames are sent; with a held decoder, keep it and await it after `release()`.
     */
    tick(ms = 50): Promise<void> {
      clock.advance(ms);
      return Promise.all(manager.all().map((r) => r.tick())).then(() => undefined);
    },
    close() {
      manager.closeAll();
      store.close();
    },
  };
}

export type RoomTestServer = ReturnType<typeof createRoomTestServer>;
