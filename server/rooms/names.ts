/**
 * Readable names: participant names made unique within a room, default names, and room ids like
 * `brave-otter-42` that a teacher can read aloud.
 */
import { randomInt } from 'node:crypto';
import { truncateName } from '../../shared/names.js';
import { NAME_MAX } from '../../shared/protocol.js';

const ADJECTIVES = [
  'brave', 'calm', 'clever', 'curious', 'eager', 'gentle', 'happy', 'jolly', 'kind', 'lively',
  'lucky', 'mighty', 'nimble', 'proud', 'quick', 'quiet', 'shy', 'sunny', 'swift', 'witty',
  'bold', 'bright', 'cosy', 'daring', 'fuzzy', 'grand', 'merry', 'noble', 'plucky', 'zesty',
] as const;
const ANIMALS = [
  'otter', 'badger', 'falcon', 'heron', 'koala', 'lemur', 'lynx', 'marmot', 'newt', 'owl',
  'panda', 'puffin', 'quokka', 'raven', 'seal', 'tapir', 'tiger', 'walrus', 'wombat', 'yak',
  'beaver', 'bison', 'crane', 'dingo', 'ferret', 'gecko', 'ibis', 'jackal', 'mole', 'orca',
] as const;

/** Random integer in [0, n); injectable so tests can make names deterministic. */
export type RandomInt = (n: number) => number;
const cryptoRandom: RandomInt = (n) => randomInt(n);

function pick<T>(list: readonly T[], rand: RandomInt): T {
  return list[rand(list.length)];
}

/** A room id like `brave-otter-42` (always matches ROOM_ID_PATTERN). */
export function readableRoomId(rand: RandomInt = cryptoRandom): string {
  return `${pick(ADJECTIVES, rand)}-${pick(ANIMALS, rand)}-${10 + rand(90)}`;
}

/** A default participant name like `Swift Heron`, for people who did not pick one. */
export function defaultName(rand: RandomInt = cryptoRandom): string {
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  return `${cap(pick(ADJECTIVES, rand))} ${cap(pick(ANIMALS, rand))}`;
}

/**
 * Returns `wanted` trimmed, or `wanted 2`, `wanted 3`, ... when the name is already taken in the
 * room (compared case-insensitively, so "Ada" and "ada" are not both shown). The base is cut, on
 * a grapheme boundary (never half an emoji), so the result stays within NAME_MAX characters.
 */
export function uniqueName(wanted: string, taken: Iterable<string>): string {
  const base = truncateName(wanted.trim().replace(/\s+/g, ' '), NAME_MAX);
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` ${i}`;
    const candidate = truncateName(base, NAME_MAX - suffix.length).trimEnd() + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
