/**
 * Server-wide counters, shown by /healthz next to each room's own counters (see RoomMetrics).
 */
export interface ServerMetrics {
  connections: number;
  badPayloads: number;
  rateLimited: number;
  /** Sockets disconnected for not reading what they were sent (socket/slowReaders.ts). */
  slowReaders: number;
  errors: number;
  startedAt: number;
}

export function createMetrics(): ServerMetrics {
  return { connections: 0, badPayloads: 0, rateLimited: 0, slowReaders: 0, errors: 0, startedAt: Date.now() };
}
