/**
 * Interest management: what each client gets of a tick, bounded whatever the room's size (the
 * budget and its numbers are in interestBudget.ts and docs/protocol.md). A viewer gets their own
 * digit full size every tick, the spotlight and ghosts full size, thumbnails of the K cursors
 * nearest their own, and everyone else at CROWD_HZ: positions, or above DENSITY_ABOVE cursors a
 * density map. A presenter gets full frames of everyone, as many per tick as its budget allows,
 * longest-waiting first. Every cursor's entries are encoded once per tick and shared by all the
 * messages that carry them; per client only the choice and one copy are made.
 */
import { IMAGE_PIXELS } from '../../shared/constants.js';
import {
  densityGrid, encodeEntries, encodeFrameParts, FrameKind, thumbnail, type FrameEntry,
} from '../../shared/frameCodec.js';
import type { LatentBounds, LatentPoint } from '../../shared/latent.js';
import { crowdEvery, DENSITY_ABOVE, FULL_SLOTS, nearCount, presenterFullPerTick } from './interestBudget.js';
import type { Cursor, FramePlan, TickClient, TickUpdate } from './types.js';

/** What interest management reads of its room. */
export interface InterestRoom {
  /** The rate the room ticks at now (lowered under load: AdaptiveTick). */
  readonly loopRate: number;
  readonly spotlight: number | null;
  cursors(): Cursor[];
  bounds(): LatentBounds;
}

const EMPTY = new Uint8Array(0);

function entry(c: Cursor, kind: FrameKind): Uint8Array {
  const frame = c.frame ?? new Uint8Array(IMAGE_PIXELS);
  const pixels = kind === FrameKind.full ? frame : kind === FrameKind.thumb ? thumbnail(frame) : EMPTY;
  const e: FrameEntry = { id: c.id, kind, ghost: c.ghost, seq: c.frameSeq, z: c.frameZ, pixels };
  return encodeEntries([e]);
}

/** A presenter's memory: cursors whose latest frame it has not had yet, and when it last had each. */
interface PresenterMemory {
  pending: Set<Cursor>;
  lastFull: Map<number, number>;
  /** Its last message was dropped: every cursor's frame is owed again. */
  missed: boolean;
}

export class InterestFrames {
  /** Per viewer connection: the ids it had thumbnails of last tick (a newcomer to the set gets one at once). */
  private readonly near = new Map<string, Set<number>>();
  private readonly presenters = new Map<string, PresenterMemory>();
  /** Cursors decoded since the last crowd update. */
  private readonly movedSinceCrowd = new Set<Cursor>();
  private seen = new Set<string>();
  /** Viewers whose last message was dropped (a volatile send to a client still receiving). */
  private readonly dropped = new Set<string>();

  constructor(private readonly room: InterestRoom) {}

  /** The ComposeFrames hook of RoomTicker. */
  readonly compose = (tick: number, updates: TickUpdate[]): FramePlan => {
    this.forgetGone();
    return new InterestTick(this.room, tick, updates, this.movedSinceCrowd, this);
  };

  /** Thumbnail set of a viewer last tick, replaced by `next`. */
  swapNear(connId: string, next: Set<number>): Set<number> {
    this.seen.add(connId);
    const prev = this.near.get(connId) ?? new Set<number>();
    this.near.set(connId, next);
    return prev;
  }

  presenter(connId: string): PresenterMemory {
    this.seen.add(connId);
    let m = this.presenters.get(connId);
    if (!m) this.presenters.set(connId, (m = { pending: new Set(), lastFull: new Map(), missed: false }));
    return m;
  }

  /**
   * A client's message was dropped: it may lack a thumbnail sent once (a cursor that then stood
   * still, a new snapshot's digit) or its own still digit. Its next message makes up for it.
   */
  missed(connId: string): void {
    const m = this.presenters.get(connId);
    if (m) m.missed = true;
    else {
      this.near.delete(connId);
      this.dropped.add(connId);
    }
  }

  /** True once after a viewer's message was dropped. */
  takeDropped(connId: string): boolean {
    return this.dropped.delete(connId);
  }

  /** Drops the memory of connections that got no message last tick (gone, or now a presenter). */
  private forgetGone(): void {
    for (const id of this.near.keys()) if (!this.seen.has(id)) this.near.delete(id);
    for (const id of this.presenters.keys()) if (!this.seen.has(id)) this.presenters.delete(id);
    for (const id of this.dropped) if (!this.seen.has(id)) this.dropped.delete(id);
    this.seen = new Set();
  }
}

/** One tick's messages. */
class InterestTick implements FramePlan {
  private readonly byId = new Map<number, TickUpdate>();
  private readonly cursors: Cursor[];
  private readonly blocks = new Map<Cursor, Map<FrameKind, Uint8Array>>();
  /** Ghosts and the spotlight sent full size (the spotlight first), at most FULL_SLOTS. */
  private readonly fullIds = new Set<number>();
  private readonly k: number;
  private readonly crowdTick: boolean;
  private readonly dense: boolean;
  private crowd: Cursor[] = [];
  private density: Uint8Array | null = null;

  constructor(
    private readonly room: InterestRoom,
    private readonly tick: number,
    private readonly updates: TickUpdate[],
    moved: Set<Cursor>,
    private readonly memory: InterestFrames,
  ) {
    for (const u of updates) {
      this.byId.set(u.cursor.id, u);
      if (u.decoded) moved.add(u.cursor);
    }
    this.cursors = room.cursors().filter((c) => c.frame);
    const special = this.cursors.filter((c) => c.ghost || c.id === room.spotlight).sort((a, b) => Number(b.id === room.spotlight) - Number(a.id === room.spotlight));
    for (const c of special.slice(0, FULL_SLOTS)) this.fullIds.add(c.id);
    this.dense = this.cursors.length > DENSITY_ABOVE;
    this.k = nearCount(room.loopRate, this.fullIds.size, this.cursors.length);
    this.crowdTick = tick % crowdEvery(room.loopRate) === 0;
    if (!this.crowdTick) return;
    if (this.dense) this.density = this.densityBlock();
    else {
      const present = new Set(this.cursors);
      this.crowd = [...moved].filter((c) => present.has(c) && !this.fullIds.has(c.id));
    }
    moved.clear();
  }

  forClient(client: TickClient): Uint8Array | null {
    return client.detail === 'full' ? this.forPresenter(client) : this.forViewer(client);
  }

  missed(client: TickClient): void {
    this.memory.missed(client.conn.id);
  }

  private block(c: Cursor, kind: FrameKind): Uint8Array {
    let byKind = this.blocks.get(c);
    if (!byKind) this.blocks.set(c, (byKind = new Map()));
    let b = byKind.get(kind);
    if (!b) byKind.set(kind, (b = entry(c, kind)));
    return b;
  }

  private forViewer(client: TickClient): Uint8Array | null {
    const parts: Uint8Array[] = [];
    // After a dropped message: your own digit and the full-size ones again, even if they stood still
    // (the near cursors' thumbnails follow, as the dropped message emptied that memory).
    const makeUp = this.memory.takeDropped(client.conn.id);
    const own = this.byId.get(client.cursorId);
    // Your own cursor only owed the room a thumbnail when not decoded: you already have its full frame.
    if (own?.decoded) parts.push(this.block(own.cursor, FrameKind.full));
    else if (makeUp) {
      const mine = this.cursors.find((c) => c.id === client.cursorId);
      if (mine) parts.push(this.block(mine, FrameKind.full));
    }
    for (const id of this.fullIds) {
      const u = this.byId.get(id);
      const c = u?.cursor ?? (makeUp ? this.cursors.find((x) => x.id === id) : undefined);
      if (c && id !== client.cursorId) parts.push(this.block(c, FrameKind.full));
    }
    const near = this.nearest(client.cursorId);
    const before = this.memory.swapNear(client.conn.id, new Set(near.map((c) => c.id)));
    for (const c of near) {
      const u = this.byId.get(c.id);
      const isNew = !before.has(c.id);
      if (isNew && (!u || u.kind === FrameKind.position)) parts.push(this.block(c, FrameKind.thumb));
      else if (u) parts.push(this.block(c, u.kind === FrameKind.full ? FrameKind.thumb : u.kind));
      // The map hides cursors it has no news of: keep your near ones alive.
      else if (this.density) parts.push(this.block(c, FrameKind.position));
    }
    if (this.crowd.length) {
      const skip = new Set(near.map((c) => c.id)).add(client.cursorId);
      for (const c of this.crowd) if (!skip.has(c.id)) parts.push(this.block(c, FrameKind.position));
    }
    if (this.density) parts.push(this.density);
    return parts.length ? encodeFrameParts(this.tick, parts, parts.length) : null;
  }

  /** The K cursors nearest your own (the centre of the plane before you move), ghosts past the full slots first. */
  private nearest(ownId: number): Cursor[] {
    const own = this.cursors.find((c) => c.id === ownId);
    const b = this.room.bounds();
    const at: LatentPoint = own?.z ?? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    const others = this.cursors.filter((c) => c.id !== ownId && !this.fullIds.has(c.id));
    if (others.length <= this.k) return others;
    if (this.k === 0) return [];
    // Every client of a 300-room does this every tick: a native typed-array sort finds the K-th
    // distance, then one pass takes the cursors within it (no comparator calls).
    const dist = new Float64Array(others.length);
    others.forEach((c, i) => (dist[i] = c.ghost ? -1 : (c.frameZ[0] - at[0]) ** 2 + (c.frameZ[1] - at[1]) ** 2));
    const cut = Float64Array.from(dist).sort()[this.k - 1];
    const near: Cursor[] = [];
    for (let i = 0; i < others.length && near.length < this.k; i++) if (dist[i] <= cut) near.push(others[i]);
    return near;
  }

  private densityBlock(): Uint8Array {
    const grid = densityGrid(this.cursors.filter((c) => !c.ghost).map((c) => c.frameZ), this.room.bounds());
    return encodeEntries([{ id: 0, kind: FrameKind.density, ghost: false, seq: 0, z: [0, 0], pixels: grid }]);
  }

  private forPresenter(client: TickClient): Uint8Array | null {
    const m = this.memory.presenter(client.conn.id);
    for (const u of this.updates) if (u.decoded) m.pending.add(u.cursor);
    if (m.missed) {
      // What the dropped message carried is owed again: everyone's latest frame, in turn.
      for (const c of this.cursors) m.pending.add(c);
      m.missed = false;
    }
    const present = new Set(this.cursors);
    for (const c of m.pending) if (!present.has(c)) m.pending.delete(c);
    const first = (c: Cursor) => (c.ghost || c.id === this.room.spotlight ? -Infinity : (m.lastFull.get(c.id) ?? -1));
    const chosen = [...m.pending].sort((a, b) => first(a) - first(b)).slice(0, presenterFullPerTick(this.room.loopRate, this.cursors.length));
    const parts = chosen.map((c) => {
      m.pending.delete(c);
      m.lastFull.set(c.id, this.tick);
      return this.block(c, FrameKind.full);
    });
    // The rest still move on the plane: their digit comes when their turn does.
    const sent = new Set(chosen);
    for (const u of this.updates) if (u.decoded && !sent.has(u.cursor)) parts.push(this.block(u.cursor, FrameKind.position));
    return parts.length ? encodeFrameParts(this.tick, parts, parts.length) : null;
  }
}
