/**
 * One room: its people and their cursors, its ghosts (replays), its settings, and its tick, which
 * decodes every cursor that moved in one batch and sends each client one binary message.
 * Paths, replays and the tick are delegated to RoomPaths, ReplaySet and RoomTicker; this class
 * owns the state and the rules.
 */
import type { ModelKind } from '../../shared/constants.js';
import { clampToBounds, insideBounds, type LatentBounds, type LatentPoint } from '../../shared/latent.js';
import {
  ErrorCode, ServerEvent, type HostAction, type JoinRequest, type JoinResult, type ParticipantInfo,
  type RoomSnapshot, type ServerNotice,
} from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import { pickColor } from './colors.js';
import { joinFrames } from './frameComposer.js';
import { defaultName, uniqueName } from './names.js';
import { ReplaySet } from './ReplaySet.js';
import { RoomPaths } from './RoomPaths.js';
import { RoomTicker } from './RoomTicker.js';
import { hashToken, newToken, tokenMatches } from './secrets.js';
import { newCursor, type Connection, type Cursor, type Participant, type RoomDeps } from './types.js';

export interface RoomInit {
  id: string;
  model: ModelKind;
  tickRate: number;
  hostKeyHash: string;
}

/** Counters a room keeps for logs and /healthz. */
export interface RoomMetrics {
  ticks: number;
  skippedTicks: number;
  decodeErrors: number;
  decodedFrames: number;
  decodeMsTotal: number;
  bytesSent: number;
  badPayloads: number;
}

export class Room {
  readonly id: string;
  model: ModelKind;
  tickRate: number;
  frozen = false;
  spotlight: number | null = null;
  readonly metrics: RoomMetrics = {
    ticks: 0, skippedTicks: 0, decodeErrors: 0, decodedFrames: 0, decodeMsTotal: 0, bytesSent: 0, badPayloads: 0,
  };
  readonly participants = new Map<number, Participant>();
  readonly paths: RoomPaths;
  readonly replays: ReplaySet;
  private readonly hostKeyHash: string;
  private nextId = 1;
  private readonly ticker: RoomTicker;
  private snapshotQueued = false;
  /** Set by dispose(); late async work (a decode in flight) checks it. */
  disposed = false;

  constructor(init: RoomInit, readonly deps: RoomDeps) {
    this.id = init.id;
    this.model = init.model;
    this.tickRate = init.tickRate;
    this.hostKeyHash = init.hostKeyHash;
    this.paths = new RoomPaths(this);
    this.replays = new ReplaySet(this);
    this.ticker = new RoomTicker(this);
    this.ticker.start(this.tickRate);
  }

  /** Adds (or, with a known session, resumes) a participant. `grantedKey` marks the room's creator. */
  join(conn: Connection, req: JoinRequest, grantedKey?: string): { result: JoinResult; participant: Participant } {
    let p = req.session ? this.findSession(req.session) : undefined;
    if (p) {
      if (p.graceTimer) clearTimeout(p.graceTimer);
      p.graceTimer = null;
      if (p.conn && p.conn.id !== conn.id) this.notify(p, { level: 'warning', code: 'session_taken', message: 'you joined from another tab' }, true);
      p.detail = req.detail;
    } else {
      if (this.participants.size >= this.deps.limits.participantsPerRoom) {
        fail(ErrorCode.roomFull, `room ${this.id} is full (${this.deps.limits.participantsPerRoom} people)`);
      }
      const session = req.session ?? newToken();
      const id = this.allocateId();
      p = {
        id, session, sessionHash: hashToken(session), host: false, detail: req.detail, conn: null,
        name: uniqueName(req.name ?? defaultName(), this.namesExcept(null)),
        color: pickColor(this.colors()), cursor: newCursor(id, false), recording: null, graceTimer: null,
      };
      this.participants.set(id, p);
    }
    const keyMatches = tokenMatches(req.hostKey, this.hostKeyHash);
    p.host = p.host || keyMatches || grantedKey !== undefined;
    p.conn = conn;
    this.queueSnapshot();
    const hostKey = grantedKey ?? (keyMatches ? req.hostKey : undefined);
    const result: JoinResult = {
      you: this.info(p), session: p.session, room: this.snapshot(), paths: this.paths.list(),
      ...(hostKey ? { hostKey } : {}),
    };
    return { result, participant: p };
  }

  /** Sends a newcomer every cursor's current frame (reliably: it is sent once, not every tick). */
  sendJoinFrames(p: Participant): void {
    p.conn?.sendFrames(joinFrames(this.ticker.tickNo, this.allCursors(), p.cursor.id, p.detail, this.spotlight), false);
  }

  /** A connection went away: keep the participant and cursor for the reconnect grace. */
  detach(p: Participant, conn: Connection): void {
    if (p.conn?.id !== conn.id) return;
    p.conn = null;
    this.queueSnapshot();
    p.graceTimer = setTimeout(() => this.remove(p), this.deps.limits.reconnectGraceMs);
  }

  private remove(p: Participant): void {
    if (this.participants.get(p.id) !== p) return;
    if (p.graceTimer) clearTimeout(p.graceTimer);
    this.paths.autosave(p, 'left the room');
    this.participants.delete(p.id);
    if (this.spotlight === p.id) this.spotlight = null;
    this.deps.log.info({ event: 'expire', room: this.id, participant: p.id, name: p.name }, 'participant expired');
    this.queueSnapshot();
    if (this.participants.size === 0) this.deps.onEmpty(this.id);
  }

  /** Applies a cursor update after checking it is inside the model's bounds and steering is open. */
  setCursor(p: Participant, z: LatentPoint, seq: number): void {
    if (this.frozen && !p.host) fail(ErrorCode.frozen, 'the host has frozen steering');
    if (!insideBounds(this.bounds(), z)) fail(ErrorCode.badRequest, `z is outside the latent bounds [${this.bounds().join(', ')}]`);
    const c = p.cursor;
    c.seq = seq;
    if (c.z && c.z[0] === z[0] && c.z[1] === z[1]) return;
    c.z = [z[0], z[1]];
    c.moved = true;
  }

  rename(p: Participant, name: string): ParticipantInfo {
    p.name = uniqueName(name, this.namesExcept(p));
    this.queueSnapshot();
    return this.info(p);
  }

  /** Host actions; the caller has checked nothing, so the host check is here. */
  hostAction(p: Participant, action: HostAction): void {
    if (!p.host) fail(ErrorCode.notHost, 'only the host can do that');
    switch (action.action) {
      case 'model':
        this.setModel(action.model);
        break;
      case 'freeze':
        this.frozen = action.frozen;
        break;
      case 'spotlight':
        this.setSpotlight(action.cursor);
        break;
      case 'tickRate':
        this.tickRate = action.hz;
        this.deps.store.updateRoom(this.id, { tickRate: action.hz });
        this.ticker.start(action.hz);
        break;
      case 'stopAllReplays':
        this.replays.stopAll();
        break;
    }
    this.queueSnapshot();
  }

  private setModel(model: ModelKind): void {
    if (!this.deps.models.includes(model)) fail(ErrorCode.badRequest, `model ${model} is not served here`);
    if (model === this.model) return;
    this.model = model;
    this.deps.store.updateRoom(this.id, { model });
    const b = this.bounds();
    for (const c of this.allCursors()) {
      if (!c.z) continue;
      if (!c.ghost) c.z = clampToBounds(b, c.z);
      c.moved = true;
    }
  }

  private setSpotlight(id: number | null): void {
    const c = id === null ? undefined : this.allCursors().find((x) => x.id === id);
    if (id !== null && !c) fail(ErrorCode.notFound, `no cursor ${id} in this room`);
    this.spotlight = id;
    // Everyone needs the spotlighted digit at full size now, not when it next moves.
    if (c?.z) c.moved = true;
  }

  bounds(): LatentBounds {
    return this.deps.boundsOf(this.model);
  }

  snapshot(): RoomSnapshot {
    return {
      id: this.id, model: this.model, tickRate: this.tickRate, frozen: this.frozen, spotlight: this.spotlight,
      participants: [...this.participants.values()].map((p) => this.info(p)),
      replays: this.replays.infos(), bounds: this.bounds(),
    };
  }

  info(p: Participant): ParticipantInfo {
    return { id: p.id, name: p.name, color: p.color, connected: p.conn !== null, host: p.host, recording: p.recording !== null };
  }

  /** Coalesces the changes of one event-loop turn into one `room` broadcast. */
  queueSnapshot(): void {
    if (this.snapshotQueued || this.disposed) return;
    this.snapshotQueued = true;
    queueMicrotask(() => {
      this.snapshotQueued = false;
      if (!this.disposed) this.broadcast(ServerEvent.room, this.snapshot());
    });
  }

  broadcast(event: string, payload: unknown): void {
    for (const p of this.participants.values()) p.conn?.send(event, payload);
  }

  notify(p: Participant, notice: ServerNotice, close = false): void {
    p.conn?.send(ServerEvent.notice, notice);
    if (close) p.conn?.close();
  }

  findSession(session: string): Participant | undefined {
    for (const p of this.participants.values()) if (p.session === session) return p;
    return undefined;
  }

  /** Cursor ids are unique among participants and ghosts and fit the frame's u16. */
  allocateId(): number {
    const used = new Set(this.allCursors().map((c) => c.id));
    while (used.has(this.nextId) || this.nextId === 0) this.nextId = (this.nextId + 1) & 0xffff;
    const id = this.nextId;
    this.nextId = (this.nextId + 1) & 0xffff;
    return id;
  }

  colors(): string[] {
    return [...this.participants.values()].map((p) => p.color).concat(this.replays.colors());
  }

  private namesExcept(p: Participant | null): string[] {
    return [...this.participants.values()].filter((x) => x !== p).map((x) => x.name);
  }

  /** Every cursor: participants' and ghosts'. */
  allCursors(): Cursor[] {
    return [...this.participants.values()].map((p) => p.cursor).concat(this.replays.cursors());
  }

  /** Participants (connected or within their grace); an empty room can be unloaded. */
  get size(): number {
    return this.participants.size;
  }

  /** Stops the tick and timers; saves recordings in progress when `autosave` (shutdown). */
  dispose(autosave: boolean): void {
    if (this.disposed) return;
    this.ticker.stop();
    for (const p of this.participants.values()) {
      if (autosave) this.paths.autosave(p, 'the server shut down');
      if (p.graceTimer) clearTimeout(p.graceTimer);
    }
    this.replays.stopAll();
    this.disposed = true;
  }
}
