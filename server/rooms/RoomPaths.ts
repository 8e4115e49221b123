/**
 * A room's recordings and saved paths: start and stop recording (the save is acked only once
 * SQLite has committed it), rename and delete (author or host), and the list with the presets.
 * A room system: each tick samples every recording; a participant who leaves, or a server that
 * stops, saves the recording in progress (or, at the room's path cap, drops it with a notice).
 */
import { ErrorCode, ServerEvent, type PathSummary, type ServerNotice } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import { presetPath, presetSummaries } from './presets.js';
import { Recording } from './Recording.js';
import { newPathId } from './secrets.js';
import type { Participant, RoomContext, RoomSystem } from './types.js';

export class RoomPaths implements RoomSystem {
  constructor(private readonly room: RoomContext) {}

  private get deps() {
    return this.room.deps;
  }

  /** Presets first, then saved paths, oldest first. */
  list(): PathSummary[] {
    return presetSummaries(this.room.id).concat(this.deps.store.listPaths(this.room.id));
  }

  start(p: Participant): void {
    if (p.recording) fail(ErrorCode.badRequest, 'you are already recording');
    this.assertRoomForOneMore();
    const { samplesPerPath, recordingMs } = this.deps.limits;
    const now = this.deps.clock.now();
    p.recording = new Recording(now, samplesPerPath, recordingMs);
    p.recording.sample(now, p.cursor.z);
    this.room.queueSnapshot();
  }

  /** Samples every recording at the tick; tells a recorder once when they hit a cap. */
  beforeTick(now: number): void {
    for (const p of this.room.participants()) {
      if (p.recording?.sample(now, p.cursor.z)) {
        this.room.notify(p, {
          level: 'warning', code: 'recording_full',
          message: 'your recording reached its limit and stopped sampling; stop it to save what you have',
        });
      }
    }
  }

  /**
   * Saves the recording; returns when it is committed to disk. A refused stop changes nothing: the
   * recording goes on (move your cursor, or delete a path, and stop again).
   */
  stop(p: Participant, name?: string): PathSummary {
    const rec = p.recording;
    if (!rec) fail(ErrorCode.badRequest, 'you are not recording');
    if (rec.sampleCount === 0) fail(ErrorCode.badRequest, 'nothing was recorded yet: move your cursor while recording, then stop');
    this.assertRoomForOneMore();
    const summary = this.save(p, rec, name ?? `${p.name}'s walk`);
    p.recording = null;
    this.room.queueSnapshot();
    return summary;
  }

  private save(p: Participant, rec: Recording, name: string): PathSummary {
    const summary = this.deps.store.insertPath({
      id: newPathId(), room: this.room.id, name, author: p.name, authorId: p.id,
      authorSessionHash: p.sessionHash, t: rec.t, z: rec.z,
    });
    this.deps.log.info({ event: 'save', room: this.room.id, path: summary.id, participant: p.id, samples: summary.sampleCount }, 'path saved');
    this.broadcastList();
    return summary;
  }

  onRemove(p: Participant): void {
    this.autosave(p, 'left the room');
  }

  dispose(shutdown: boolean): void {
    if (shutdown) for (const p of this.room.participants()) this.autosave(p, 'the server shut down');
  }

  /**
   * Saves a recording in progress that would otherwise be lost (participant gone, shutdown), within
   * the room's path cap: past it the recording is dropped and the room told so.
   */
  private autosave(p: Participant, why: string): void {
    const rec = p.recording;
    p.recording = null;
    if (!rec || rec.sampleCount === 0) return;
    const max = this.deps.limits.pathsPerRoom;
    if (this.deps.store.countPaths(this.room.id) >= max) {
      this.deps.log.warn({ event: 'drop_recording', room: this.room.id, participant: p.id, samples: rec.sampleCount }, 'recording dropped: the room is at its path cap');
      this.room.broadcast(ServerEvent.notice, {
        level: 'warning', code: 'recording_dropped',
        message: `${p.name}'s recording was not saved: this room already has ${max} saved paths`,
      } satisfies ServerNotice);
      return;
    }
    try {
      this.save(p, rec, `${p.name}'s walk (saved when ${why})`);
    } catch (err) {
      this.deps.log.error({ err, room: this.room.id, participant: p.id }, 'autosave failed');
    }
  }

  rename(p: Participant, id: string, name: string): PathSummary {
    this.assertMayEdit(p, id);
    this.deps.store.renamePath(this.room.id, id, name);
    this.broadcastList();
    const { authorSessionHash: _hash, ...summary } = this.deps.store.getPathMeta(this.room.id, id)!;
    return summary;
  }

  delete(p: Participant, id: string): void {
    this.assertMayEdit(p, id);
    this.deps.store.deletePath(this.room.id, id);
    this.deps.log.info({ event: 'delete', room: this.room.id, path: id, participant: p.id }, 'path deleted');
    this.broadcastList();
  }

  private assertMayEdit(p: Participant, id: string): void {
    if (presetPath(this.room.id, id)) fail(ErrorCode.notAllowed, 'the article presets cannot be changed');
    const path = this.deps.store.getPathMeta(this.room.id, id);
    if (!path) fail(ErrorCode.notFound, `no path ${id} in this room`);
    if (!p.host && path.authorSessionHash !== p.sessionHash) fail(ErrorCode.notHost, 'only its author or the host can change this path');
  }

  private assertRoomForOneMore(): void {
    const max = this.deps.limits.pathsPerRoom;
    if (this.deps.store.countPaths(this.room.id) >= max) {
      fail(ErrorCode.limit, `this room already has ${max} saved paths: delete one first`);
    }
  }

  private broadcastList(): void {
    this.room.queueState(ServerEvent.paths, () => ({ paths: this.list() }));
  }
}
