/**
 * One connection's request pipeline, transport-free: parse the payload with the event's schema,
 * run its handler, answer with an ack, count what was bad. socket.io calls it for every event
 * (attachSocketHandlers.ts); the in-process room tests call it with a fake connection, so both
 * go through exactly the same validation and handlers.
 */
import {
  ClientEvent, describeIssues, ErrorCode, clientSchemas, type AckOf, type AckResults, type ClientEventName, type ProtocolError,
} from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import type { ServerMetrics } from '../metrics.js';
import { ProtocolFailure, toProtocolError } from '../ProtocolFailure.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Connection } from '../rooms/types.js';
import { TokenBucket, type RateLimitOptions } from './RateLimiter.js';
import { handlers as defaultHandlers, type HandlerContext, type HandlerTable, type SocketSession } from './handlers.js';

export interface DispatchDeps {
  manager: RoomManager;
  log: Logger;
  metrics: ServerMetrics;
  /** The handler table; the default is the protocol's (tests may wrap it). */
  handlers?: HandlerTable;
  /** The limit on requests that make a room broadcast (REQUEST_LIMIT by default). */
  requestLimit?: RateLimitOptions;
  /** Milliseconds, for the request limit; Date.now by default (tests pass their hand clock). */
  now?: () => number;
}

/**
 * Requests that make the room broadcast to everyone: limited per connection (5/s, bursts of 10),
 * so one client cannot make a room of 100 chatter. Cursor updates and pings are not among them;
 * `draw` has its own, tighter budget (DRAWING_RATE).
 */
export const BROADCASTING_EVENTS: ReadonlySet<ClientEventName> = new Set<ClientEventName>([
  ClientEvent.join, ClientEvent.rename, ClientEvent.recordStart, ClientEvent.recordStop, ClientEvent.pathRename,
  ClientEvent.pathDelete, ClientEvent.replayStart, ClientEvent.replayControl, ClientEvent.host,
  ClientEvent.roundStart, ClientEvent.roundStop, ClientEvent.roundVote, ClientEvent.heatmap,
  ClientEvent.drawingDelete, ClientEvent.drawingsHost, ClientEvent.timeline,
]);
export const REQUEST_LIMIT = { perSecond: 5, burst: 10 } as const;

export interface Dispatcher {
  readonly session: SocketSession;
  /** Handles one event; `ack` gets the answer (sync, or once an async handler settles). */
  dispatch<E extends ClientEventName>(event: E, payload: unknown, ack?: (answer: AckOf<E>) => void): void;
  /** Counts a bad message (also for unknown events, which never reach `dispatch`). */
  countBad(event: string, message: string): void;
  /** Bad messages from this connection so far. */
  readonly badPayloads: number;
}

/** True for the protocol's client event names. */
export function isClientEvent(event: string): event is ClientEventName {
  return Object.hasOwn(clientSchemas, event);
}

export function createDispatcher(conn: Connection, deps: DispatchDeps): Dispatcher {
  const { log, metrics } = deps;
  const table = deps.handlers ?? defaultHandlers;
  const session: SocketSession = { conn, room: null, participant: null };
  const requests = new TokenBucket(deps.requestLimit, REQUEST_LIMIT);
  const now = deps.now ?? Date.now;
  let badPayloads = 0;

  function countBad(event: string, message: string): void {
    badPayloads++;
    metrics.badPayloads++;
    if (session.room) session.room.metrics.badPayloads++;
    // Log the first few, then every 100th, so a misbehaving client cannot flood the log either.
    if (badPayloads <= 5 || badPayloads % 100 === 0) {
      log.warn({ event: 'bad_payload', socket: conn.id, room: session.room?.id, name: event, count: badPayloads, message }, 'bad payload');
    }
  }

  function refuse<E extends ClientEventName>(event: E, err: unknown, ack?: (answer: AckOf<E>) => void): void {
    const error: ProtocolError = toProtocolError(err);
    if (error.code === ErrorCode.badRequest) countBad(event, error.message);
    if (!(err instanceof ProtocolFailure)) {
      metrics.errors++;
      log.error({ err, event: 'error', name: event, socket: conn.id, room: session.room?.id }, 'handler failed');
    }
    ack?.({ ok: false, error });
  }

  function dispatch<E extends ClientEventName>(event: E, payload: unknown, ack?: (answer: AckOf<E>) => void): void {
    const parsed = clientSchemas[event].safeParse(payload);
    if (!parsed.success) {
      const message = describeIssues(parsed.error);
      countBad(event, message);
      ack?.({ ok: false, error: { code: ErrorCode.badRequest, message } });
      return;
    }
    if (BROADCASTING_EVENTS.has(event) && !requests.take(now())) {
      const message = `too many requests: at most ${REQUEST_LIMIT.perSecond} a second that change the room; wait a moment`;
      ack?.({ ok: false, error: { code: ErrorCode.rateLimited, message } });
      return;
    }
    const after: (() => void)[] = [];
    const ctx: HandlerContext = { session, manager: deps.manager, log, afterAck: (fn) => void after.push(fn) };
    const succeed = (result: AckResults[E]) => {
      ack?.({ ok: true, ...result });
      for (const fn of after) fn();
    };
    let out: AckResults[E] | Promise<AckResults[E]>;
    try {
      out = table[event](ctx, parsed.data);
    } catch (err) {
      return refuse(event, err, ack);
    }
    if (out instanceof Promise) out.then(succeed, (err: unknown) => refuse(event, err, ack));
    else succeed(out);
  }

  return {
    session,
    dispatch,
    countBad,
    get badPayloads() {
      return badPayloads;
    },
  };
}
