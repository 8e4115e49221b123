/**
 * The room's drawings (a room system): participants send 28x28 images, which wait in a queue
 * until the next tick encodes all of them in ONE batched `encode` call with the room's model. A
 * placed drawing is stored (SQLite), pinned for everyone (`drawings` event) and moves its author's
 * cursor to its code, so their reconstruction is decoded beside it. When the room's model changes,
 * the drawings are encoded again from their kept images.
 */
import { IMAGE_PIXELS, type ModelKind } from '../../shared/constants.js';
import { clampToBounds, type LatentBounds } from '../../shared/latent.js';
import {
  DRAWING_NEAREST, DRAWING_RATE, ErrorCode, ServerEvent, type DrawingInfo, type DrawingsUpdate,
} from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import type { StoredDrawing } from '../store/drawingStore.js';
import { newToken } from './secrets.js';
import type { FrameDecoder, NearestDigits, Participant, RoomContext, RoomSystem } from './types.js';

/** What the drawings see of their room. */
export interface DrawingRoom extends RoomContext {
  readonly model: ModelKind;
  readonly disposed: boolean;
  bounds(): LatentBounds;
}

interface Placed extends StoredDrawing {
  info: DrawingInfo;
}

interface Pending {
  drawing: Placed;
  author: Participant;
  resolve(info: DrawingInfo): void;
  reject(err: unknown): void;
}

/** Drawings encoded again per tick after a model switch (the rest wait for the next ticks). */
const REENCODE_BATCH = 256;

export class RoomDrawings implements RoomSystem {
  private readonly placed = new Map<string, Placed>();
  private pending: Pending[] = [];
  /** Token buckets by session hash, so a reconnect does not refill one. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private encoding = false;
  hidden = false;

  constructor(
    private readonly room: DrawingRoom,
    private readonly decoder: Pick<FrameDecoder, 'encode'>,
    private readonly nearest?: NearestDigits,
  ) {
    for (const d of room.deps.store.drawings.list(room.id)) this.placed.set(d.id, { ...d, info: this.toInfo(d) });
  }

  /**
   * Queues `p`'s drawing for the next tick's encode; resolves once it is placed. Refused (nothing
   * queued, no token spent) over the room's cap or `p`'s rate.
   */
  submit(p: Participant, image: Uint8Array): Promise<DrawingInfo> {
    const cap = this.room.deps.limits.drawingsPerRoom;
    if (this.placed.size + this.pending.length >= cap) fail(ErrorCode.limit, `this room already holds ${cap} drawings`);
    this.takeToken(p);
    const d: StoredDrawing = {
      id: newToken().slice(0, 16), room: this.room.id, authorId: p.id, authorName: p.name, authorSessionHash: p.sessionHash,
      color: p.color, model: this.room.model, z: [0, 0], zLogVar: null, image: Uint8Array.from(image),
      createdAt: new Date().toISOString(),
    };
    return new Promise((resolve, reject) => {
      this.pending.push({ drawing: { ...d, info: this.toInfo(d) }, author: p, resolve, reject });
    });
  }

  private takeToken(p: Participant): void {
    const now = this.room.deps.clock.now();
    const b = this.buckets.get(p.sessionHash) ?? { tokens: DRAWING_RATE.burst, at: now };
    const tokens = Math.min(DRAWING_RATE.burst, b.tokens + (now - b.at) / DRAWING_RATE.refillMs);
    if (tokens < 1) fail(ErrorCode.limit, 'one drawing a second: wait a moment');
    this.buckets.set(p.sessionHash, { tokens: tokens - 1, at: now });
  }

  /**
   * A returning author (the same session, with a new id after a restart or a lapsed grace) is
   * shown as their drawings' author again, so their page offers Delete as it did before.
   */
  onJoin(p: Participant): void {
    const changed: DrawingInfo[] = [];
    for (const d of this.placed.values()) {
      if (d.authorSessionHash !== p.sessionHash || d.authorId === p.id) continue;
      d.authorId = p.id;
      d.info = this.toInfo(d);
      changed.push(d.info);
    }
    if (changed.length) this.send({ reset: false, drawings: changed, removed: [] });
  }

  /** Deletes a drawing: its author's own, or any for the host. */
  delete(p: Participant, id: string): void {
    const d = this.placed.get(id) ?? fail(ErrorCode.notFound, `no drawing ${id} in this room`);
    if (!p.host && d.authorSessionHash !== p.sessionHash) fail(ErrorCode.notAllowed, 'you can delete only your own drawings');
    this.room.deps.store.drawings.delete(this.room.id, id);
    this.placed.delete(id);
    this.send({ reset: false, drawings: [], removed: [id] });
  }

  /** Host: clear every drawing, or hide / show them. */
  hostAction(p: Participant, action: { action: 'clear' } | { action: 'visible'; visible: boolean }): void {
    if (!p.host) fail(ErrorCode.notHost, 'only the host can do that');
    if (action.action === 'visible') this.hidden = !action.visible;
    else {
      this.room.deps.store.drawings.clear(this.room.id);
      this.placed.clear();
    }
    this.send(this.full());
  }

  /** The whole list, for a newcomer or after a reset. */
  full(): Omit<DrawingsUpdate, 'hidden'> {
    return { reset: true, drawings: this.list(), removed: [] };
  }

  list(): DrawingInfo[] {
    return [...this.placed.values()].map((d) => d.info);
  }

  /** Sends one participant the whole list (after their join). */
  sendTo(p: Participant): void {
    p.conn?.send(ServerEvent.drawings, { ...this.full(), hidden: this.hidden } satisfies DrawingsUpdate);
  }

  private send(update: Omit<DrawingsUpdate, 'hidden'>): void {
    this.room.broadcast(ServerEvent.drawings, { ...update, hidden: this.hidden } satisfies DrawingsUpdate);
  }

  beforeTick(): void {
    if (this.encoding) return;
    const model = this.room.model;
    const fresh = this.pending.splice(0);
    const stale = [...this.placed.values()].filter((d) => d.model !== model).slice(0, REENCODE_BATCH);
    if (fresh.length === 0 && stale.length === 0) return;
    this.encoding = true;
    void this.encode(model, fresh, stale).finally(() => void (this.encoding = false));
  }

  /** One batched encode of the new drawings and those the model switch left stale. */
  private async encode(model: ModelKind, fresh: Pending[], stale: Placed[]): Promise<void> {
    const batch = [...fresh.map((f) => f.drawing), ...stale];
    const images = new Float32Array(batch.length * IMAGE_PIXELS);
    batch.forEach((d, i) => d.image.forEach((v, j) => void (images[i * IMAGE_PIXELS + j] = v / 255)));
    let out: { zMean: Float32Array; zLogVar: Float32Array | null };
    try {
      out = await this.decoder.encode(model, images);
    } catch (err) {
      this.room.deps.log.error({ err, event: 'error', room: this.room.id, drawings: batch.length }, 'encode failed');
      for (const f of fresh) f.reject(err);
      return;
    }
    if (this.room.disposed) {
      for (const f of fresh) f.reject(new Error('the room closed before the drawing was placed'));
      return;
    }
    batch.forEach((d, i) => {
      d.model = model;
      d.z = [out.zMean[2 * i], out.zMean[2 * i + 1]];
      d.zLogVar = out.zLogVar ? [out.zLogVar[2 * i], out.zLogVar[2 * i + 1]] : null;
      d.info = this.toInfo(d);
    });
    this.place(fresh, stale);
  }

  private place(fresh: Pending[], stale: Placed[]): void {
    const store = this.room.deps.store.drawings;
    for (const d of stale) if (this.placed.has(d.id)) store.updateCode(d.id, d.model, d.z, d.zLogVar);
    const added: DrawingInfo[] = [];
    for (const f of fresh) {
      // A clear while it was encoding does not refuse it: it is the first of the new set.
      store.insert(f.drawing);
      this.placed.set(f.drawing.id, f.drawing);
      added.push(f.drawing.info);
      const c = f.author.cursor;
      c.z = clampToBounds(this.room.bounds(), f.drawing.z);
      c.moved = true;
      f.resolve(f.drawing.info);
    }
    const restaled = stale.filter((d) => this.placed.has(d.id)).map((d) => d.info);
    this.send({ reset: false, drawings: [...added, ...restaled], removed: [] });
  }

  private toInfo(d: StoredDrawing): DrawingInfo {
    return {
      id: d.id, author: d.authorId, authorName: d.authorName, color: d.color, model: d.model, z: d.z, zLogVar: d.zLogVar,
      image: Buffer.from(d.image).toString('base64'), nearest: this.nearest?.(d.model, d.z, DRAWING_NEAREST) ?? [],
      createdAt: d.createdAt,
    };
  }

  dispose(): void {
    for (const f of this.pending.splice(0)) f.reject(new Error('the room closed before the drawing was placed'));
  }
}
