/**
 * The socket boundary: counts every incoming message against the flood limit, parses each event's
 * payload with its schema from the event table, runs the handler, and answers with an ack. A bad
 * payload is counted (per socket and per room) and answered with an error ack; it never reaches a
 * handler, so it cannot change state or crash the room.
 */
import type { Server, Socket } from 'socket.io';
import { describeIssues, ErrorCode, ServerEvent, type ClientEventName, type ProtocolError } from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import type { ServerMetrics } from '../metrics.js';
import { toProtocolError, ProtocolFailure } from '../ProtocolFailure.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Connection } from '../rooms/types.js';
import { eventTable, leave, type HandlerContext, type SocketSession } from './handlers.js';
import { RateLimiter, type RateLimitOptions } from './RateLimiter.js';

export interface SocketDeps {
  manager: RoomManager;
  log: Logger;
  metrics: ServerMetrics;
  rateLimit: RateLimitOptions;
}

type AckFn = (answer: unknown) => void;

/** The room's view of a socket.io socket. */
export function socketConnection(socket: Socket): Connection {
  return {
    id: socket.id,
    sendFrames: (data, volatile) => void (volatile ? socket.volatile : socket).emit(ServerEvent.frames, data),
    send: (event, payload) => void socket.emit(event, payload),
    close: () => void socket.disconnect(true),
  };
}

/** Wires every connection of `io` to the rooms. */
export function attachSocketHandlers(io: Server, deps: SocketDeps): void {
  io.on('connection', (socket) => handleConnection(socket, deps));
}

function handleConnection(socket: Socket, deps: SocketDeps): void {
  const { log, metrics } = deps;
  const session: SocketSession = { conn: socketConnection(socket), room: null, participant: null };
  const counters = { messages: 0, badPayloads: 0 };
  const limiter = new RateLimiter(deps.rateLimit);
  metrics.connections++;

  const countBad = (event: string, message: string) => {
    counters.badPayloads++;
    metrics.badPayloads++;
    if (session.room) session.room.metrics.badPayloads++;
    // Log the first few, then every 100th, so a misbehaving client cannot flood the log either.
    if (counters.badPayloads <= 5 || counters.badPayloads % 100 === 0) {
      log.warn({ event: 'bad_payload', socket: socket.id, room: session.room?.id, name: event, count: counters.badPayloads, message }, 'bad payload');
    }
  };

  let flooded = false;
  socket.use((_packet, next) => {
    // Packets already received in the same read as the one that tripped the limit are dropped.
    if (flooded) return;
    counters.messages++;
    if (!limiter.hit(Date.now())) return next();
    flooded = true;
    metrics.rateLimited++;
    log.warn({ event: 'flood', socket: socket.id, room: session.room?.id, messages: counters.messages }, 'disconnecting a flooding client');
    socket.emit(ServerEvent.notice, { level: 'error', code: 'rate_limited', message: 'too many messages: you were disconnected' });
    socket.disconnect(true);
  });

  socket.onAny((event: string, ...args: unknown[]) => {
    if (Object.hasOwn(eventTable, event)) return;
    const message = `unknown event "${event}"`;
    countBad(event, message);
    const ack = args.at(-1);
    if (typeof ack === 'function') (ack as AckFn)({ ok: false, error: { code: ErrorCode.badRequest, message } });
  });

  for (const event of Object.keys(eventTable) as ClientEventName[]) {
    socket.on(event, (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as AckFn) : undefined;
      dispatch(event, args[0], ack);
    });
  }

  function dispatch(event: ClientEventName, payload: unknown, ack: AckFn | undefined): void {
    const { schema, handler } = eventTable[event];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const message = describeIssues(parsed.error);
      countBad(event, message);
      ack?.({ ok: false, error: { code: ErrorCode.badRequest, message } });
      return;
    }
    const after: (() => void)[] = [];
    const ctx: HandlerContext = { session, manager: deps.manager, log, afterAck: (fn) => void after.push(fn) };
    let answer: { ok: true } | { ok: false; error: ProtocolError };
    try {
      answer = { ok: true, ...((handler as (c: HandlerContext, d: unknown) => object | void)(ctx, parsed.data) ?? {}) };
    } catch (err) {
      const error = toProtocolError(err);
      if (error.code === ErrorCode.badRequest) countBad(event, error.message);
      if (!(err instanceof ProtocolFailure)) {
        metrics.errors++;
        log.error({ err, event: 'error', name: event, socket: socket.id, room: session.room?.id }, 'handler failed');
      }
      ack?.({ ok: false, error });
      return;
    }
    ack?.(answer);
    for (const fn of after) fn();
  }

  socket.on('disconnect', (reason) => {
    metrics.connections--;
    leave({ session, log }, reason);
  });
}
