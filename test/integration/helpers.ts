/**
 * Shared pieces of the integration tests: a real server on port 0 (API + socket.io, no Next) with
 * its own SQLite file, and real socket.io clients that join, ack and collect frames.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { decodeFrames, type FrameMessage } from '../../shared/frameCodec.js';
import {
  PROTOCOL_VERSION, ServerEvent, type AckOf, type ClientEventName, type JoinResult, type RoomSnapshot, type ServerNotice,
} from '../../shared/protocol.js';
import type { ServerOptions } from '../../server/config.js';
import { createServer, type PlaygroundServer } from '../../server/createServer.js';

/** Shipped models in CI; `MODELS_DIR=/tmp/dev-models` while developing. */
export const MODELS_DIR = process.env.MODELS_DIR ?? 'models';

export function tempDbFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'playground-test-')), 'test.db');
}

/** The admin token test servers run with: it unlocks /healthz's per-room details. */
export const ADMIN_TOKEN = 'integration-test-admin-token';

export function startServer(options: ServerOptions = {}): Promise<PlaygroundServer> {
  return createServer({
    port: 0, host: '127.0.0.1', next: false, modelsDir: MODELS_DIR, logLevel: 'silent', dbFile: tempDbFile(), adminToken: ADMIN_TOKEN,
    ...options,
  });
}

/** /healthz with the admin token: totals, worker, and the rooms with their counters. */
export async function adminHealth<T = Record<string, unknown>>(url: string): Promise<T> {
  const res = await fetch(`${url}/healthz`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await res.json()) as T;
}

/** A test client: a socket plus everything the server sent it. */
export interface TestClient {
  socket: Socket;
  frames: FrameMessage[];
  notices: ServerNotice[];
  rooms: RoomSnapshot[];
  emit<E extends ClientEventName>(event: E, payload?: unknown): Promise<AckOf<E>>;
  close(): void;
}

export async function connect(url: string, opts: { reconnection?: boolean } = {}): Promise<TestClient> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: opts.reconnection ?? false });
  const c: TestClient = {
    socket,
    frames: [],
    notices: [],
    rooms: [],
    emit: (event, payload) => socket.timeout(10_000).emitWithAck(event, payload) as never,
    close: () => void socket.disconnect(),
  };
  socket.on(ServerEvent.frames, (d: Uint8Array) => c.frames.push(decodeFrames(d)));
  socket.on(ServerEvent.notice, (n: ServerNotice) => c.notices.push(n));
  socket.on(ServerEvent.room, (r: RoomSnapshot) => c.rooms.push(r));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return c;
}

/** Connects and joins; throws if the join is refused. */
export async function joinRoom(url: string, room: string, extra: Record<string, unknown> = {}): Promise<TestClient & { joined: JoinResult }> {
  const c = await connect(url);
  const ack = await c.emit('join', { protocol: PROTOCOL_VERSION, room, ...extra });
  if (!ack.ok) throw new Error(`join refused: ${ack.error.message}`);
  return Object.assign(c, { joined: ack });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Moves a joined client's cursor (acked) and waits for the frame decoded from that move, i.e.
 * until a room tick has taken it: recordings sampled it, everyone was sent it.
 */
export async function steer(c: TestClient & { joined: JoinResult }, z: [number, number], seq: number): Promise<void> {
  const ack = await c.emit('cursor', { z, seq });
  if (!ack.ok) throw new Error(`cursor refused: ${ack.error.message}`);
  await waitFor(() => entries(c).some((e) => e.id === c.joined.you.id && e.seq === seq), 5000, `the frame of move ${seq}`);
}

/** Every frame entry a client received, newest last. */
export function entries(c: TestClient) {
  return c.frames.flatMap((f) => f.entries.map((e) => ({ ...e, tick: f.tick })));
}
