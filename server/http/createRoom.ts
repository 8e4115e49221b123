/**
 * The "new room" action behind `POST /api/rooms`: a readable id a teacher can read aloud
 * (`brave-otter-42`, 81,000 of them), and longer ones (`brave-otter-4217`, then two more digits at
 * a time) once random draws keep finding the readable ones taken, so a full pool never fails a
 * request. The host key is shown to the creator once; only its hash is stored.
 */
import { randomInt } from 'node:crypto';
import type { ModelKind } from '../../shared/constants.js';
import { ErrorCode, type CreateRoomResponse } from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import { fail } from '../ProtocolFailure.js';
import { readableRoomId, type RandomInt } from '../rooms/names.js';
import { hashToken, newToken } from '../rooms/secrets.js';
import type { SqliteStore } from '../store/createSqliteStore.js';

/** Draws per id length before trying a longer one. */
const TRIES_PER_LENGTH = 8;
/** Lengths tried: 2 to 2 + 2 * 8 = 18 digits; an id stays within the 40 characters allowed. */
const LONGER_LENGTHS = 8;

/**
 * The id for attempt `attempt`: readable ids first, then each `TRIES_PER_LENGTH` attempts two more
 * digits. Pure given `rand`.
 */
export function roomIdCandidate(attempt: number, rand: RandomInt = (n) => randomInt(n)): string {
  const extra = 2 * Math.min(LONGER_LENGTHS, Math.floor(attempt / TRIES_PER_LENGTH));
  let id = readableRoomId(rand);
  for (let i = 0; i < extra; i++) id += String(rand(10));
  return id;
}

export interface CreateRoomDeps {
  store: SqliteStore;
  log: Logger;
  defaultTickRate: number;
  /** Rooms loaded now, and the cap on them: a full server says so before the teacher shares a link. */
  liveRooms: () => number;
  maxRooms: number;
}

/** Returns the "new room" action: stores a room with a free id and returns it with its host key. */
export function roomCreator(deps: CreateRoomDeps): (model: ModelKind) => CreateRoomResponse {
  return (model) => {
    if (deps.liveRooms() >= deps.maxRooms) fail(ErrorCode.tooManyRooms, `the server already runs ${deps.maxRooms} rooms: try again later`);
    const hostKey = newToken();
    const hostKeyHash = hashToken(hostKey);
    for (let attempt = 0; attempt < TRIES_PER_LENGTH * (LONGER_LENGTHS + 1); attempt++) {
      const id = roomIdCandidate(attempt);
      if (deps.store.createRoom({ id, model, tickRate: deps.defaultTickRate, hostKeyHash })) {
        deps.log.info({ event: 'create', room: id, model, attempts: attempt + 1 }, 'room created');
        return { room: id, hostKey };
      }
    }
    // 18 random digits colliding 8 times in a row: not a state a client can cause or fix by retrying soon.
    return fail(ErrorCode.tooManyRooms, 'no free room id was found: try again later');
  };
}
