/**
 * The transport baseline: a bare socket.io relay that speaks just enough of the protocol for the
 * bots (join with an ack, volatile `cursor` updates, binary `frames`) and sends every client the same
 * message it would get from the real server, at the same 20 Hz tick and of the same size (own cursor
 * FULL, others THUMB every other tick and POSITION in between, composed by the server's own
 * TickFrames), but with blank pixels: no decoder, no zod parsing, no rate limiting, no rooms logic,
 * no database. What the real server costs beyond this is what our own code costs.
 *
 *   npx tsx bench/relayServer.ts [--port 0]      prints "relay on http://localhost:PORT"
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Server, type Socket } from 'socket.io';
import { IMAGE_PIXELS } from '../shared/constants.js';
import { FrameKind } from '../shared/frameCodec.js';
import { ServerEvent, TICK_RATE, type RoomSnapshot } from '../shared/protocol.js';
import { joinFrames, TickFrames, type TickUpdate } from '../server/rooms/frameComposer.js';
import { newCursor, type Cursor } from '../server/rooms/types.js';

const BLANK = new Uint8Array(IMAGE_PIXELS);
const BOUNDS: [number, number, number, number] = [-4, -4, 4, 4];

interface RelayRoom {
  id: string;
  members: Map<number, { cursor: Cursor; socket: Socket }>;
  nextId: number;
  tickNo: number;
  timer: NodeJS.Timeout;
  ticks: number;
  bytesSent: number;
}

const rooms = new Map<string, RelayRoom>();

/** The same choice as RoomTicker.sharedKind, without ghosts or a spotlight. */
function sharedKind(c: Cursor, tick: number): FrameKind {
  if (c.lastThumbTick >= tick - 1) {
    c.owesThumb = true;
    return FrameKind.position;
  }
  c.lastThumbTick = tick;
  c.owesThumb = false;
  return FrameKind.thumb;
}

function tick(room: RelayRoom): void {
  const cursors = [...room.members.values()].map((m) => m.cursor);
  const moved = cursors.filter((c) => c.moved && c.z);
  const owed = cursors.filter((c) => !c.moved && c.owesThumb && c.frame);
  if (moved.length === 0 && owed.length === 0) return;
  const t = ++room.tickNo;
  const updates: TickUpdate[] = [];
  for (const c of moved) {
    c.moved = false;
    c.frame = BLANK;
    c.frameZ = [c.z![0], c.z![1]];
    c.frameSeq = c.seq;
    updates.push({ cursor: c, decoded: true, kind: sharedKind(c, t) });
  }
  for (const c of owed) updates.push({ cursor: c, decoded: false, kind: sharedKind(c, t) });
  const frames = new TickFrames(t, updates);
  for (const m of room.members.values()) {
    const msg = frames.forClient(m.cursor.id, 'auto');
    if (!msg) continue;
    m.socket.volatile.emit(ServerEvent.frames, msg);
    room.bytesSent += msg.length;
  }
  room.ticks++;
}

function roomOf(id: string): RelayRoom {
  let room = rooms.get(id);
  if (!room) {
    const r: RelayRoom = { id, members: new Map(), nextId: 1, tickNo: 0, ticks: 0, bytesSent: 0, timer: setInterval(() => tick(r), 1000 / TICK_RATE.default) };
    rooms.set(id, r);
    room = r;
  }
  return room;
}

function snapshot(room: RelayRoom): RoomSnapshot {
  return { id: room.id, model: 'vae', tickRate: TICK_RATE.default, loopRate: TICK_RATE.default, frozen: false, spotlight: null, follow: false, lock: null, paused: false, namesHidden: false, studentReplays: true, participants: [], replays: [], bounds: BOUNDS };
}

type Ack = (answer: unknown) => void;

function onConnection(socket: Socket): void {
  let joined: { room: RelayRoom; cursor: Cursor } | null = null;
  socket.on('join', (req: { room: string; name?: string }, ack: Ack) => {
    const room = roomOf(req.room);
    const id = room.nextId++;
    const cursor = newCursor(id, false);
    room.members.set(id, { cursor, socket });
    joined = { room, cursor };
    const you = { id, name: req.name ?? `relay ${id}`, color: '#888888', connected: true, host: false, recording: false };
    ack({ ok: true, you, session: 'relay-session-0000', room: snapshot(room), paths: [] });
    socket.emit(ServerEvent.frames, joinFrames(room.tickNo, [...room.members.values()].map((m) => m.cursor), id, 'auto', null));
  });
  socket.on('cursor', (u: { z: [number, number]; seq: number }) => {
    if (!joined) return;
    const c = joined.cursor;
    c.seq = u.seq;
    c.z = u.z;
    c.moved = true;
  });
  socket.on('disconnect', () => {
    if (!joined) return;
    joined.room.members.delete(joined.cursor.id);
    if (joined.room.members.size === 0) {
      clearInterval(joined.room.timer);
      rooms.delete(joined.room.id);
    }
  });
}

function main(): void {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
  const httpServer = http.createServer((req, res) => {
    // The same shape as the real /healthz rooms list, for the counters the benchmark reads.
    if (req.url === '/healthz') {
      const list = [...rooms.values()].map((r) => ({ id: r.id, participants: r.members.size, ticks: r.ticks, skippedTicks: 0, bytesSent: r.bytesSent }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ready: true, rooms: list }));
      return;
    }
    res.writeHead(404).end();
  });
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 16 * 1024 });
  io.on('connection', onConnection);
  httpServer.listen(Number(values.port), () => {
    console.log(`relay on http://localhost:${(httpServer.address() as AddressInfo).port}`);
  });
  const stop = () => {
    for (const r of rooms.values()) clearInterval(r.timer);
    io.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
