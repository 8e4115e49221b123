/**
 * The arithmetic of challenge rounds, apart from their clock: what a digit scores in each variant,
 * the points a finish time is worth, and the leaderboard summed over a room's stored rounds.
 */
import { ROUND_HOLD, type LeaderboardEntry, type RoundKind } from '../../shared/protocol.js';
import type { StoredRound } from '../store/roundStore.js';

/** Most leaderboard entries a round state carries. */
export const LEADERBOARD_SIZE = 20;
/** Points a lookalike candidate gets per vote. */
export const POINTS_PER_VOTE = 200;

/** Entropy of a probability vector divided by ln(10): 0 for a sure digit, 1 for a uniform blend. */
export function normalizedEntropy(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (p > 0) h -= p * Math.log(p);
  }
  return Math.min(1, Math.max(0, h / Math.log(probs.length)));
}

/** What a digit scores: p(target) in find and lookalike, its normalized entropy in ambiguous. */
export function roundValue(kind: RoundKind, target: number, probs: Float32Array): number {
  return kind === 'ambiguous' ? normalizedEntropy(probs) : probs[target];
}

/** The index of the largest probability. */
export function argmax(probs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  return best;
}

/**
 * Points for reaching the target `reachedMs` after the start (the hold included): 1,000 for an
 * instant find, falling linearly to 100 at the end of the round, so speed counts but any find pays.
 */
export function speedPoints(reachedMs: number, durationMs: number): number {
  const searching = Math.max(0, reachedMs - ROUND_HOLD.ms);
  return Math.max(100, Math.round(1000 * (1 - searching / durationMs)));
}

/** Points for the ambiguous variant: 1,000 x the normalized entropy held at the end. */
export function entropyPoints(value: number | null): number {
  return value === null ? 0 : Math.round(1000 * value);
}

/** Ids whose score is the best (all of them on a tie); none when nobody scored above `floor`. */
export function bestOf<T>(items: T[], score: (t: T) => number | null, id: (t: T) => number, floor = 0): number[] {
  let best = -Infinity;
  for (const t of items) best = Math.max(best, score(t) ?? -Infinity);
  if (!(best > floor)) return [];
  return items.filter((t) => score(t) === best).map(id);
}

/** Cumulative points per player (by session hash) over stored rounds, the latest name, the last round's points. */
export function tallyRounds(rounds: readonly StoredRound[]): Map<string, { name: string; points: number; last: number }> {
  const board = new Map<string, { name: string; points: number; last: number }>();
  for (const r of rounds) {
    for (const e of board.values()) e.last = 0;
    for (const res of r.results) {
      const e = board.get(res.sessionHash) ?? { name: res.name, points: 0, last: 0 };
      e.name = res.name;
      e.points += res.points;
      e.last = res.points;
      board.set(res.sessionHash, e);
    }
  }
  return board;
}

/** The top of a tally, highest first; `idOf` names the cursor of a player in the room now. */
export function leaderboardOf(
  board: Map<string, { name: string; points: number; last: number }>,
  idOf: (sessionHash: string) => number | null,
): LeaderboardEntry[] {
  return [...board.entries()]
    .sort((a, b) => b[1].points - a[1].points || a[1].name.localeCompare(b[1].name))
    .slice(0, LEADERBOARD_SIZE)
    .map(([hash, e]) => ({ name: e.name, points: e.points, last: e.last, id: idOf(hash) }));
}
