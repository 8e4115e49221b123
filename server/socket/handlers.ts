/**
 * The socket event table: one handler per client event, typed by shared/protocol.ts to take the
 * event's parsed payload and return its ack result (`AckResults[E]`). The dispatcher parses the
 * payload with `clientSchemas[event]` first, so a handler only ever sees valid data, and a refused
 * request throws (see `fail`) before it changes anything. Adding an event: its schema and result
 * type in shared/protocol.ts, then one entry here.
 */
import {
  ClientEvent, ErrorCode, PROTOCOL_VERSION, type AckResults, type ClientEventName, type ClientPayload,
} from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import { fail } from '../ProtocolFailure.js';
import type { Room } from '../rooms/Room.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Connection, Participant } from '../rooms/types.js';
import { drawingHandlers } from './drawingHandlers.js';

/** Per-connection state: which room and participant this connection is. */
export interface SocketSession {
  conn: Connection;
  room: Room | null;
  participant: Participant | null;
}

export interface HandlerContext {
  session: SocketSession;
  manager: RoomManager;
  log: Logger;
  /** Runs `fn` right after the ack is sent (e.g. the newcomer's first frames). */
  afterAck(fn: () => void): void;
}

/** A handler answers its event's result, or a promise of it (e.g. after a worker's answer). */
export type Handler<E extends ClientEventName> = (
  ctx: HandlerContext,
  data: ClientPayload<E>,
) => AckResults[E] | Promise<AckResults[E]>;

export type HandlerTable = { readonly [E in ClientEventName]: Handler<E> };

/**
 * The room and participant of a joined connection; `not_joined` otherwise. A connection whose
 * room was unloaded, or whose seat another connection took over, is detached here and refused:
 * it can never drive a room that is gone or a participant that is no longer its own.
 */
export function joined(ctx: HandlerContext): { room: Room; p: Participant } {
  const { room, participant, conn } = ctx.session;
  if (room && participant && (room.disposed || participant.conn !== conn)) {
    ctx.session.room = null;
    ctx.session.participant = null;
    fail(ErrorCode.notJoined, 'you are no longer in this room: join again');
  }
  if (!room || !participant) fail(ErrorCode.notJoined, 'join a room first');
  return { room, p: participant };
}

/** Leaves the current room (a second join on the same socket moves it). */
export function leave(ctx: Pick<HandlerContext, 'session' | 'log'>, reason: string): void {
  const { room, participant, conn } = ctx.session;
  if (!room || !participant) return;
  room.detach(participant, conn);
  ctx.log.info({ event: 'leave', room: room.id, participant: participant.id, name: participant.name, reason }, 'leave');
  ctx.session.room = null;
  ctx.session.participant = null;
}

function release(ctx: HandlerContext, p: Participant): void {
  const room = ctx.session.room!;
  ctx.log.info({ event: 'leave', room: room.id, participant: p.id, name: p.name, reason: 'joined again' }, 'leave');
  ctx.session.room = null;
  ctx.session.participant = null;
  room.remove(p, 'release');
}

const join: Handler<'join'> = (ctx, data) => {
  if (data.protocol !== PROTOCOL_VERSION) {
    fail(ErrorCode.protocolMismatch, `this server speaks protocol ${PROTOCOL_VERSION}, the client ${data.protocol}: reload the page`);
  }
  const { conn } = ctx.session;
  const held = ctx.session.participant?.conn === conn && !ctx.session.room?.disposed ? ctx.session.participant : null;
  const { room, participant, result } = ctx.manager.join(conn, data, held ?? undefined);
  // One connection, one seat: the seat it held is released at once, not kept for a grace.
  if (held && held !== participant) release(ctx, held);
  ctx.session.room = room;
  ctx.session.participant = participant;
  ctx.log.info({ event: 'join', room: room.id, participant: participant.id, name: participant.name, host: participant.host, detail: data.detail }, 'join');
  ctx.afterAck(() => {
    room.sendJoinFrames(participant);
    room.drawings.sendTo(participant);
  });
  return result;
};

/** The table the socket layer dispatches through. */
export const handlers: HandlerTable = {
  [ClientEvent.join]: join,
  [ClientEvent.cursor]: (ctx, data) => {
    const { room, p } = joined(ctx);
    room.setCursor(p, data.z, data.seq);
    return {};
  },
  [ClientEvent.rename]: (ctx, data) => {
    const { room, p } = joined(ctx);
    return { you: room.rename(p, data.name) };
  },
  [ClientEvent.ping]: (_ctx, data) => ({ t: data.t, serverTime: Date.now() }),
  [ClientEvent.recordStart]: (ctx) => {
    const { room, p } = joined(ctx);
    room.paths.start(p);
    return {};
  },
  [ClientEvent.recordStop]: (ctx, data) => {
    const { room, p } = joined(ctx);
    return { path: room.paths.stop(p, data.name) };
  },
  [ClientEvent.pathRename]: (ctx, data) => {
    const { room, p } = joined(ctx);
    return { path: room.paths.rename(p, data.id, data.name) };
  },
  [ClientEvent.pathDelete]: (ctx, data) => {
    const { room, p } = joined(ctx);
    room.paths.delete(p, data.id);
    return {};
  },
  [ClientEvent.replayStart]: (ctx, data) => {
    const { room, p } = joined(ctx);
    return { replay: room.replays.start(p, data) };
  },
  [ClientEvent.replayControl]: (ctx, data) => {
    const { room, p } = joined(ctx);
    return { replay: room.replays.control(p, data) };
  },
  [ClientEvent.host]: (ctx, data) => {
    const { room, p } = joined(ctx);
    room.hostAction(p, data);
    return { room: room.snapshot() };
  },
  // Challenge rounds and the heat map: start, stop and the heat map are the host's.
  [ClientEvent.roundStart]: (ctx, data) => {
    const { room, p } = joined(ctx);
    return { round: room.rounds.start(p, data) };
  },
  [ClientEvent.roundStop]: (ctx) => {
    const { room, p } = joined(ctx);
    return { round: room.rounds.stop(p) };
  },
  [ClientEvent.roundVote]: (ctx, data) => {
    const { room, p } = joined(ctx);
    room.rounds.vote(p, data.cursor);
    return {};
  },
  [ClientEvent.heatmap]: (ctx, data) => {
    const { room, p } = joined(ctx);
    return { shown: room.heat.control(p, data) };
  },
  // The training timeline: the host plays, pauses and scrubs it for the room.
  [ClientEvent.timeline]: (ctx, data) => {
    const { room, p } = joined(ctx);
    return { timeline: room.timeline.control(p, data) };
  },
  [ClientEvent.view]: (ctx, data) => {
    const { room, p } = joined(ctx);
    room.setHostView(p, data.region);
    return {};
  },
  ...drawingHandlers,
};
