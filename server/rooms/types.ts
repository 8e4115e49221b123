/**
 * The room's in-memory model: cursors (participants' and ghosts'), the connection seam to the
 * transport, what a room needs from the rest of the server, and the narrow interfaces its helpers
 * and per-tick systems see of it (so none of them imports Room).
 */
import type { ModelKind } from '../../shared/constants.js';
import type { FrameKind } from '../../shared/frameCodec.js';
import type { Detail, LatentBounds, LatentPoint } from '../../shared/latent.js';
import type { Logger } from '../log.js';
import type { NearDigit, ServerNotice } from '../../shared/protocol.js';
import type { SqliteStore } from '../store/createSqliteStore.js';
import type { Recording } from './Recording.js';

/** A cursor on the plane, decoded at the tick when it moved. */
export interface Cursor {
  /** Cursor number, the id in binary frames (u16). */
  id: number;
  ghost: boolean;
  /** Latest z, or null before the first move. */
  z: LatentPoint | null;
  /** Client sequence number of the latest z (0 for ghosts). */
  seq: number;
  /** z changed since it was last handed to the decoder. */
  moved: boolean;
  /** The last decoded 28x28 frame, kept for newcomers and owed thumbnails. */
  frame: Uint8Array | null;
  /** The classifier's 10 probabilities for `probsOf` (classified while a round runs); else null. */
  probs: Float32Array | null;
  /** The frame `probs` is the verdict on: when it is not `frame`, the digit awaits its verdict. */
  probsOf: Uint8Array | null;
  /** z and seq the frame was decoded from. */
  frameZ: LatentPoint;
  frameSeq: number;
  /** Room tick of the last thumbnail (or full frame) sent in the shared part. */
  lastThumbTick: number;
  /** A position-only entry was sent last: the next tick owes a thumbnail even if it stays put. */
  owesThumb: boolean;
}

/** What a room needs to talk to one client; socket.io implements it, tests may fake it. */
export interface Connection {
  readonly id: string;
  /**
   * Sends a binary frame message; a volatile one is dropped while the client is still receiving
   * the last (false then), so a client that is behind skips ticks instead of queueing them.
   */
  sendFrames(data: Uint8Array, volatile: boolean): boolean;
  send(event: string, payload: unknown): void;
  /** Ends the connection (after queued messages). */
  close(): void;
  /** Bytes waiting to be sent to this client (a client that stopped reading piles them up); 0 if unknown. */
  backlog?(): number;
}

/** Sends one message to many connections (socket.io encodes it once for all of them). */
export type Fanout = (conns: readonly Connection[], event: string, payload: unknown) => void;

export interface Participant {
  id: number;
  name: string;
  color: string;
  session: string;
  sessionHash: string;
  host: boolean;
  /** A screen that only watches (the projector): never steers, not a classmate. */
  viewer: boolean;
  detail: Detail;
  conn: Connection | null;
  cursor: Cursor;
  recording: Recording | null;
  /** Clock time at which a disconnected participant is removed (the reconnect grace); null while connected. */
  graceUntil: number | null;
}

/** Which decoder of a model: `snapshot` is a training-timeline step; absent, the shipped decoder. */
export interface FrameDecodeOptions {
  snapshot?: number;
}

/** The decoder as rooms use it: one batched run per call. */
export interface FrameDecoder {
  decode(model: ModelKind, z: Float32Array, opts?: FrameDecodeOptions): Promise<Uint8Array>;
  /** Classifies frames already decoded (N*784 uint8) -> N*10 probabilities. */
  classify?(frames: Uint8Array): Promise<Float32Array>;
  readonly hasClassifier?: boolean;
  /** Encodes N 28x28 images in [0, 1] (N*784 floats): z_mean, and z_log_var for the VAE (x, y pairs). */
  encode(model: ModelKind, images: Float32Array): Promise<{ zMean: Float32Array; zLogVar: Float32Array | null }>;
}

/** The test digits nearest to a point of a model's plane (its shipped embedding), nearest first. */
export type NearestDigits = (model: ModelKind, z: LatentPoint, k: number) => NearDigit[];

/** Limits a room enforces (see ServerOptions for their defaults). */
export interface RoomLimits {
  participantsPerRoom: number;
  samplesPerPath: number;
  pathsPerRoom: number;
  replaysPerRoom: number;
  recordingMs: number;
  reconnectGraceMs: number;
  /** Drawings (placed and waiting to be encoded) a room holds. */
  drawingsPerRoom: number;
}

/** Milliseconds from an arbitrary origin; performance.now() in the server, a hand-driven clock in tests. */
export interface Clock {
  now(): number;
}

/** What a room gets from the server. */
export interface RoomDeps {
  store: SqliteStore;
  decoder: FrameDecoder;
  log: Logger;
  limits: RoomLimits;
  clock: Clock;
  boundsOf(model: ModelKind): LatentBounds;
  /** The models this server decodes (a room may only use these). */
  models: readonly ModelKind[];
  /** Training steps of a model's timeline snapshots, ascending; null (or absent) when it has none. */
  timelineSteps?(model: ModelKind): readonly number[] | null;
  /** Called when the room has nobody left in it (the manager unloads it). */
  onEmpty(roomId: string): void;
  /** How a tick's messages are built per client; TickFrames (everyone sees every moved cursor) by default. */
  composeFrames?: ComposeFrames;
  /** Nearest test digits for drawings; none listed when absent. */
  nearest?: NearestDigits;
  /** Sends one message to many connections at once; one send per connection by default. */
  fanout?: Fanout;
}

/** What a room's helpers (ReplaySet, RoomPaths, tick systems) may use of their room. */
export interface RoomContext {
  readonly id: string;
  readonly deps: Pick<RoomDeps, 'store' | 'log' | 'limits' | 'clock'>;
  /** The host paused the class: systems stand still. */
  readonly paused: boolean;
  /** Students may replay their own paths. */
  readonly studentReplays: boolean;
  participants(): Iterable<Participant>;
  /** A free cursor id (participants and ghosts share the u16 id space). */
  allocateId(): number;
  /** Colours in use, so a new cursor gets a distinct one. */
  colors(): string[];
  /** Broadcasts the room snapshot soon (coalesced: see queueState). */
  queueSnapshot(): void;
  /**
   * A state event changed (the whole state in one message, so a client only needs the latest):
   * `build` makes its payload when it is sent, at most once per interval, late to a client that
   * is behind (StateBroadcaster.ts).
   */
  queueState(event: string, build: () => unknown): void;
  /** Sends a message to every connected participant now (for events, not state: see queueState). */
  broadcast(event: string, payload: unknown): void;
  notify(p: Participant, notice: ServerNotice): void;
  /** A cursor left the plane (a ghost ended): room-wide state that names it (the spotlight) forgets it. */
  cursorGone(id: number): void;
}

/**
 * Work a room does every tick, and the hooks around it. The room runs its systems in the order
 * they were added (`Room.use`): replays, then recordings, then any feature's own. Every hook is
 * optional; none may throw for one client's sake (log and carry on).
 */
export interface RoomSystem {
  /** Before the decode: advance clocks, move ghosts, sample. `dtMs` is the time since the last tick. */
  beforeTick?(now: number, dtMs: number): void;
  /** Cursors this system puts on the plane; decoded and broadcast like participants'. */
  cursors?(): Cursor[];
  /** Colours of those cursors. */
  colors?(): string[];
  /** After a decode, before the frames are sent: `decoded` hold their new `frame`. */
  afterDecode?(decoded: readonly Cursor[], model: ModelKind): void;
  /** A participant is about to be removed (their reconnect grace ended). */
  onRemove?(p: Participant, why: string): void;
  /** True while this system needs the classifier's probabilities of decoded cursors (`Cursor.probs`). */
  wantsProbs?(): boolean;
  /** A participant joined or came back (send them this system's state). */
  onJoin?(p: Participant): void;
  /** The room is going away; `shutdown` is true when the server stops (save work in progress). */
  dispose?(shutdown: boolean): void;
}

/** One cursor in a tick's messages. */
export interface TickUpdate {
  cursor: Cursor;
  /** Decoded this tick (it moved); false for a thumbnail owed from an earlier position entry. */
  decoded: boolean;
  /** Kind in the part every client shares. */
  kind: FrameKind;
}

/** One receiver of a tick's frames. Per-client state a FramePlan needs (a viewport...) goes here. */
export interface TickClient {
  /** Their own cursor, sent to them full size. */
  cursorId: number;
  detail: Detail;
  conn: Connection;
}

/** The messages of one tick: what each client gets, or null for nothing. */
export interface FramePlan {
  forClient(client: TickClient): Uint8Array | null;
  /** The client's message was dropped: what it held only once (a thumbnail, a still digit) is owed to it. */
  missed?(client: TickClient): void;
}

/** Builds a tick's FramePlan from its updates (the default is frameComposer's TickFrames). */
export type ComposeFrames = (tick: number, updates: TickUpdate[]) => FramePlan;

export function newCursor(id: number, ghost: boolean): Cursor {
  return {
    id, ghost, z: null, seq: 0, moved: false, frame: null, probs: null, probsOf: null, frameZ: [0, 0], frameSeq: 0,
    lastThumbTick: -2, owesThumb: false,
  };
}
