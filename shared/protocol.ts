/**
 * The wire protocol between the room server and its clients: event names, payload schemas and
 * types, error codes. Both sides import this module; docs/protocol.md describes it in prose.
 * Binary frames (the `frames` event) are encoded by `frameCodec.ts`.
 */
import { z } from 'zod';
import type { ModelKind } from './constants.js';
import { MODEL_KINDS } from './constants.js';
import { drawingSchemas, type DrawingInfo, type DrawingsUpdate } from './drawingProtocol.js';
import { DETAIL_KINDS, latentPointSchema, type LatentBounds } from './latent.js';
import { cleanName, NAME_INPUT_MAX } from './names.js';
import { timelineSchemas, type TimelineState } from './timelineProtocol.js';

export * from './drawingProtocol.js';
export * from './timelineProtocol.js';

/** Bumped on any incompatible change; checked at join. */
export const PROTOCOL_VERSION = 1;

/** Room ids: 3-40 characters of a-z, 0-9 and '-'. */
export const ROOM_ID_PATTERN = /^[a-z0-9-]{3,40}$/;
export const NAME_MAX = 24;
export const TICK_RATE = { min: 5, max: 60, default: 20 } as const;
export const REPLAY_SPEED = { min: 0.25, max: 4 } as const;
/** Ids of the article's two walks, offered in every room. */
export const PRESET_IDS = { line: 'preset-line', circle: 'preset-circle' } as const;

/** Client -> server event names. */
export const ClientEvent = {
  join: 'join',
  cursor: 'cursor',
  rename: 'rename',
  ping: 'ping',
  recordStart: 'record:start',
  recordStop: 'record:stop',
  pathRename: 'path:rename',
  pathDelete: 'path:delete',
  replayStart: 'replay:start',
  replayControl: 'replay:control',
  host: 'host',
  roundStart: 'round:start',
  roundStop: 'round:stop',
  roundVote: 'round:vote',
  heatmap: 'heatmap',
  draw: 'draw',
  drawingDelete: 'drawing:delete',
  drawingsHost: 'drawings:host',
  timeline: 'timeline',
  view: 'view',
} as const;
export type ClientEventName = (typeof ClientEvent)[keyof typeof ClientEvent];

/** Server -> client event names. */
export const ServerEvent = {
  /** Binary frame message (see frameCodec.ts), volatile: dropped for a client that is behind. */
  frames: 'frames',
  /** Full room snapshot, sent whenever people, settings or replays change. */
  room: 'room',
  /** The room's saved paths changed (list again over HTTP or from the payload). */
  paths: 'paths',
  /** A notice for the user: the server shuts down, you were disconnected for flooding, ... */
  notice: 'notice',
  /** Challenge round state: on change, a few times a second while it runs, and to a newcomer. */
  round: 'round',
  /** The class's heat map, about once a second while the host shows it. */
  heatmap: 'heatmap',
  /** The room's drawings changed (see DrawingsUpdate). */
  drawings: 'drawings',
  /** The room's place on the training timeline (see TimelineState): on change, and to a newcomer while shown. */
  timeline: 'timeline',
  /** The host's viewport while the room follows the host (see ViewUpdate); coalesced like `room`. */
  view: 'view',
  /** The host brought everyone's cursor to one point (see GatherUpdate). */
  gather: 'gather',
} as const;

/**
 * What a host may lock students' planes to: the scatter, the decoded grid, both, or `blind` (no
 * scatter and no grid, for an exploration by the digit alone); null leaves it to each student.
 */
export const VIEW_LOCKS = ['scatter', 'manifold', 'both', 'blind'] as const;
export type ViewLock = (typeof VIEW_LOCKS)[number];

export const ErrorCode = {
  badRequest: 'bad_request',
  protocolMismatch: 'protocol_mismatch',
  notJoined: 'not_joined',
  notHost: 'not_host',
  notAllowed: 'not_allowed',
  notFound: 'not_found',
  roomFull: 'room_full',
  tooManyRooms: 'too_many_rooms',
  limit: 'limit',
  frozen: 'frozen',
  /** HTTP only: the server is busy with this kind of work (503 with Retry-After). */
  busy: 'busy',
  rateLimited: 'rate_limited',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const modelKind = z.enum(MODEL_KINDS);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
// Cleaned here (shared/names.ts) so every handler, the database and every screen see the same name.
const name = z.string().max(NAME_INPUT_MAX, `name is at most ${NAME_MAX} characters`).transform((raw, ctx) => {
  const checked = cleanName(raw, NAME_MAX);
  if (checked.ok) return checked.name;
  ctx.issues.push({ code: 'custom', message: checked.message, input: raw });
  return z.NEVER;
});
/** Session ids and host keys. */
export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'malformed token');
const token = tokenSchema;

// Challenge rounds and the heat map (see RoundState, HeatmapUpdate below).
/** The variants of a challenge round. */
export const ROUND_KINDS = ['find', 'ambiguous', 'lookalike'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];
/** Round length in seconds; the lookalike variant adds its voting time. */
export const ROUND_SECONDS = { min: 5, max: 120, default: 20, vote: 15 } as const;
/** The find variant: p(target) that counts, held this long. */
export const ROUND_HOLD = { p: 0.9, ms: 1000 } as const;
const digit = z.number().int().min(0).max(9);

const schemas = {
  [ClientEvent.join]: z.object({
    protocol: z.number().int(),
    room: z.string().regex(ROOM_ID_PATTERN, 'room id must be 3-40 characters of a-z, 0-9 and -'),
    name: name.optional(),
    /** Identity kept by the browser: a connection that comes back within 2 minutes keeps its cursor. */
    session: token.optional(),
    /** The host key a room's creator received; grants host actions. */
    hostKey: token.optional(),
    /** Model for a room created by this join. */
    model: modelKind.optional(),
    /** 'full': full frames of every cursor (the presenter view); 'auto': thumbnails of others. */
    detail: z.enum(DETAIL_KINDS).default('auto'),
    /** A screen that only watches (the projector): it never steers and is nobody's classmate. */
    viewer: z.boolean().default(false),
  }),
  [ClientEvent.cursor]: z.object({ z: latentPointSchema, seq: z.number().int().min(0).max(0xffffffff) }),
  [ClientEvent.rename]: z.object({ name }),
  [ClientEvent.ping]: z.object({ t: finite }),
  [ClientEvent.recordStart]: z.object({}),
  [ClientEvent.recordStop]: z.object({ name: name.optional() }),
  [ClientEvent.pathRename]: z.object({ id: z.string().min(1).max(64), name }),
  [ClientEvent.pathDelete]: z.object({ id: z.string().min(1).max(64) }),
  [ClientEvent.replayStart]: z.object({
    pathId: z.string().min(1).max(64),
    speed: z.number().min(REPLAY_SPEED.min).max(REPLAY_SPEED.max).default(1),
    loop: z.boolean().default(false),
  }),
  [ClientEvent.replayControl]: z.discriminatedUnion('action', [
    z.object({ action: z.literal('pause'), replay: z.number().int() }),
    z.object({ action: z.literal('resume'), replay: z.number().int() }),
    z.object({ action: z.literal('stop'), replay: z.number().int() }),
    z.object({ action: z.literal('speed'), replay: z.number().int(), speed: z.number().min(REPLAY_SPEED.min).max(REPLAY_SPEED.max) }),
    z.object({ action: z.literal('loop'), replay: z.number().int(), loop: z.boolean() }),
  ]),
  [ClientEvent.host]: z.discriminatedUnion('action', [
    z.object({ action: z.literal('model'), model: modelKind }),
    z.object({ action: z.literal('freeze'), frozen: z.boolean() }),
    z.object({ action: z.literal('spotlight'), cursor: z.number().int().nullable() }),
    z.object({ action: z.literal('tickRate'), hz: z.number().int().min(TICK_RATE.min).max(TICK_RATE.max) }),
    z.object({ action: z.literal('stopAllReplays') }),
    /** Students' views follow the host's viewport (sent with `view`). */
    z.object({ action: z.literal('follow'), follow: z.boolean() }),
    /** Every student's cursor to one point (inside the model's bounds). */
    z.object({ action: z.literal('gather'), z: latentPointSchema }),
    z.object({ action: z.literal('lock'), view: z.enum(VIEW_LOCKS).nullable() }),
    /** Everything stops: steering, replays; every screen says so. */
    z.object({ action: z.literal('pause'), paused: z.boolean() }),
    /** Screens show animal names instead of people's names. */
    z.object({ action: z.literal('names'), hidden: z.boolean() }),
    /** Whether students may replay their own paths for the room. */
    z.object({ action: z.literal('studentReplays'), allowed: z.boolean() }),
  ]),
  [ClientEvent.roundStart]: z.object({
    kind: z.enum(ROUND_KINDS).default('find'),
    /** Omitted: a random digit. */
    target: digit.optional(),
    /** For the lookalike variant: the digit it should look like (shown to the class, not scored). */
    looksLike: digit.optional(),
    seconds: z.number().int().min(ROUND_SECONDS.min).max(ROUND_SECONDS.max).default(ROUND_SECONDS.default),
  }),
  [ClientEvent.roundStop]: z.object({}),
  [ClientEvent.roundVote]: z.object({ cursor: z.number().int() }),
  [ClientEvent.heatmap]: z.object({ show: z.boolean().optional(), reset: z.boolean().optional() }),
  ...drawingSchemas,
  ...timelineSchemas,
  /** The host's visible z rectangle [xMin, yMin, xMax, yMax] (host only; at most a few a second). */
  [ClientEvent.view]: z.object({
    region: z.tuple([finite, finite, finite, finite]).refine(([a, b, c, d]) => c > a && d > b, 'region must have xMax > xMin and yMax > yMin'),
  }),
} satisfies Record<ClientEventName, z.ZodType>;

/** What a handler gets: the payload after parsing, defaults filled in. */
export type ClientPayload<E extends ClientEventName> = z.output<(typeof schemas)[E]>;
/** What a client sends: the payload before parsing (fields with a default may be left out). */
export type ClientRequest<E extends ClientEventName> = z.input<(typeof schemas)[E]>;

/**
 * Payload schemas of every client -> server event, keyed by event name. Typed per event so that
 * `clientSchemas[event]` parses to `ClientPayload<E>` for a generic event, with no cast.
 */
export const clientSchemas: { readonly [E in ClientEventName]: z.ZodType<ClientPayload<E>, ClientRequest<E>> } = schemas;

/** Body of `POST /api/rooms` (the "new room" action). */
export const createRoomRequest = z.object({ model: modelKind.default('vae') });
/** Answer of `POST /api/rooms`: the readable room id and its host key (shown once; keep it). */
export interface CreateRoomResponse {
  room: string;
  hostKey: string;
}

export type JoinRequest = ClientPayload<'join'>;
export type HostAction = ClientPayload<'host'>;
export type ReplayControl = ClientPayload<'replay:control'>;

/** A participant as everyone in the room sees them. */
export interface ParticipantInfo {
  /** Cursor number, also the id used in binary frames. */
  id: number;
  name: string;
  color: string;
  connected: boolean;
  host: boolean;
  recording: boolean;
  /** A watching screen (the projector): not a classmate, never in people lists, counts or tiles. */
  viewer: boolean;
}

/** A replay running in the room: a ghost cursor walking a path. */
export interface ReplayInfo {
  /** Cursor number of the ghost, as used in binary frames. */
  id: number;
  pathId: string;
  pathName: string;
  color: string;
  speed: number;
  loop: boolean;
  paused: boolean;
  /** Participant id of who started it. */
  startedBy: number;
}

export interface RoomSettings {
  model: (typeof MODEL_KINDS)[number];
  tickRate: number;
  frozen: boolean;
  spotlight: number | null;
  /** Students' views follow the host's viewport. */
  follow: boolean;
  /** What students' planes show, or null: their own choice. */
  lock: ViewLock | null;
  /** The class is paused: nobody but the host steers, replays stand still. */
  paused: boolean;
  /** Screens show animal names (see anonymousName) instead of people's names. */
  namesHidden: boolean;
  /** Students may replay their own paths for the room (the host always may). */
  studentReplays: boolean;
}

/** Everything a client needs to draw a room besides the frames. */
export interface RoomSnapshot extends RoomSettings {
  id: string;
  participants: ParticipantInfo[];
  replays: ReplayInfo[];
  /** Latent bounds the server accepts for this room's model: [xMin, yMin, xMax, yMax]. */
  bounds: LatentBounds;
  /** The rate the room ticks at now: below tickRate while the server's decodes cannot keep up. */
  loopRate: number;
}

/** A saved path without its samples. */
export interface PathSummary {
  id: string;
  room: string;
  name: string;
  author: string;
  /** Participant session of the author; absent for presets. */
  authorId: number | null;
  createdAt: string;
  durationMs: number;
  sampleCount: number;
  preset: boolean;
}

/** A path with its samples: t in ms from the start, and z. */
export interface PathDetail extends PathSummary {
  t: number[];
  z: number[];
}

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

/** Every acknowledged event answers with one of these. */
export type Ack<T = EmptyResult> = ({ ok: true } & T) | { ok: false; error: ProtocolError };

/** The result of an event whose success carries nothing but `ok: true`. */
export type EmptyResult = Record<string, never>;

/** Success payloads of acknowledged events. */
export interface JoinResult {
  you: ParticipantInfo;
  session: string;
  /** Present when this join made you the host (you created the room, or your key matched). */
  hostKey?: string;
  room: RoomSnapshot;
  paths: PathSummary[];
}

/** Payload of the `paths` event: the room's whole list (presets first). */
export interface PathsUpdate {
  paths: PathSummary[];
}

/**
 * Success payload of each client event (the ack is `Ack<AckResults[E]>`). Server handlers are
 * typed to return exactly this, and the client's `request(event, payload)` resolves to it, so a
 * new event is its schema above, its result here, its handler and the UI that sends it.
 */
export interface AckResults {
  join: JoinResult;
  cursor: EmptyResult;
  rename: { you: ParticipantInfo };
  ping: { t: number; serverTime: number };
  'record:start': EmptyResult;
  /** Sent only once the path is committed to disk. */
  'record:stop': { path: PathSummary };
  'path:rename': { path: PathSummary };
  'path:delete': EmptyResult;
  'replay:start': { replay: ReplayInfo };
  'replay:control': { replay: ReplayInfo };
  host: { room: RoomSnapshot };
  'round:start': { round: RoundState };
  'round:stop': { round: RoundState };
  'round:vote': EmptyResult;
  heatmap: { shown: boolean };
  /** Sent once the drawing is encoded and placed. */
  draw: { drawing: DrawingInfo };
  'drawing:delete': EmptyResult;
  'drawings:host': EmptyResult;
  timeline: { timeline: TimelineState };
  view: EmptyResult;
}
export type AckOf<E extends ClientEventName> = Ack<AckResults[E]>;

export interface ServerNotice {
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
}

/**
 * socket.io's typed-event maps: a client made with `io() as Socket<ServerToClientEvents,
 * ClientToServerEvents>` gets every emit, payload and ack typed by this module.
 */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientRequest<E>, ack?: (answer: AckOf<E>) => void) => void;
};
export interface ServerToClientEvents {
  frames(data: Uint8Array): void;
  room(snapshot: RoomSnapshot): void;
  paths(update: PathsUpdate): void;
  notice(notice: ServerNotice): void;
  round(state: RoundState): void;
  heatmap(update: HeatmapUpdate): void;
  drawings(update: DrawingsUpdate): void;
  timeline(state: TimelineState): void;
  view(update: ViewUpdate): void;
  gather(update: GatherUpdate): void;
}

/** Payload of `view`: the host's visible region, or null when the room stopped following. */
export interface ViewUpdate {
  region: LatentBounds | null;
}

/** Payload of `gather`: where the host brought every student's cursor. */
export interface GatherUpdate {
  z: [number, number];
}

/** Formats a zod error as one readable line for an error ack. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`).join('; ');
}

/**
 * Answer of `GET /api/models/:model/regions`: the digit classifier's verdict on the decoded digit at
 * each cell of an n x n grid over [xMin, xMax] x [yMin, yMax] (cell centres at linspace, ends
 * included), row-major from the top-left with +y at the top, as the manifold picture.
 */
export interface RegionsResponse {
  model: ModelKind;
  n: number;
  /** The half-width of the square [-range, range]^2, or null when the bounds are not such a square. */
  range: number | null;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** n*n predicted digits 0-9. */
  labels: number[];
  /** n*n probabilities of the predicted digit, rounded to 4 decimals. */
  confidence: number[];
}

/** One participant's standing in a round. */
export interface RoundPlayer {
  id: number;
  name: string;
  /** Their current score: p(target) (find, lookalike) or normalized entropy 0-1 (ambiguous); null before their digit is classified. */
  value: number | null;
  /** find: ms from the round's start at which they had held p(target) >= 0.9 for one second, else null. */
  reachedMs: number | null;
  /** Points this round (set when it ends). */
  points: number;
}

/** A lookalike candidate: a digit the classifier calls the target, frozen at the end of the steering. */
export interface RoundCandidate {
  id: number;
  name: string;
  p: number;
  /** The 28x28 frame, base64 of 784 bytes. */
  frame: string;
  votes: number;
}

/** Cumulative points in this room (over its stored rounds), highest first. */
export interface LeaderboardEntry {
  name: string;
  points: number;
  /** Points of the last round. */
  last: number;
  /** Cursor id when the player is in the room now. */
  id: number | null;
}

/** Payload of the `round` event and of the round acks. */
export interface RoundState {
  /** Round id, or null when the room has had no round yet. */
  id: string | null;
  kind: RoundKind;
  target: number;
  looksLike: number | null;
  /** running: steering scored; voting: lookalike candidates voted on; done: results final. */
  phase: 'running' | 'voting' | 'done';
  durationMs: number;
  /** Milliseconds left in the phase (0 when done). */
  remainingMs: number;
  /** The host paused the class: the clock of the phase stands still (remainingMs does not count down). */
  paused: boolean;
  players: RoundPlayer[];
  /** Cursor ids of the winners (several on a tie); empty until someone wins. */
  winners: number[];
  candidates: RoundCandidate[];
  /** 'time', 'all' (every player reached it), 'stopped' (by the host); null while it runs. */
  ended: 'time' | 'all' | 'stopped' | null;
  leaderboard: LeaderboardEntry[];
}

/** Payload of the `heatmap` event: visits per cell of an n x n grid over `bounds`, row-major, +y at the top. */
export interface HeatmapUpdate {
  shown: boolean;
  model: ModelKind;
  n: number;
  bounds: LatentBounds;
  /** base64 of n*n bytes, 0 = never visited, 255 = the most visited cell (log scale); empty when not shown. */
  cells: string;
  /** Cursor-ticks counted since the last reset. */
  total: number;
}
