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
  type ServerNotice, type HeatmapUpdate, type RoundState, type TimelineState,
} from '../../shared/protocol.js';
import { DEFAULT_LIMITS, type Limits } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { createMetrics } from '../../server/metrics.js';
import type { Room } from '../../server/rooms/Room.js';
import { RoomManager } from '../../server/rooms/RoomManager.js';
import type { Clock, Connection, FrameDecoder, NearestDigits } from '../../server/rooms/types.js';
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

/** The fake ink of a training-timeline snapshot's decoder: the model's ink plus 1 + step % 50. */
export function fakeInk(model: ModelKind, snapshot?: number): number {
  return FAKE_INK[model] + (snapshot === undefined ? 0 : 1 + (snapshot % 50));
}

/** Timeline snapshot steps of the fake models (the VAE's is longer, as a test of clamping needs). */
export const TEST_TIMELINES: Record<ModelKind, number[]> = { ae: [0, 1, 2, 5, 10], vae: [0, 1, 2, 5, 10, 20, 50] };

/** A decoder that answers at once (or when released), with frames filled by model. */
export interface FakeDecoder extends FrameDecoder {
  /** Every call: the model, its points as [x, y] pairs, and the timeline step decoded with (if any). */
  readonly calls: { model: ModelKind; z: [number, number][]; snapshot?: number }[];
  /** Holds every decode from now on until `release()`. */
  hold(): void;
  /** Holds every classify call (decodes still answer) until `release()`. */
  holdClassify(): void;
  /** Answers the held calls and stops holding. */
  release(): void;
  /** Makes the next call fail, as a crashed worker does. */
  failNext(): void;
  /** How many classify calls were made (a round was running). */
  readonly classified: number;
  /** The fake classifier: probabilities of the digit at z (uniform by default). */
  probsAt: (z: [number, number]) => number[];
  /** Every encode call: the model and how many images it carried. */
  readonly encodes: { model: ModelKind; count: number }[];
}

/**
 * The fake encoder's code of an image: its ink's centre of mass, (column - 13.5) / 4 and
 * (13.5 - row) / 4, so a test can place a drawing where it wants; the VAE's z_log_var is -2.
 */
export function fakeCode(image: ArrayLike<number>): [number, number] {
  let m = 0, sx = 0, sy = 0;
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    m += image[i];
    sx += image[i] * (i % 28);
    sy += image[i] * Math.floor(i / 28);
  }
  return m > 0 ? [(sx / m - 13.5) / 4, (13.5 - sy / m) / 4] : [0, 0];
}

/**
 * The fake's frames carry their z in their last 8 bytes (two float32), so the fake classifier
 * can judge a frame by where it was decoded, as the real one judges it by its ink.
 */
function markFakeFrame(frame: Uint8Array, z: [number, number]): void {
  new Uint8Array(Float32Array.from(z).buffer).forEach((b, i) => (frame[IMAGE_PIXELS - 8 + i] = b));
}

function zOfFakeFrame(frame: Uint8Array): [number, number] {
  const z = new Float32Array(Uint8Array.from(frame.subarray(IMAGE_PIXELS - 8)).buffer);
  return [z[0], z[1]];
}

export function createFakeDecoder(): FakeDecoder {
  const calls: FakeDecoder['calls'] = [];
  const encodes: FakeDecoder['encodes'] = [];
  let holding = false;
  let holdingClassify = false;
  let failing = false;
  let held: (() => void)[] = [];
  let classified = 0;
  const fake: FakeDecoder = {
    calls,
    get classified() {
      return classified;
    },
    probsAt: () => new Array<number>(10).fill(0.1),
    async classify(frames) {
      classified++;
      if (holding || holdingClassify) await new Promise<void>((resolve) => held.push(resolve));
      const n = frames.length / IMAGE_PIXELS;
      const probs = new Float32Array(n * 10);
      for (let i = 0; i < n; i++) probs.set(fake.probsAt(zOfFakeFrame(frames.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS))), i * 10);
      return probs;
    },
    async decode(model, z, opts) {
      const points = Array.from({ length: z.length / 2 }, (_, i): [number, number] => [z[2 * i], z[2 * i + 1]]);
      calls.push({ model, z: points, ...(opts?.snapshot === undefined ? {} : { snapshot: opts.snapshot }) });
      if (failing) {
        failing = false;
        throw new Error('decoder worker crashed');
      }
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      const frames = new Uint8Array(points.length * IMAGE_PIXELS).fill(fakeInk(model, opts?.snapshot));
      points.forEach((p, i) => markFakeFrame(frames.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS), p));
      return frames;
    },
    encodes,
    async encode(model, images) {
      const n = images.length / IMAGE_PIXELS;
      encodes.push({ model, count: n });
      if (failing) {
        failing = false;
        throw new Error('decoder worker crashed');
      }
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      const zMean = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) zMean.set(fakeCode(images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS)), 2 * i);
      return { zMean, zLogVar: model === 'vae' ? new Float32Array(2 * n).fill(-2) : null };
    },
    hold: () => void (holding = true),
    holdClassify: () => void (holdingClassify = true),
    release() {
      holding = false;
      holdingClassify = false;
      held.splice(0).forEach((resolve) => resolve());
      held = [];
    },
    failNext: () => void (failing = true),
  };
  return fake;
}

/** One fake client: what the room sent it, and requests through the real dispatcher. */
export interface TestConnection {
  readonly id: string;
  readonly frames: FrameMessage[];
  readonly notices: ServerNotice[];
  readonly snapshots: RoomSnapshot[];
  /** Every `round`, `heatmap` and `timeline` event. */
  readonly rounds: RoundState[];
  readonly timelines: TimelineState[];
  readonly heatmaps: HeatmapUpdate[];
  /** Every other event the room sent (drawings...), in order. */
  readonly events: { event: string; payload: unknown }[];
  /** Every `paths` list received. */
  readonly pathLists: PathSummary[][];
  readonly closed: boolean;
  /** Pretends this many bytes wait in the connection's send buffer (a client that stopped reading). */
  setBacklog(bytes: number): void;
  /** Drops the next `n` volatile frame messages, as socket.io does while a client is still receiving. */
  dropFrames(n: number): void;
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
  /** SQLite file (to reopen it after a restart); in memory by default. */
  dbFile?: string;
  limits?: Partial<Limits>;
  bounds?: Partial<Record<ModelKind, LatentBounds>>;
  nearest?: NearestDigits;
  /** Timeline steps per model; TEST_TIMELINES by default, null for none. */
  timelines?: Partial<Record<ModelKind, number[] | null>>;
}

/** Accepted bounds of the fake models: the AE's plane is wider, as the shipped one is. */
export const TEST_BOUNDS: Record<ModelKind, LatentBounds> = { ae: [-8, -10, 10, 8], vae: [-4, -4, 4, 4] };

export function createRoomTestServer(opts: RoomTestServerOptions = {}) {
  const clock = createTestClock();
  const store = createSqliteStore(opts.dbFile ?? ':memory:');
  const decoder = opts.decoder ?? createFakeDecoder();
  const log = createLogger({ level: 'silent' });
  const metrics = createMetrics();
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const bounds = { ...TEST_BOUNDS, ...opts.bounds };
  const timelines = { ...TEST_TIMELINES, ...opts.timelines };
  const manager = new RoomManager({
    store, decoder, log, limits, maxRooms: limits.maxRooms, defaultModel: 'vae', defaultTickRate: 20,
    boundsOf: (m) => bounds[m], models: ['ae', 'vae'], clock, startLoop: () => () => {}, nearest: opts.nearest,
    timelineSteps: (m) => timelines[m] ?? null,
  });
  let nextConn = 1;

  function connect(): TestConnection {
    const state = { closed: false, backlog: 0, dropFrames: 0 };
    const received = {
      frames: [] as FrameMessage[], notices: [] as ServerNotice[], snapshots: [] as RoomSnapshot[],
      rounds: [] as RoundState[], heatmaps: [] as HeatmapUpdate[], timelines: [] as TimelineState[], pathLists: [] as PathSummary[][],
      events: [] as { event: string; payload: unknown }[],
    };
    const conn: Connection = {
      id: `test-${nextConn++}`,
      sendFrames(data, volatile) {
        // A client still receiving the last message: socket.io drops a volatile one.
        if (volatile && state.dropFrames > 0) {
          state.dropFrames--;
          return false;
        }
        received.frames.push(decodeFrames(data));
        return true;
      },
      send(event, payload) {
        // A real transport serializes: the client never shares the server's objects.
        const copy = JSON.parse(JSON.stringify(payload)) as never;
        if (event === ServerEvent.notice) received.notices.push(copy);
        if (event === ServerEvent.room) received.snapshots.push(copy);
        if (event === ServerEvent.round) received.rounds.push(copy);
        if (event === ServerEvent.heatmap) received.heatmaps.push(copy);
        if (event === ServerEvent.timeline) received.timelines.push(copy);
        if (![ServerEvent.notice, ServerEvent.room, ServerEvent.round, ServerEvent.heatmap, ServerEvent.timeline].includes(event as never)) received.events.push({ event, payload: copy });
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
      dropFrames: (n) => void (state.dropFrames = n),
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
        received.rounds.length = 0;
        received.heatmaps.length = 0;
        received.timelines.length = 0;
        received.events.length = 0;
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
