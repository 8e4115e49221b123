/**
 * A room's tick: every 1/tickRate s it advances replays and recordings, decodes every cursor that
 * moved in ONE batch, and sends each client its frame message. Ticks never overlap: while a
 * decode runs, further ticks only advance the clocks, and their moves merge into the next decode.
 */
import { IMAGE_PIXELS } from '../../shared/constants.js';
import { FrameKind } from '../../shared/frameCodec.js';
import { TickFrames, type TickUpdate } from './frameComposer.js';
import type { Room } from './Room.js';
import type { Cursor } from './types.js';

export class RoomTicker {
  /** Number of the last tick that sent frames (the frame header's tick). */
  tickNo = 0;
  private timer: NodeJS.Timeout | null = null;
  private decoding = false;
  private lastTickAt = performance.now();

  constructor(private readonly room: Room) {}

  start(hz: number): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), 1000 / hz);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  tick(): void {
    const now = performance.now();
    const dt = now - this.lastTickAt;
    this.lastTickAt = now;
    this.room.replays.advance(dt);
    this.room.paths.sample(now);
    if (this.decoding) {
      this.room.metrics.skippedTicks++;
      return;
    }
    void this.decodeAndSend().catch((err: unknown) => this.room.deps.log.error({ err, room: this.room.id }, 'tick failed'));
  }

  private async decodeAndSend(): Promise<void> {
    const cursors = this.room.allCursors();
    const toDecode = cursors.filter((c) => c.moved && c.z);
    const owed = cursors.filter((c) => !c.moved && c.owesThumb && c.frame);
    if (toDecode.length === 0 && owed.length === 0) return;
    const tick = ++this.tickNo;
    if (toDecode.length > 0 && !(await this.decode(toDecode))) return;
    // Someone may have left, or a replay ended, during the decode.
    const present = new Set(this.room.allCursors());
    const updates: TickUpdate[] = [];
    for (const c of toDecode) if (present.has(c)) updates.push({ cursor: c, decoded: true, kind: this.sharedKind(c, tick) });
    for (const c of owed) if (present.has(c)) updates.push({ cursor: c, decoded: false, kind: this.sharedKind(c, tick) });
    this.send(new TickFrames(tick, updates));
    this.room.metrics.ticks++;
  }

  /** Runs one batched decode; false when the result must be dropped. */
  private async decode(list: Cursor[]): Promise<boolean> {
    const { room } = this;
    const model = room.model;
    const zs = new Float32Array(list.length * 2);
    const seqs = list.map((c, i) => {
      zs[2 * i] = c.z![0];
      zs[2 * i + 1] = c.z![1];
      c.moved = false;
      return c.seq;
    });
    this.decoding = true;
    const t0 = performance.now();
    let frames: Uint8Array;
    try {
      frames = await room.deps.decoder.decode(model, zs);
    } catch (err) {
      room.metrics.decodeErrors++;
      // Retried at the next tick (the decoder replaces a crashed worker).
      for (const c of list) c.moved = true;
      if (room.metrics.decodeErrors % 100 === 1) room.deps.log.error({ err, event: 'error', room: room.id, errors: room.metrics.decodeErrors }, 'decode failed');
      return false;
    } finally {
      this.decoding = false;
    }
    room.metrics.decodeMsTotal += performance.now() - t0;
    room.metrics.decodedFrames += list.length;
    // A model switch during the decode re-marked every cursor: these frames are of the old model.
    if (room.disposed || model !== room.model) return false;
    list.forEach((c, i) => {
      c.frame = frames.slice(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
      c.frameZ = [zs[2 * i], zs[2 * i + 1]];
      c.frameSeq = seqs[i];
    });
    return true;
  }

  /**
   * What everyone sees of a cursor: full frames for ghosts and the spotlight; for others a
   * thumbnail every other tick and a position-only entry in between (owing a thumbnail).
   */
  private sharedKind(c: Cursor, tick: number): FrameKind {
    const thumbDue = c.lastThumbTick < tick - 1;
    const full = c.ghost || c.id === this.room.spotlight;
    if (!full && !thumbDue) {
      c.owesThumb = true;
      return FrameKind.position;
    }
    c.lastThumbTick = tick;
    c.owesThumb = false;
    return full ? FrameKind.full : FrameKind.thumb;
  }

  /** Volatile: a client that is behind misses this tick instead of queueing it. */
  private send(frames: TickFrames): void {
    for (const p of this.room.participants.values()) {
      if (!p.conn) continue;
      const msg = frames.forClient(p.cursor.id, p.detail);
      if (!msg) continue;
      p.conn.sendFrames(msg, true);
      this.room.metrics.bytesSent += msg.length;
    }
  }
}
