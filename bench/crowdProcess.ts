/**
 * A child process holding the reading part of the slow-readers crowd (slowReaders.ts): sockets
 * that join one room and read everything but never move, so that parsing what they receive does
 * not starve the benchmark's own renamers. Driven over IPC: `start` (join them all), `count`
 * (snapshots received per socket per second since the last count, and how many are still
 * connected), `stop`.
 */
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, ServerEvent } from '../shared/protocol.js';

export type CrowdCommand =
  | { type: 'start'; url: string; room: string; count: number; firstName: number }
  | { type: 'count' }
  | { type: 'stop' };

export type CrowdReply =
  | { type: 'joined'; count: number }
  | { type: 'counted'; snapshotsPerSocketPerSecond: number; connected: number }
  | { type: 'error'; message: string };

const sockets: Socket[] = [];
let snapshots = 0;
let countedAt = performance.now();

function send(msg: CrowdReply): void {
  process.send!(msg);
}

async function joinOne(url: string, room: string, name: string): Promise<void> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  socket.on(ServerEvent.room, () => void snapshots++);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(20_000).emitWithAck('join', { protocol: PROTOCOL_VERSION, room, name })) as { ok: boolean };
  if (!ack.ok) throw new Error(`${name} could not join: ${JSON.stringify(ack)}`);
  sockets.push(socket);
}

process.on('message', (cmd: CrowdCommand) => {
  const fail = (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  if (cmd.type === 'start') {
    (async () => {
      for (let i = 0; i < cmd.count; i++) await joinOne(cmd.url, cmd.room, `crowd ${cmd.firstName + i}`);
      send({ type: 'joined', count: sockets.length });
    })().catch(fail);
  } else if (cmd.type === 'count') {
    // Timed here: a busy crowd answers late, and the time it took is part of what it counted.
    const now = performance.now();
    const connected = sockets.filter((s) => s.connected).length;
    const perSocket = snapshots / Math.max(1, connected) / Math.max(0.001, (now - countedAt) / 1000);
    send({ type: 'counted', snapshotsPerSocketPerSecond: Math.round(perSocket * 10) / 10, connected });
    snapshots = 0;
    countedAt = now;
  } else {
    for (const s of sockets) s.disconnect();
    process.disconnect();
    setTimeout(() => process.exit(0), 500).unref();
  }
});
