/**
 * The room's in-memory model: cursors (participants' and ghosts'), the connection seam to the
 * transport, and what a room needs from the rest of the server.
 */
import type { ModelKind } from '../../shared/constants.js';
import type { Detail, LatentBounds, LatentPoint } from '../../shared/latent.js';
import type { Logger } from '../log.js';
import type { RoomStore } from '../store/createRoomStore.js';
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
  /** Sends a binary frame message; volatile ones are dropped when the client is behind. */
  sendFrames(data: Uint8Array, volatile: boolean): void;
  send(event: string, payload: unknown): void;
  /** Ends the connection (after queued messages). */
  close(): void;
}

export interface Participant {
  id: number;
  name: string;
  color: string;
  session: string;
  sessionHash: string;
  host: boolean;
  detail: Detail;
  conn: Connection | null;
  cursor: Cursor;
  recording: Recording | null;
  /** Removes a disconnected participant when the reconnect grace ends. */
  graceTimer: NodeJS.Timeout | null;
}

/** The decoder as rooms use it: one batched run per call. */
export interface FrameDecoder {
  decode(model: ModelKind, z: Float32Array): Promise<Uint8Array>;
}

/** Limits a room enforces (see ServerOptions for their defaults). */
export interface RoomLimits {
  participantsPerRoom: number;
  samplesPerPath: number;
  pathsPerRoom: number;
  replaysPerRoom: number;
  recordingMs: number;
  reconnectGraceMs: number;
}

/** What a room gets from the server. */
export interface RoomDeps {
  store: RoomStore;
  decoder: FrameDecoder;
  log: Logger;
  limits: RoomLimits;
  boundsOf(model: ModelKind): LatentBounds;
  /** The models this server decodes (a room may only use these). */
  models: readonly ModelKind[];
  /** Called when the room has nobody left in it (the manager unloads it). */
  onEmpty(roomId: string): void;
}

export function newCursor(id: number, ghost: boolean): Cursor {
  return {
    id, ghost, z: null, seq: 0, moved: false, frame: null, frameZ: [0, 0], frameSeq: 0,
    lastThumbTick: -2, owesThumb: false,
  };
}
