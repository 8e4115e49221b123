/**
 * What the host of a room may do to it: switch the model (persisted; cursors are clamped into the
 * new bounds and decoded again), freeze steering, spotlight a cursor, change the tick rate
 * (persisted; the loop follows), stop every replay; and lead the class: have students follow the
 * host's view, bring every student's cursor to one point, lock what students' planes show, pause
 * everything, hide names, allow students' replays. A new host action is a schema in
 * shared/protocol.ts and a case here.
 */
import type { ModelKind } from '../../shared/constants.js';
import { clampToBounds, insideBounds, type LatentBounds, type LatentPoint } from '../../shared/latent.js';
import { ErrorCode, type HostAction, type ViewLock } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import type { Cursor, Participant, RoomDeps } from './types.js';

/** The part of a room host actions change. */
export interface HostedRoom {
  readonly id: string;
  readonly deps: Pick<RoomDeps, 'store' | 'models'>;
  model: ModelKind;
  frozen: boolean;
  spotlight: number | null;
  tickRate: number;
  follow: boolean;
  lock: ViewLock | null;
  paused: boolean;
  namesHidden: boolean;
  studentReplays: boolean;
  readonly replays: { stopAll(): void };
  bounds(): LatentBounds;
  cursors(): Cursor[];
  /** Students' cursors are moved to `z`; their pages are told so they steer on from there. */
  gather(z: LatentPoint): void;
  /** Starts or stops sending the host's view to the class. */
  followChanged(): void;
}

/** Applies `action` for `p`; throws (changing nothing) unless p is a host and the action is valid. */
export function applyHostAction(room: HostedRoom, p: Participant, action: HostAction): void {
  if (!p.host) fail(ErrorCode.notHost, 'only the host can do that');
  switch (action.action) {
    case 'model':
      return setModel(room, action.model);
    case 'freeze':
      room.frozen = action.frozen;
      return;
    case 'spotlight':
      return setSpotlight(room, action.cursor);
    case 'tickRate':
      // Saved first: a failed save leaves the room as it was.
      room.deps.store.updateRoom(room.id, { tickRate: action.hz });
      room.tickRate = action.hz;
      return;
    case 'stopAllReplays':
      return room.replays.stopAll();
    case 'follow':
      room.follow = action.follow;
      return room.followChanged();
    case 'gather':
      if (!insideBounds(room.bounds(), action.z)) fail(ErrorCode.badRequest, `z is outside the latent bounds [${room.bounds().join(', ')}]`);
      return room.gather(action.z);
    case 'lock':
      room.lock = action.view;
      return;
    case 'pause':
      room.paused = action.paused;
      return;
    case 'names':
      room.namesHidden = action.hidden;
      return;
    case 'studentReplays':
      room.studentReplays = action.allowed;
      return;
  }
}

function setModel(room: HostedRoom, model: ModelKind): void {
  if (!room.deps.models.includes(model)) fail(ErrorCode.badRequest, `model ${model} is not served here`);
  if (model === room.model) return;
  room.deps.store.updateRoom(room.id, { model });
  room.model = model;
  const b = room.bounds();
  // Every placed cursor is decoded again with the new model, moved or not.
  for (const c of room.cursors()) {
    if (!c.z) continue;
    if (!c.ghost) c.z = clampToBounds(b, c.z);
    c.moved = true;
  }
}

function setSpotlight(room: HostedRoom, id: number | null): void {
  const c = id === null ? undefined : room.cursors().find((x) => x.id === id);
  if (id !== null && !c) fail(ErrorCode.notFound, `no cursor ${id} in this room`);
  room.spotlight = id;
  // Everyone needs the spotlighted digit at full size now, not when it next moves.
  if (c?.z) c.moved = true;
}
