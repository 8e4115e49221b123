/**
 * Challenge rounds as a room system. The host starts a round (find a digit, make the most ambiguous
 * digit, or a digit the classifier calls X that looks like Y); while it runs the room's tick
 * classifies every decoded digit (`wantsProbs`), and each tick this system scores the players'
 * latest digits on the server. It broadcasts the round's state on change and twice a second while
 * it runs, and stores every finished round, so the room's leaderboard survives a restart.
 */
import { randomUUID } from 'node:crypto';
import {
  ErrorCode, ROUND_HOLD, ROUND_SECONDS, ServerEvent, type ClientPayload, type RoundCandidate, type RoundKind,
  type RoundState,
} from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import type { StoredRound } from '../store/roundStore.js';
import {
  argmax, bestOf, entropyPoints, leaderboardOf, POINTS_PER_VOTE, roundValue, speedPoints, tallyRounds,
} from './roundScoring.js';
import type { Participant, RoomContext, RoomSystem } from './types.js';

/** Progress broadcasts while a round runs (the state also goes out on every change). */
export const ROUND_PROGRESS_MS = 500;
/** Most lookalike candidates put to the vote (the most probable ones). */
export const MAX_CANDIDATES = 8;

interface Player {
  p: Participant;
  value: number | null;
  holdSince: number | null;
  reachedMs: number | null;
  points: number;
}

interface LiveRound {
  id: string;
  kind: RoundKind;
  target: number;
  looksLike: number | null;
  startedAt: number;
  startedIso: string;
  durationMs: number;
  phase: RoundState['phase'];
  phaseEndsAt: number;
  /** When the class was paused (the phase's clock stopped), or null while it runs. */
  pausedAt: number | null;
  players: Map<number, Player>;
  winners: number[];
  candidates: RoundCandidate[];
  /** Voter id -> candidate id. */
  votes: Map<number, number>;
  ended: RoundState['ended'];
}

export type RoundStart = ClientPayload<'round:start'>;

export class RoundSystem implements RoomSystem {
  private round: LiveRound | null = null;
  private lastProgress = -Infinity;
  /** Something worth telling at once happened (a find): publish at this tick, not the next progress. */
  private dirty = false;
  private board: ReturnType<typeof tallyRounds> | null = null;

  /** `canClassify`: false when the server has no classifier (rounds are then refused). */
  constructor(private readonly room: RoomContext, private readonly canClassify: () => boolean = () => true) {}

  /** Starts a round (host only; a running one must be stopped first). */
  start(by: Participant, req: RoundStart): RoundState {
    if (!by.host) fail(ErrorCode.notHost, 'only the host can start a round');
    if (!this.canClassify()) fail(ErrorCode.notAllowed, 'this server has no digit classifier (models/classifier/classifier.onnx)');
    if (this.round && this.round.phase !== 'done') fail(ErrorCode.notAllowed, 'a round is already running: stop it first');
    const now = this.room.deps.clock.now();
    const durationMs = (req.seconds ?? ROUND_SECONDS.default) * 1000;
    const target = req.target ?? Math.floor(Math.random() * 10);
    const players = new Map<number, Player>();
    for (const p of this.room.participants()) if (isPlayer(p)) players.set(p.id, newPlayer(p));
    this.round = {
      id: randomUUID(), kind: req.kind, target, looksLike: req.kind === 'lookalike' ? (req.looksLike ?? null) : null,
      startedAt: now, startedIso: new Date().toISOString(), durationMs, phase: 'running', phaseEndsAt: now + durationMs,
      pausedAt: null, players, winners: [], candidates: [], votes: new Map(), ended: null,
    };
    this.room.deps.log.info({ event: 'round', room: this.room.id, kind: req.kind, target, players: players.size }, 'round started');
    return this.publish(now);
  }

  /** Ends the running phase now (host only): the lookalike vote is tallied, the others scored as they stand. */
  stop(by: Participant): RoundState {
    if (!by.host) fail(ErrorCode.notHost, 'only the host can stop a round');
    const r = this.round;
    if (!r || r.phase === 'done') fail(ErrorCode.notAllowed, 'no round is running');
    this.finish(r, 'stopped');
    return this.publish(this.room.deps.clock.now());
  }

  /** A vote for a lookalike candidate (anyone but the candidate; a second vote replaces the first). */
  vote(by: Participant, cursor: number): void {
    const r = this.round;
    if (!r || r.phase !== 'voting') fail(ErrorCode.notAllowed, 'there is no vote now');
    if (!r.candidates.some((c) => c.id === cursor)) fail(ErrorCode.notFound, `cursor ${cursor} is not a candidate`);
    if (cursor === by.id) fail(ErrorCode.notAllowed, 'you cannot vote for your own digit');
    r.votes.set(by.id, cursor);
    for (const c of r.candidates) c.votes = [...r.votes.values()].filter((v) => v === c.id).length;
    this.publish(this.room.deps.clock.now());
  }

  /** The current (or last) round's state, as the `round` event carries it. */
  state(now = this.room.deps.clock.now()): RoundState {
    const r = this.round;
    const leaderboard = leaderboardOf(this.tally(), (hash) => this.idOfSession(hash));
    if (!r) {
      return {
        id: null, kind: 'find', target: 0, looksLike: null, phase: 'done', durationMs: 0, remainingMs: 0, paused: false, players: [],
        winners: [], candidates: [], ended: null, leaderboard,
      };
    }
    return {
      id: r.id, kind: r.kind, target: r.target, looksLike: r.looksLike, phase: r.phase, durationMs: r.durationMs,
      remainingMs: r.phase === 'done' ? 0 : Math.max(0, Math.round(r.phaseEndsAt - (r.pausedAt ?? now))),
      paused: r.phase !== 'done' && r.pausedAt !== null,
      players: [...r.players.values()].map((pl) => ({
        id: pl.p.id, name: pl.p.name, value: pl.value === null ? null : round4(pl.value), reachedMs: pl.reachedMs, points: pl.points,
      })),
      winners: r.winners, candidates: r.candidates, ended: r.ended, leaderboard,
    };
  }

  wantsProbs(): boolean {
    return this.round?.phase === 'running';
  }

  beforeTick(now: number): void {
    const r = this.round;
    if (!r || r.phase === 'done') return;
    if (this.pausedFor(r, now)) return;
    const phase = r.phase;
    if (r.phase === 'running') this.score(r, now);
    // score() may have finished it (everyone found the digit).
    if ((r.phase as RoundState['phase']) !== 'done' && now >= r.phaseEndsAt) {
      if (r.phase === 'running' && r.kind === 'lookalike') this.openVote(r, now);
      else this.finish(r, 'time');
    }
    if (this.dirty || r.phase !== phase || now - this.lastProgress >= ROUND_PROGRESS_MS) this.publish(now);
  }

  onJoin(p: Participant): void {
    const r = this.round;
    if (r?.phase === 'running' && isPlayer(p) && !r.players.has(p.id)) r.players.set(p.id, newPlayer(p));
    // Always, even with no round yet: a page that rejoins after a restart must drop the round it showed.
    p.conn?.send(ServerEvent.round, this.state());
  }

  /** A player who leaves mid-round drops out of it (and of its vote), with no points for it. */
  onRemove(p: Participant): void {
    const r = this.round;
    if (!r || r.phase === 'done') return;
    r.players.delete(p.id);
    r.winners = r.winners.filter((id) => id !== p.id);
    r.candidates = r.candidates.filter((c) => c.id !== p.id);
    r.votes.delete(p.id);
    this.publish(this.room.deps.clock.now());
  }

  /**
   * A paused class stops the round's clock: nothing is scored and no time runs out while the
   * teacher talks. On resume the phase's end, its start (finds are timed from it) and any hold in
   * progress move on by the pause's length. True while paused.
   */
  private pausedFor(r: LiveRound, now: number): boolean {
    if (this.room.paused) {
      if (r.pausedAt === null) {
        r.pausedAt = now;
        this.publish(now);
      }
      return true;
    }
    if (r.pausedAt !== null) {
      const pause = now - r.pausedAt;
      r.phaseEndsAt += pause;
      r.startedAt += pause;
      for (const pl of r.players.values()) if (pl.holdSince !== null) pl.holdSince += pause;
      r.pausedAt = null;
      this.dirty = true;
    }
    return false;
  }

  /** Scores each player's latest classified digit; a find held for one second counts. */
  private score(r: LiveRound, now: number): void {
    for (const pl of r.players.values()) {
      const probs = pl.p.cursor.probs;
      pl.value = probs ? roundValue(r.kind, r.target, probs) : null;
      if (r.kind !== 'find' || pl.reachedMs !== null) continue;
      if (pl.value === null || pl.value < ROUND_HOLD.p) pl.holdSince = null;
      else if (pl.holdSince === null) pl.holdSince = now;
      else if (now - pl.holdSince >= ROUND_HOLD.ms) {
        pl.reachedMs = Math.round(now - r.startedAt);
        pl.points = speedPoints(pl.reachedMs, r.durationMs);
        this.dirty = true;
      }
    }
    if (r.kind !== 'find') return;
    const players = [...r.players.values()];
    if (r.winners.length === 0) r.winners = bestOf(players, (pl) => (pl.reachedMs === null ? null : -pl.reachedMs), (pl) => pl.p.id, -Infinity);
    if (players.length > 0 && players.every((pl) => pl.reachedMs !== null)) this.finish(r, 'all');
  }

  /** Lookalike: the digits the classifier calls the target go to the class's vote. */
  private openVote(r: LiveRound, now: number): void {
    r.candidates = [...r.players.values()]
      .filter((pl) => pl.p.cursor.probs && pl.p.cursor.frame && argmax(pl.p.cursor.probs) === r.target)
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
      .slice(0, MAX_CANDIDATES)
      .map((pl) => ({ id: pl.p.id, name: pl.p.name, p: round4(pl.value ?? 0), frame: Buffer.from(pl.p.cursor.frame!).toString('base64'), votes: 0 }));
    if (r.candidates.length === 0) return this.finish(r, 'time');
    r.phase = 'voting';
    r.phaseEndsAt = now + ROUND_SECONDS.vote * 1000;
  }

  private finish(r: LiveRound, why: 'time' | 'all' | 'stopped'): void {
    const players = [...r.players.values()];
    if (r.kind === 'ambiguous') {
      for (const pl of players) pl.points = entropyPoints(pl.value);
      r.winners = bestOf(players, (pl) => pl.value, (pl) => pl.p.id);
    } else if (r.kind === 'lookalike') {
      for (const c of r.candidates) {
        const pl = r.players.get(c.id);
        if (pl) pl.points = c.votes * POINTS_PER_VOTE;
      }
      r.winners = bestOf(r.candidates, (c) => c.votes, (c) => c.id);
    }
    r.phase = 'done';
    r.ended = why;
    this.save(r);
  }

  private save(r: LiveRound): void {
    const stored: StoredRound = {
      id: r.id, room: this.room.id, kind: r.kind, target: r.target, looksLike: r.looksLike, startedAt: r.startedIso, durationMs: r.durationMs,
      ended: r.ended ?? 'time',
      results: [...r.players.values()].map((pl) => ({
        sessionHash: pl.p.sessionHash, name: pl.p.name, points: pl.points, reachedMs: pl.reachedMs, value: pl.value,
      })),
    };
    try {
      this.room.deps.store.rounds.insert(stored);
    } catch (err) {
      this.room.deps.log.error({ err, event: 'round', room: this.room.id }, 'could not save a round');
    }
    this.board = null;
  }

  private tally(): ReturnType<typeof tallyRounds> {
    this.board ??= tallyRounds(this.room.deps.store.rounds.list(this.room.id));
    return this.board;
  }

  private idOfSession(hash: string): number | null {
    for (const p of this.room.participants()) if (p.sessionHash === hash) return p.id;
    return null;
  }

  private publish(now: number): RoundState {
    this.lastProgress = now;
    this.dirty = false;
    const state = this.state(now);
    this.room.broadcast(ServerEvent.round, state);
    return state;
  }
}

/** Who plays: everyone but hosts and full-detail views (the presenter). */
function isPlayer(p: Participant): boolean {
  return !p.host && p.detail !== 'full';
}

function newPlayer(p: Participant): Player {
  return { p, value: null, holdSince: null, reachedMs: null, points: 0 };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
