/**
 * The socket.io boundary: counts every incoming packet against the flood limit and hands each
 * event to the connection's dispatcher (createDispatcher.ts), which parses its payload, runs its
 * handler and answers the ack. A bad payload is counted (per socket and per room) and answered
 * with an error ack; it never reaches a handler, so it cannot change state or crash the room.
 */
import type { Server, Socket } from 'socket.io';
import { ClientEvent, ErrorCode, ServerEvent } from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import type { ServerMetrics } from '../metrics.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Connection, Fanout } from '../rooms/types.js';
import { createDispatcher, isClientEvent } from './createDispatcher.js';
import { leave } from './handlers.js';
import { TokenBucket, type RateLimitOptions } from './RateLimiter.js';
import { watchSlowReaders, type SlowReaderOptions } from './slowReaders.js';
import { bufferedBytes } from './socketBuffers.js';

export interface SocketDeps {
  manager: RoomManager;
  log: Logger;
  metrics: ServerMetrics;
  rateLimit: RateLimitOptions;
  slowReaders?: SlowReaderOptions;
}

type AckFn = (answer: unknown) => void;

/** The room's view of a socket.io socket. */
function socketConnection(socket: Socket): Connection {
  return {
    id: socket.id,
    sendFrames(data, volatile) {
      // socket.io discards a volatile packet while the transport is still writing (client.js):
      // the same test, made here, tells the room which client missed the tick.
      if (volatile && !socket.conn.transport.writable) return false;
      socket.emit(ServerEvent.frames, data);
      return true;
    },
    send: (event, payload) => void socket.emit(event, payload),
    close: () => void socket.disconnect(true),
    backlog: () => bufferedBytes(socket),
  };
}

/**
 * Sends one message to many sockets: socket.io encodes it once (each socket is in a socket.io
 * room named by its id), where one emit per socket would serialize it again for each.
 */
export function socketFanout(io: Server): Fanout {
  return (conns, event, payload) => void io.to(conns.map((c) => c.id)).emit(event, payload);
}

/** Wires every connection of `io` to the rooms; returns the function that stops watching for slow readers. */
export function attachSocketHandlers(io: Server, deps: SocketDeps): () => void {
  io.on('connection', (socket) => handleConnection(socket, deps));
  return watchSlowReaders(io, deps.slowReaders ?? {}, deps);
}

function handleConnection(socket: Socket, deps: SocketDeps): void {
  const { log, metrics } = deps;
  const dispatcher = createDispatcher(socketConnection(socket), deps);
  const { session } = dispatcher;
  const bucket = new TokenBucket(deps.rateLimit);
  let packets = 0;
  metrics.connections++;

  // Counted at the engine.io level, before socket.io decodes anything: every packet takes a token,
  // events, acknowledgements and binary attachments alike (only heartbeat answers are free).
  let flooded = false;
  socket.conn.on('packet', (packet: { type: string }) => {
    if (flooded || packet.type === 'pong') return;
    packets++;
    if (bucket.take(Date.now())) return;
    flooded = true;
    metrics.rateLimited++;
    log.warn({ event: 'flood', socket: socket.id, room: session.room?.id, packets }, 'disconnecting a flooding client');
    socket.emit(ServerEvent.notice, { level: 'error', code: 'rate_limited', message: 'too many messages: you were disconnected' });
    socket.disconnect(true);
  });
  // Events already decoded from the read that emptied the bucket are dropped.
  socket.use((_packet, next) => {
    if (!flooded) next();
  });

  // onAny runs before the middleware above, so it only counts unknown events; known ones are
  // handled by their own listeners, after the flood check.
  socket.onAny((event: string, ...args: unknown[]) => {
    if (isClientEvent(event)) return;
    const message = `unknown event "${event}"`;
    dispatcher.countBad(event, message);
    const ack = args.at(-1);
    if (typeof ack === 'function') (ack as AckFn)({ ok: false, error: { code: ErrorCode.badRequest, message } });
  });

  for (const event of Object.values(ClientEvent)) {
    socket.on(event, (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as AckFn) : undefined;
      dispatcher.dispatch(event, args[0], ack);
    });
  }

  socket.on('disconnect', (reason) => {
    metrics.connections--;
    leave({ session, log }, reason);
  });
}
