/**
 * Slow readers: a client that stops reading (a frozen tab, a phone gone to sleep with its socket
 * open) makes the server queue what it sends it. Frames are volatile and room state is coalesced
 * (StateBroadcaster.ts), so little piles up, but acks and notices still do: a socket holding more
 * than `maxBufferedBytes` for `overForMs` is sent a `slow_reader` notice and disconnected, and its
 * buffers are dropped soon after if it still does not read.
 */
import type { Server, Socket } from 'socket.io';
import { ServerEvent, type ServerNotice } from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import type { ServerMetrics } from '../metrics.js';
import { bufferedBytes, dropConnection } from './socketBuffers.js';

export interface SlowReaderOptions {
  /** Bytes one socket may have queued; default 1 MiB. */
  maxBufferedBytes?: number;
  /** How long a socket may stay over it; default 3 s. */
  overForMs?: number;
  /** How often sockets are checked; default 250 ms. */
  checkEveryMs?: number;
}

export const SLOW_READER_DEFAULTS: Required<SlowReaderOptions> = { maxBufferedBytes: 1024 * 1024, overForMs: 3000, checkEveryMs: 250 };

/** How long a disconnected slow reader gets to take its notice before its connection is dropped. */
const DROP_AFTER_MS = 2000;

/** Watches every socket of `io`; returns the function that stops watching. */
export function watchSlowReaders(io: Server, options: SlowReaderOptions, deps: { log: Logger; metrics: ServerMetrics }): () => void {
  const o = { ...SLOW_READER_DEFAULTS, ...options };
  const overSince = new WeakMap<Socket, number>();
  const timer = setInterval(() => {
    const now = Date.now();
    for (const socket of io.of('/').sockets.values()) {
      const bytes = bufferedBytes(socket);
      if (bytes <= o.maxBufferedBytes) {
        overSince.delete(socket);
        continue;
      }
      const since = overSince.get(socket) ?? now;
      overSince.set(socket, since);
      if (now - since >= o.overForMs) disconnect(socket, bytes, deps);
    }
  }, o.checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}

function disconnect(socket: Socket, bytes: number, deps: { log: Logger; metrics: ServerMetrics }): void {
  deps.metrics.slowReaders++;
  deps.log.warn({ event: 'slow_reader', socket: socket.id, bytes }, 'disconnecting a client that does not read what it is sent');
  const notice: ServerNotice = {
    level: 'error', code: 'slow_reader', message: 'your connection fell too far behind: you were disconnected (reload to rejoin)',
  };
  socket.emit(ServerEvent.notice, notice);
  // The room lets go of the participant at once (the 'disconnect' handler runs now); the bytes
  // queued for the socket go when it reads them or, at the latest, a moment later.
  socket.disconnect(true);
  setTimeout(() => dropConnection(socket), DROP_AFTER_MS).unref();
}
