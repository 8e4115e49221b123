/**
 * The replays running in a room (host-controlled, capped): ghost cursors that the room decodes and
 * broadcasts like any other cursor, at full size for everyone. A room system: each tick walks
 * every replay by the time since the last one.
 */
import { ErrorCode, type ReplayControl, type ReplayInfo } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import { pickColor } from './colors.js';
import { presetPath } from './presets.js';
import { Replay } from './Replay.js';
import type { Cursor, Participant, RoomContext, RoomSystem } from './types.js';

export class ReplaySet implements RoomSystem {
  private readonly running = new Map<number, Replay>();

  constructor(private readonly room: RoomContext) {}

  start(p: Participant, req: { pathId: string; speed: number; loop: boolean }): ReplayInfo {
    const preset = presetPath(this.room.id, req.pathId);
    const stored = preset ? null : this.room.deps.store.getPath(this.room.id, req.pathId);
    // A student may replay a path of their own when the host allows it; anything else is the host's.
    const own = stored !== null && stored !== undefined && stored.authorSessionHash === p.sessionHash;
    if (!p.host && !(own && this.room.studentReplays)) {
      fail(ErrorCode.notHost, own ? 'the host has turned off students’ replays' : 'only the host can replay that path for the room');
    }
    const max = this.room.deps.limits.replaysPerRoom;
    if (this.running.size >= max) fail(ErrorCode.limit, `at most ${max} replays can run at once: stop one first`);
    const path = preset ?? stored;
    if (!path) fail(ErrorCode.notFound, `no path ${req.pathId} in this room`);
    const replay = new Replay(this.room.allocateId(), path, pickColor(this.room.colors()), p.id, req);
    this.running.set(replay.cursor.id, replay);
    this.room.deps.log.info({ event: 'replay', room: this.room.id, path: path.id, replay: replay.cursor.id }, 'replay started');
    this.room.queueSnapshot();
    return replay.info();
  }

  control(p: Participant, c: ReplayControl): ReplayInfo {
    const r = this.running.get(c.replay);
    // Its starter may control a replay too (a student replaying their own path).
    if (!p.host && r?.startedBy !== p.id) fail(ErrorCode.notHost, 'only the host can control replays');
    if (!r) fail(ErrorCode.notFound, `no replay ${c.replay} is running`);
    switch (c.action) {
      case 'pause':
        r.paused = true;
        break;
      case 'resume':
        r.paused = false;
        break;
      case 'stop':
        this.end(r);
        break;
      case 'speed':
        r.speed = c.speed;
        break;
      case 'loop':
        r.loop = c.loop;
        break;
    }
    this.room.queueSnapshot();
    return r.info();
  }

  /** Walks every replay by `dtMs` of wall time; ends the ones that finished. */
  beforeTick(_now: number, dtMs: number): void {
    // A paused class: the ghosts stand where they are.
    if (this.room.paused) return;
    for (const r of this.running.values()) if (!r.advance(dtMs)) this.end(r);
  }

  stopAll(): void {
    for (const r of this.running.values()) this.end(r);
  }

  dispose(): void {
    this.stopAll();
  }

  private end(r: Replay): void {
    if (!this.running.delete(r.cursor.id)) return;
    this.room.cursorGone(r.cursor.id);
    this.room.queueSnapshot();
  }

  cursors(): Cursor[] {
    return [...this.running.values()].map((r) => r.cursor);
  }

  colors(): string[] {
    return [...this.running.values()].map((r) => r.color);
  }

  infos(): ReplayInfo[] {
    return [...this.running.values()].map((r) => r.info());
  }

  get size(): number {
    return this.running.size;
  }
}
