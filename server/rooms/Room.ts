/**
 * One room: its people and their cursors, its settings and rules, and its loop. Every `tick()`
 * expires reconnect graces, runs the room's systems (replays walk, recordings sample, and whatever
 * a feature adds with `use`), then asks the RoomTicker to decode every cursor that moved in one
 * batch and send each client one binary message. The room starts no timer: the manager calls
 * `tick()` at the room's rate, a test calls it by hand with its own clock.
 */
import type { ModelKind } from '../../shared/constants.js';
import { insideBounds, type LatentBounds, type LatentPoint } from '../../shared/latent.js';
import {
  ErrorCode, ServerEvent, type GatherUpdate, type HostAction, type JoinRequest, type JoinResult, type ParticipantInfo,
  type RoomSnapshot, type ServerNotice, type ViewLock, type ViewUpdate,
} from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import { pickColor } from './colors.js';
import { joinFrames } from './frameComposer.js';
import { AdaptiveTick } from './AdaptiveTick.js';
import { applyHostAction } from './hostActions.js';
import { InterestFrames } from './InterestFrames.js';
import { defaultName, uniqueName } from './names.js';
import { HeatMap } from './HeatMap.js';
import { ReplaySet } from './ReplaySet.js';
import { RoomDrawings } from './RoomDrawings.js';
import { RoomPaths } from './RoomPaths.js';
import { RoomTimeline } from './RoomTimeline.js';
import { RoundSystem } from './RoundSystem.js';
import { sendEach, StateBroadcaster, STATE_INTERVAL_MS } from './StateBroadcaster.js';
import { newRoomMetrics, RoomTicker, type RoomMetrics, type TickSource } from './RoomTicker.js';
import { hashToken, newToken, tokenMatches } from './secrets.js';
import {
  newCursor, type Connection, type Cursor, type Participant, type RoomContext, type RoomDeps, type RoomSystem, type TickClient,
} from './types.js';

export interface RoomInit {
  id: string;
  model: ModelKind;
  tickRate: number;
  hostKeyHash: string;
}

export type { RoomMetrics };

export class Room implements RoomContext, TickSource {
  readonly id: string;
  model: ModelKind;
  frozen = false;
  spotlight: number | null = null;
  follow = false;
  lock: ViewLock | null = null;
  paused = false;
  namesHidden = false;
  studentReplays = true;
  /** The host's last visible region (sent to the class while it follows). */
  private hostView: LatentBounds | null = null;
  readonly metrics: RoomMetrics = newRoomMetrics();
  private readonly people = new Map<number, Participant>();
  readonly paths: RoomPaths;
  readonly replays: ReplaySet;
  readonly rounds: RoundSystem;
  readonly heat: HeatMap;
  readonly drawings: RoomDrawings;
  readonly timeline: RoomTimeline;
  private readonly hostKeyHash: string;
  private nextId = 1;
  private readonly ticker: RoomTicker;
  /** The rate the room ticks at: the host's, lowered while decodes cannot keep up. */
  readonly adaptive: AdaptiveTick;
  private readonly systems: RoomSystem[] = [];
  private lastTickAt: number;
  private readonly state: StateBroadcaster;
  /** Set by dispose(); late async work (a decode in flight) checks it. */
  disposed = false;

  constructor(init: RoomInit, readonly deps: RoomDeps) {
    this.id = init.id;
    this.model = init.model;
    this.hostKeyHash = init.hostKeyHash;
    this.lastTickAt = deps.clock.now();
    this.adaptive = new AdaptiveTick(init.tickRate, this.lastTickAt, this.metrics);
    const compose = deps.composeFrames ?? new InterestFrames(this).compose;
    this.ticker = new RoomTicker({ decoder: deps.decoder, metrics: this.metrics, compose, now: () => deps.clock.now() });
    this.state = new StateBroadcaster({
      clock: deps.clock, receivers: () => this.receivers(), fanout: deps.fanout,
      // A snapshot names everyone (~100 bytes each): in a large room it goes out less often, so a
      // join storm costs each client at most ~25 KB/s of snapshots, whatever the room's size.
      intervalMs: () => Math.max(STATE_INTERVAL_MS, this.people.size * 4),
    });
    this.replays = this.use(new ReplaySet(this));
    this.paths = this.use(new RoomPaths(this));
    this.rounds = this.use(new RoundSystem(this, () => !!deps.decoder.classify && deps.decoder.hasClassifier !== false));
    this.heat = this.use(new HeatMap(this, { model: () => this.model, bounds: () => this.bounds() }));
    this.drawings = this.use(new RoomDrawings(this, deps.decoder, deps.nearest));
    this.timeline = this.use(new RoomTimeline(this, {
      model: () => this.model, cursors: () => this.cursors(), steps: (m) => deps.timelineSteps?.(m) ?? null,
    }));
  }

  /** The tick rate the host set (saved with the room). */
  get tickRate(): number {
    return this.adaptive.target;
  }

  set tickRate(hz: number) {
    this.adaptive.setTarget(hz);
  }

  /** The rate the room ticks at now (below tickRate while its decodes cannot keep up). */
  get loopRate(): number {
    return this.adaptive.rate;
  }

  /** Adds per-tick work (see RoomSystem); systems run in the order they were added. */
  use<S extends RoomSystem>(system: S): S {
    this.systems.push(system);
    return system;
  }

  /**
   * One step of the room's loop. Resolves once this tick's frames are sent (at once when a decode
   * is still running: its moves wait for the next tick). Never rejects; failures are counted and logged.
   */
  tick(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const now = this.deps.clock.now();
    const dt = now - this.lastTickAt;
    this.lastTickAt = now;
    this.expireGraces(now);
    if (this.disposed) return Promise.resolve();
    if (this.adaptive.observe(now, this.metrics)) {
      this.deps.log.warn({ event: 'tick_rate', room: this.id, hz: this.adaptive.rate, target: this.tickRate }, 'room tick rate changed under load');
      this.queueSnapshot();
    }
    this.state.tick(now);
    for (const s of this.systems) s.beforeTick?.(now, dt);
    return this.ticker.run(this).catch((err: unknown) => {
      // A failing decoder fails every tick: log the first failure and every 100th.
      if (this.metrics.decodeErrors % 100 === 1) this.deps.log.error({ err, event: 'error', room: this.id, errors: this.metrics.decodeErrors }, 'tick failed');
    });
  }

  /** Number of the last tick that sent frames. */
  get tickNo(): number {
    return this.ticker.tickNo;
  }

  /**
   * Adds (or, with a known session, resumes) a participant. `grantedKey` marks the room's creator.
   * `replacing` is the seat this connection holds now, released once the join succeeds: it does
   * not count against the room's cap.
   */
  join(conn: Connection, req: JoinRequest, grantedKey?: string, replacing?: Participant): { result: JoinResult; participant: Participant } {
    let p = req.session ? this.findSession(req.session) : undefined;
    if (p) {
      const previous = p.conn;
      // The new connection holds the seat before the old one is closed: closing it runs its
      // leave, which must find nothing to detach (or it would arm a grace that nothing clears).
      p.conn = conn;
      p.graceUntil = null;
      p.detail = req.detail;
      p.viewer = req.viewer;
      if (previous && previous.id !== conn.id) {
        previous.send(ServerEvent.notice, { level: 'warning', code: 'session_taken', message: 'you joined from another tab' } satisfies ServerNotice);
        previous.close();
      }
    } else {
      const freed = replacing && this.people.get(replacing.id) === replacing ? 1 : 0;
      if (this.people.size - freed >= this.deps.limits.participantsPerRoom) {
        fail(ErrorCode.roomFull, `room ${this.id} is full (${this.deps.limits.participantsPerRoom} people)`);
      }
      const session = req.session ?? newToken();
      const id = this.allocateId();
      p = {
        id, session, sessionHash: hashToken(session), host: false, viewer: req.viewer, detail: req.detail, conn,
        name: uniqueName(req.name ?? defaultName(), this.namesExcept(null)),
        color: pickColor(this.colors()), cursor: newCursor(id, false), recording: null, graceUntil: null,
      };
      this.people.set(id, p);
    }
    const keyMatches = tokenMatches(req.hostKey, this.hostKeyHash);
    p.host = p.host || keyMatches || grantedKey !== undefined;
    this.queueSnapshot();
    for (const s of this.systems) s.onJoin?.(p);
    const hostKey = grantedKey ?? (keyMatches ? req.hostKey : undefined);
    const result: JoinResult = {
      you: this.info(p), session: p.session, room: this.snapshot(), paths: this.paths.list(),
      ...(hostKey ? { hostKey } : {}),
    };
    return { result, participant: p };
  }

  /** Sends a newcomer every cursor's current frame (reliably: it is sent once, not every tick), and the host's view to follow. */
  sendJoinFrames(p: Participant): void {
    p.conn?.sendFrames(joinFrames(this.ticker.tickNo, this.cursors(), p.cursor.id, p.detail, this.spotlight), false);
    if (this.follow && this.hostView) p.conn?.send(ServerEvent.view, { region: this.hostView } satisfies ViewUpdate);
  }

  /** A connection went away: keep the participant and cursor for the reconnect grace. */
  detach(p: Participant, conn: Connection): void {
    if (p.conn?.id !== conn.id) return;
    p.conn = null;
    p.graceUntil = this.deps.clock.now() + this.deps.limits.reconnectGraceMs;
    this.queueSnapshot();
  }

  /** Removes the participants whose reconnect grace is over; unloads an empty room. */
  private expireGraces(now: number): void {
    const expired = [...this.people.values()].filter((p) => p.graceUntil !== null && now >= p.graceUntil);
    if (expired.length === 0) return;
    this.drop(expired, 'expire');
  }

  /** Removes a participant now (their seat released, or the room evicted); unloads an empty room. */
  remove(p: Participant, why: 'release' | 'evict'): void {
    if (this.people.get(p.id) === p) this.drop([p], why);
  }

  private drop(gone: Participant[], why: string): void {
    for (const p of gone) {
      // Systems see the participant still in the room (a saved recording's notice reaches them too).
      for (const s of this.systems) s.onRemove?.(p, 'left the room');
      this.people.delete(p.id);
      this.cursorGone(p.id);
      this.deps.log.info({ event: why, room: this.id, participant: p.id, name: p.name }, 'participant removed');
    }
    this.queueSnapshot();
    if (this.people.size === 0) this.deps.onEmpty(this.id);
  }

  cursorGone(id: number): void {
    if (this.spotlight === id) this.spotlight = null;
  }

  /** Applies a cursor update after checking it is inside the model's bounds and steering is open. */
  setCursor(p: Participant, z: LatentPoint, seq: number): void {
    if (p.viewer) fail(ErrorCode.notAllowed, 'this screen only watches');
    if (this.paused && !p.host) fail(ErrorCode.frozen, 'the class is paused');
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

  /** Host actions (model, freeze, spotlight, tick rate, replays); refused with not_host for others. */
  hostAction(p: Participant, action: HostAction): void {
    applyHostAction(this, p, action);
    this.queueSnapshot();
  }

  bounds(): LatentBounds {
    return this.deps.boundsOf(this.model);
  }

  /** The host's visible region; passed on to the class (coalesced, the latest) while it follows. */
  setHostView(p: Participant, region: LatentBounds): void {
    if (!p.host) fail(ErrorCode.notHost, 'only the host leads the view');
    this.hostView = region;
    if (this.follow) this.queueState(ServerEvent.view, () => ({ region: this.hostView }) satisfies ViewUpdate);
  }

  followChanged(): void {
    this.queueState(ServerEvent.view, () => ({ region: this.follow ? this.hostView : null }) satisfies ViewUpdate);
  }

  /** Moves every student's cursor to `z` (hosts and watching screens keep theirs) and tells every page. */
  gather(z: LatentPoint): void {
    for (const p of this.people.values()) {
      if (p.host || p.viewer) continue;
      p.cursor.z = [z[0], z[1]];
      p.cursor.moved = true;
    }
    this.broadcast(ServerEvent.gather, { z: [z[0], z[1]] } satisfies GatherUpdate);
  }

  snapshot(): RoomSnapshot {
    return {
      id: this.id, model: this.model, tickRate: this.tickRate, loopRate: this.loopRate, frozen: this.frozen, spotlight: this.spotlight,
      follow: this.follow, lock: this.lock, paused: this.paused, namesHidden: this.namesHidden, studentReplays: this.studentReplays,
      participants: [...this.people.values()].map((p) => this.info(p)),
      replays: this.replays.infos(), bounds: this.bounds(),
    };
  }

  info(p: Participant): ParticipantInfo {
    return { id: p.id, name: p.name, color: p.color, connected: p.conn !== null, host: p.host, recording: p.recording !== null, viewer: p.viewer };
  }

  queueSnapshot(): void {
    this.queueState(ServerEvent.room, () => this.snapshot());
  }

  queueState(event: string, build: () => unknown): void {
    if (!this.disposed) this.state.queue(event, build);
  }

  /** Sends the state events waiting for the interval now (tests; the room's tick does it otherwise). */
  sendPendingState(): void {
    this.state.send();
  }

  broadcast(event: string, payload: unknown): void {
    const conns = [...this.receivers()];
    if (conns.length > 0) (this.deps.fanout ?? sendEach)(conns, event, payload);
  }

  private *receivers(): Iterable<Connection> {
    for (const p of this.people.values()) if (p.conn) yield p.conn;
  }

  notify(p: Participant, notice: ServerNotice): void {
    p.conn?.send(ServerEvent.notice, notice);
  }

  findSession(session: string): Participant | undefined {
    for (const p of this.people.values()) if (p.session === session) return p;
    return undefined;
  }

  /** Cursor ids are unique among participants and ghosts and fit the frame's u16. */
  allocateId(): number {
    const used = new Set(this.cursors().map((c) => c.id));
    while (used.has(this.nextId) || this.nextId === 0) this.nextId = (this.nextId + 1) & 0xffff;
    const id = this.nextId;
    this.nextId = (this.nextId + 1) & 0xffff;
    return id;
  }

  colors(): string[] {
    return [...this.people.values()].map((p) => p.color).concat(this.systems.flatMap((s) => s.colors?.() ?? []));
  }

  private namesExcept(p: Participant | null): string[] {
    return [...this.people.values()].filter((x) => x !== p).map((x) => x.name);
  }

  /** Participants, connected or within their reconnect grace, in joining order. */
  participants(): IterableIterator<Participant> {
    return this.people.values();
  }

  /** Every cursor on the plane: participants' and the systems' (ghosts). */
  cursors(): Cursor[] {
    return [...this.people.values()].map((p) => p.cursor).concat(this.systems.flatMap((s) => s.cursors?.() ?? []));
  }

  /** Who gets this tick's frames: connected participants. */
  *clients(): Iterable<TickClient> {
    for (const p of this.people.values()) if (p.conn) yield { cursorId: p.cursor.id, detail: p.detail, conn: p.conn };
  }

  decoderStep(): number | undefined {
    return this.timeline.decoderStep();
  }

  wantsProbs(): boolean {
    return this.systems.some((s) => s.wantsProbs?.());
  }

  afterDecode(decoded: readonly Cursor[], model: ModelKind): void {
    for (const s of this.systems) s.afterDecode?.(decoded, model);
  }

  /** Participants (connected or within their grace); an empty room can be unloaded. */
  get size(): number {
    return this.people.size;
  }

  /** Ends the room's systems (replays stop; `shutdown` saves recordings in progress). The manager stops the loop. */
  dispose(shutdown: boolean): void {
    if (this.disposed) return;
    for (const s of this.systems) s.dispose?.(shutdown);
    this.disposed = true;
    this.state.close();
  }
}
