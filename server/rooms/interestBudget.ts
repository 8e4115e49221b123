/**
 * The per-client downstream budget of interest management (docs/protocol.md, "What each client
 * gets"): what a viewer and a presenter may be sent per second, and how many nearby cursors'
 * thumbnails fit in it at a room's tick rate.
 */
import { entryBytes, FrameKind, FRAME_HEADER_BYTES } from '../../shared/frameCodec.js';

/** A viewer's budget: under the 150 KB/s a phone gets on a class Wi-Fi, with room for socket.io's framing. */
export const VIEWER_BYTES_PER_SECOND = 140_000;
/** A presenter's budget (the projector's machine, usually wired or alone on its link). */
export const PRESENTER_BYTES_PER_SECOND = 1_000_000;
/** How often everyone beyond your nearest cursors is sent: positions, or the density map. */
export const CROWD_HZ = 5;
/** Above this many cursors in a room, the crowd is a density map instead of every position. */
export const DENSITY_ABOVE = 200;
/** Full-size frames a viewer gets besides their own: the spotlight first, then ghosts; more ghosts are thumbnails. */
export const FULL_SLOTS = 4;
/** Thumbnails at most, however low the tick rate. */
export const MAX_NEAR = 48;

/** socket.io's binary attachment packet and the websocket frames, per message (measured ~50 bytes). */
const MESSAGE_OVERHEAD = 64;
const FULL = entryBytes(FrameKind.full);
const THUMB = entryBytes(FrameKind.thumb);
const POSITION = entryBytes(FrameKind.position);
const DENSITY = entryBytes(FrameKind.density);
/** A moving near cursor costs a thumbnail every other tick and a position between (see RoomTicker's sharedKind). */
const NEAR_PER_TICK = (THUMB + POSITION) / 2 + POSITION;

/** Ticks between two crowd updates at `tickRate`. */
export function crowdEvery(tickRate: number): number {
  return Math.max(1, Math.round(tickRate / CROWD_HZ));
}

/**
 * How many of the nearest cursors a viewer gets thumbnails of: what is left of the budget per tick
 * after their own digit, the full frames and the crowd (positions of `crowd` cursors, or the density map).
 */
export function nearCount(tickRate: number, fullFrames: number, crowd: number): number {
  const every = crowdEvery(tickRate);
  const perTick = VIEWER_BYTES_PER_SECOND / tickRate;
  const crowdPerTick = (crowd > DENSITY_ABOVE ? DENSITY : crowd * POSITION) / every;
  const left = perTick - FRAME_HEADER_BYTES - MESSAGE_OVERHEAD - FULL * (1 + Math.min(fullFrames, FULL_SLOTS)) - crowdPerTick;
  return Math.max(0, Math.min(MAX_NEAR, Math.floor(left / NEAR_PER_TICK)));
}

/**
 * Full frames a presenter gets per tick in a room of `cursors`; the others wait their turn
 * (longest-waiting first) and move meanwhile as positions.
 */
export function presenterFullPerTick(tickRate: number, cursors: number): number {
  const left = PRESENTER_BYTES_PER_SECOND / tickRate - FRAME_HEADER_BYTES - MESSAGE_OVERHEAD - cursors * POSITION;
  return Math.max(1, Math.floor(left / (FULL - POSITION)));
}
