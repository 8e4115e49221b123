/**
 * The live rooms of a server. A room is loaded (from SQLite, or created there) when someone joins
 * it and unloaded when its last participant's reconnect grace ends; the room cap counts live rooms,
 * and at the cap a room that nobody is connected to is evicted to make room for a new one.
 * The manager starts each live room's loop (its tick timer) and stops it on unload.
 */
import type { ModelKind } from '../../shared/constants.js';
import { ErrorCode, type JoinRequest, type JoinResult } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import { readableRoomId } from './names.js';
import { Room } from './Room.js';
import { startRoomLoop, type StartLoop } from './roomLoop.js';
import { hashToken, newToken } from './secrets.js';
import type { Clock, Connection, Participant, RoomDeps } from './types.js';

export interface RoomManagerOptions extends Omit<RoomDeps, 'onEmpty' | 'clock'> {
  maxRooms: number;
  defaultModel: ModelKind;
  defaultTickRate: number;
  /** The rooms' clock; performance.now() by default. */
  clock?: Clock;
  /** Starts a room's tick timer; tests pass one that does nothing and tick by hand. */
  startLoop?: StartLoop;
  /** Called with every room the manager builds, before anyone joins (features add systems here). */
  onRoom?: (room: Room) => void;
}

const PERFORMANCE_CLOCK: Clock = { now: () => performance.now() };

export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly loops = new Map<string, () => void>();

  constructor(private readonly options: RoomManagerOptions) {}

  /** Creates a room with a readable id (the "new room" action); the key is shown to its creator once. */
  create(model: ModelKind): { room: string; hostKey: string } {
    // Only stored here: a join loads it later, and evicts an unattended room then if it must.
    if (this.rooms.size >= this.options.maxRooms && !this.all().some(unattended)) this.refuseRoom();
    const hostKey = newToken();
    for (let attempt = 0; attempt < 50; attempt++) {
      const id = readableRoomId();
      const created = this.options.store.createRoom({
        id, model, tickRate: this.options.defaultTickRate, hostKeyHash: hashToken(hostKey),
      });
      if (created) {
        this.options.log.info({ event: 'create', room: id, model }, 'room created');
        return { room: id, hostKey };
      }
    }
    return fail(ErrorCode.internal, 'could not find a free room id');
  }

  /**
   * Joins `req.room`, loading or creating it; the creator of a room gets its host key. `replacing`
   * is the seat the connection holds now (the caller releases it once this succeeds).
   */
  join(conn: Connection, req: JoinRequest, replacing?: Participant): { room: Room; participant: Participant; result: JoinResult } {
    let room = this.rooms.get(req.room);
    let grantedKey: string | undefined;
    if (!room) {
      this.makeRoomForOne();
      let stored = this.options.store.getRoom(req.room);
      if (!stored) {
        grantedKey = newToken();
        const model = req.model ?? this.options.defaultModel;
        if (!this.options.models.includes(model)) fail(ErrorCode.badRequest, `model ${model} is not served here`);
        this.options.store.createRoom({ id: req.room, model, tickRate: this.options.defaultTickRate, hostKeyHash: hashToken(grantedKey) });
        this.options.log.info({ event: 'create', room: req.room, model }, 'room created');
        stored = this.options.store.getRoom(req.room)!;
      }
      // A room saved with a model this server does not serve falls back to the default one.
      const model = this.options.models.includes(stored.model) ? stored.model : this.options.defaultModel;
      room = new Room({ ...stored, model }, { ...this.options, clock: this.options.clock ?? PERFORMANCE_CLOCK, onEmpty: (id) => this.unload(id) });
      this.options.onRoom?.(room);
      this.rooms.set(room.id, room);
      this.loops.set(room.id, (this.options.startLoop ?? startRoomLoop)(room));
    }
    const { participant, result } = room.join(conn, req, grantedKey, replacing);
    return { room, participant, result };
  }

  get(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  all(): Room[] {
    return [...this.rooms.values()];
  }

  private unload(id: string): void {
    const room = this.rooms.get(id);
    if (!room || room.size > 0) return;
    this.loops.get(id)?.();
    this.loops.delete(id);
    room.dispose(false);
    this.rooms.delete(id);
    this.options.log.info({ event: 'unload', room: id }, 'room unloaded');
  }

  /**
   * At the live-room cap, evicts the room that nobody is connected to and whose last reconnect
   * grace ends first (its recordings are saved); refuses when every room has someone connected.
   */
  private makeRoomForOne(): void {
    if (this.rooms.size < this.options.maxRooms) return;
    let idle: Room | undefined;
    for (const r of this.rooms.values()) if (unattended(r) && (!idle || lastGraceEnd(r) < lastGraceEnd(idle))) idle = r;
    if (!idle) this.refuseRoom();
    this.options.log.info({ event: 'evict', room: idle.id }, 'room evicted: the live-room cap was reached and nobody was connected to it');
    // Removing its last participant unloads it (their recordings are saved on the way out).
    for (const p of [...idle.participants()]) idle.remove(p, 'evict');
    if (this.rooms.get(idle.id) === idle) this.unload(idle.id);
  }

  private refuseRoom(): never {
    return fail(ErrorCode.tooManyRooms, `the server already runs ${this.options.maxRooms} rooms: try again later`);
  }

  /** Stops every room, saving recordings in progress (shutdown). */
  closeAll(): void {
    for (const stop of this.loops.values()) stop();
    this.loops.clear();
    for (const room of this.rooms.values()) room.dispose(true);
    this.rooms.clear();
  }
}

/** Nobody is connected: everyone left in the room is within their reconnect grace. */
function unattended(room: Room): boolean {
  for (const p of room.participants()) if (p.conn) return false;
  return true;
}

/** When the room's last reconnect grace ends (it would unload by itself then). */
function lastGraceEnd(room: Room): number {
  let end = -Infinity;
  for (const p of room.participants()) end = Math.max(end, p.graceUntil ?? Infinity);
  return end;
}
