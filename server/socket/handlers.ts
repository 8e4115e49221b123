/**
 * The socket event table: every client event paired with its zod schema (from shared/protocol.ts)
 * and its handler. Handlers run only on parsed payloads and are synchronous (SQLite writes are too),
 * so a refused request throws before it changes anything.
 */
import type { z } from 'zod';
import {
  ClientEvent, clientSchemas, ErrorCode, PROTOCOL_VERSION, type ClientEventName, type ClientPayload,
} from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import { fail } from '../ProtocolFailure.js';
import type { Room } from '../rooms/Room.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Connection, Participant } from '../rooms/types.js';

/** Per-socket state: which room and participant this connection is. */
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

type Handler<E extends ClientEventName> = (ctx: HandlerContext, data: ClientPayload<E>) => object | void;

export interface EventEntry<E extends ClientEventName> {
  schema: z.ZodType<ClientPayload<E>, unknown>;
  handler: Handler<E>;
}

export type EventTable = { [E in ClientEventName]: EventEntry<E> };

function joined(ctx: HandlerContext): { room: Room; p: Participant } {
  const { room, participant } = ctx.session;
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

function entry<E extends ClientEventName>(event: E, handler: Handler<E>): EventEntry<E> {
  return { schema: clientSchemas[event] as unknown as z.ZodType<ClientPayload<E>, unknown>, handler };
}

/** The table the socket layer dispatches through. */
export const eventTable: EventTable = {
  [ClientEvent.join]: entry(ClientEvent.join, (ctx, data) => {
    if (data.protocol !== PROTOCOL_VERSION) {
      fail(ErrorCode.protocolMismatch, `this server speaks protocol ${PROTOCOL_VERSION}, the client ${data.protocol}: reload the page`);
    }
    const { room, participant, result } = ctx.manager.join(ctx.session.conn, data);
    if (ctx.session.participant !== participant) leave(ctx, 'joined another room');
    ctx.session.room = room;
    ctx.session.participant = participant;
    ctx.log.info({ event: 'join', room: room.id, participant: participant.id, name: participant.name, host: participant.host, detail: data.detail }, 'join');
    ctx.afterAck(() => room.sendJoinFrames(participant));
    return result;
  }),
  [ClientEvent.cursor]: entry(ClientEvent.cursor, (ctx, data) => {
    const { room, p } = joined(ctx);
    room.setCursor(p, data.z, data.seq);
  }),
  [ClientEvent.rename]: entry(ClientEvent.rename, (ctx, data) => {
    const { room, p } = joined(ctx);
    return { you: room.rename(p, data.name) };
  }),
  [ClientEvent.ping]: entry(ClientEvent.ping, (_ctx, data) => ({ t: data.t, serverTime: Date.now() })),
  [ClientEvent.recordStart]: entry(ClientEvent.recordStart, (ctx) => {
    const { room, p } = joined(ctx);
    room.paths.start(p);
  }),
  [ClientEvent.recordStop]: entry(ClientEvent.recordStop, (ctx, data) => {
    const { room, p } = joined(ctx);
    return { path: room.paths.stop(p, data.name) };
  }),
  [ClientEvent.pathRename]: entry(ClientEvent.pathRename, (ctx, data) => {
    const { room, p } = joined(ctx);
    return { path: room.paths.rename(p, data.id, data.name) };
  }),
  [ClientEvent.pathDelete]: entry(ClientEvent.pathDelete, (ctx, data) => {
    const { room, p } = joined(ctx);
    room.paths.delete(p, data.id);
  }),
  [ClientEvent.replayStart]: entry(ClientEvent.replayStart, (ctx, data) => {
    const { room, p } = joined(ctx);
    return { replay: room.replays.start(p, data) };
  }),
  [ClientEvent.replayControl]: entry(ClientEvent.replayControl, (ctx, data) => {
    const { room, p } = joined(ctx);
    return { replay: room.replays.control(p, data) };
  }),
  [ClientEvent.host]: entry(ClientEvent.host, (ctx, data) => {
    const { room, p } = joined(ctx);
    room.hostAction(p, data);
    return { room: room.snapshot() };
  }),
};
