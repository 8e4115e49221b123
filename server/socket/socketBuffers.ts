/**
 * What socket.io does not say about a socket: how many bytes wait in this process to be sent to it,
 * and how to drop it at once. Both read engine.io's internals (its write buffer, and the `ws`
 * socket of a websocket transport), kept in this one module; checked against engine.io 6 and ws 8
 * by test/integration/slowReaders.test.ts.
 */
import type { Socket } from 'socket.io';

interface EngineInternals {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: unknown; terminate?: () => void } };
  close(discard?: boolean): void;
}

const engineOf = (socket: Socket) => socket.conn as unknown as EngineInternals;

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Bytes queued for `socket` in this process: packets engine.io holds while its transport is busy
 * (or, for long-polling, until the next poll), plus what the websocket has not handed to the kernel.
 */
export function bufferedBytes(socket: Socket): number {
  const engine = engineOf(socket);
  let bytes = 0;
  for (const packet of engine.writeBuffer ?? []) bytes += sizeOf(packet.data);
  const ws = engine.transport?.socket?.bufferedAmount;
  return bytes + (typeof ws === 'number' ? ws : 0);
}

/** Drops the connection now, with whatever is still queued for it (a client that stopped reading). */
export function dropConnection(socket: Socket): void {
  const engine = engineOf(socket);
  // A websocket's close handshake would wait behind the queued bytes: end the TCP connection instead.
  engine.transport?.socket?.terminate?.();
  engine.close(true);
}
