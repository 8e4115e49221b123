/**
 * The decode-and-send half of a room tick: decodes every cursor that moved in ONE batch and sends
 * each client its frame message. It knows only the decoder and the room's counters; the room
 * advances its clocks first and hands it a TickSource. Ticks never overlap: a tick that comes while
 * a decode runs is run as soon as that one is sent (late, counted), so a passing slow decode costs
 * a frame its timing, not the frame; only a further tick in the same decode is skipped (counted)
 * and its moves merge into the next.
 */
import type { ModelKind } from '../../shared/constants.js';
import { IMAGE_PIXELS } from '../../shared/constants.js';
import { FrameKind } from '../../shared/frameCodec.js';
import { TickFrames } from './frameComposer.js';
import type { ComposeFrames, Cursor, FramePlan, FrameDecoder, TickClient, TickUpdate } from './types.js';

/** Counters a room keeps for logs and /healthz. */
export interface RoomMetrics {
  ticks: number;
  /** Ticks that came while a decode ran and ran right after it. */
  lateTicks: number;
  /** Ticks that came while a decode ran and another already waited: merged into that one. */
  skippedTicks: number;
  decodeErrors: number;
  decodedFrames: number;
  /** Decoder calls (one per tick that decoded). */
  decodeRuns: number;
  decodeMsTotal: number;
  bytesSent: number;
  /** Frame messages dropped because their client was still receiving the last. */
  droppedMessages: number;
  badPayloads: number;
}

export function newRoomMetrics(): RoomMetrics {
  return { ticks: 0, lateTicks: 0, skippedTicks: 0, decodeErrors: 0, decodedFrames: 0, decodeRuns: 0, decodeMsTotal: 0, bytesSent: 0, droppedMessages: 0, badPayloads: 0 };
}

/** What a tick reads of its room. */
export interface TickSource {
  readonly model: ModelKind;
  readonly spotlight: number | null;
  /** The training-timeline step whose decoder decodes now; undefined for the shipped decoder. */
  decoderStep?(): number | undefined;
  /** True once the room is gone: late decode results are dropped. */
  readonly disposed: boolean;
  /** Every cursor on the plane, participants' and systems' (ghosts). */
  cursors(): Cursor[];
  clients(): Iterable<TickClient>;
  /** True while the tick should classify the participants' decoded digits (`Cursor.probs`). */
  wantsProbs?(): boolean;
  /** Called with the freshly decoded cursors before anything is sent. */
  afterDecode(decoded: readonly Cursor[], model: ModelKind): void;
}

export interface TickerDeps {
  decoder: FrameDecoder;
  metrics: RoomMetrics;
  /** Builds a tick's messages from its updates; TickFrames by default. */
  compose?: ComposeFrames;
  /** Milliseconds, to time decodes; performance.now by default. */
  now?: () => number;
}

export class RoomTicker {
  /** Number of the last tick that sent frames (the frame header's tick). */
  tickNo = 0;
  private decoding = false;
  private classifying = false;
  /** A tick came during the decode: run it once this one is sent. */
  private late = false;
  /** A client's last message was dropped: the next tick sends even with nothing new, to make up for it. */
  private owing = false;
  private readonly compose: ComposeFrames;
  private readonly now: () => number;

  constructor(private readonly deps: TickerDeps) {
    this.compose = deps.compose ?? defaultCompose;
    this.now = deps.now ?? (() => performance.now());
  }

  /** True while a decode is in flight (a tick now would be skipped). */
  get busy(): boolean {
    return this.decoding;
  }

  /**
   * Decodes what moved and sends it. Resolves when the frames are sent, at once when there is
   * nothing to do or a decode is still running; rejects with the decoder's error (the cursors stay
   * marked, so the next tick retries them).
   */
  async run(src: TickSource): Promise<void> {
    if (this.decoding) {
      if (this.late) this.deps.metrics.skippedTicks++;
      else {
        this.late = true;
        this.deps.metrics.lateTicks++;
      }
      return;
    }
    try {
      await this.runOnce(src);
    } finally {
      this.late = false;
    }
  }

  /**
   * One tick, then the late ones that came during its decodes (a failed decode drops them: the
   * cursors stay marked), then the classifier's turn.
   */
  private async runOnce(src: TickSource): Promise<void> {
    await this.tickNow(src);
    while (this.late && !src.disposed) {
      this.late = false;
      await this.tickNow(src);
    }
    if (src.wantsProbs?.()) await this.classify(src);
  }

  private async tickNow(src: TickSource): Promise<void> {
    const cursors = src.cursors();
    const toDecode = cursors.filter((c) => c.moved && c.z);
    const owed = cursors.filter((c) => !c.moved && c.owesThumb && c.frame);
    if (toDecode.length === 0 && owed.length === 0 && !this.owing) return;
    const tick = ++this.tickNo;
    if (toDecode.length > 0 && !(await this.decode(src, toDecode))) return;
    // Someone may have left, or a replay ended, during the decode.
    const present = new Set(src.cursors());
    const updates: TickUpdate[] = [];
    for (const c of toDecode) if (present.has(c)) updates.push({ cursor: c, decoded: true, kind: sharedKind(c, tick, src.spotlight) });
    for (const c of owed) if (present.has(c)) updates.push({ cursor: c, decoded: false, kind: sharedKind(c, tick, src.spotlight) });
    this.send(src, this.compose(tick, updates));
    this.deps.metrics.ticks++;
  }

  /**
   * Classifies the participants' digits that have no verdict yet, after their frames went out: a
   * round costs the frames no latency, and scoring reads the verdict at the next tick. One batched
   * call on the frames already decoded; it does not hold up the next tick's decode, and a digit
   * missed while a call runs is taken by the next one.
   */
  private async classify(src: TickSource): Promise<void> {
    const { decoder, metrics } = this.deps;
    if (this.classifying || !decoder.classify || decoder.hasClassifier === false) return;
    const list = src.cursors().filter((c) => !c.ghost && c.frame && c.probsOf !== c.frame);
    if (list.length === 0) return;
    const model = src.model;
    const frames = list.map((c) => c.frame!);
    const batch = new Uint8Array(list.length * IMAGE_PIXELS);
    frames.forEach((f, i) => batch.set(f, i * IMAGE_PIXELS));
    this.classifying = true;
    let probs: Float32Array;
    try {
      probs = await decoder.classify(batch);
    } catch {
      // Counted with the decode errors; the digits keep no verdict and the next tick tries again.
      metrics.decodeErrors++;
      return;
    } finally {
      this.classifying = false;
    }
    if (src.disposed || model !== src.model) return;
    list.forEach((c, i) => {
      // A digit decoded again meanwhile waits for its own verdict.
      if (c.frame !== frames[i]) return;
      c.probs = probs.slice(i * 10, (i + 1) * 10);
      c.probsOf = frames[i];
    });
  }

  /** Runs one batched decode; false when the result must be dropped. */
  private async decode(src: TickSource, list: Cursor[]): Promise<boolean> {
    const { metrics } = this.deps;
    const model = src.model;
    const step = src.decoderStep?.();
    const opts = step === undefined ? undefined : { snapshot: step };
    const zs = new Float32Array(list.length * 2);
    const seqs = list.map((c, i) => {
      zs[2 * i] = c.z![0];
      zs[2 * i + 1] = c.z![1];
      c.moved = false;
      return c.seq;
    });
    this.decoding = true;
    const t0 = this.now();
    let frames: Uint8Array;
    try {
      frames = await this.deps.decoder.decode(model, zs, opts);
    } catch (err) {
      metrics.decodeErrors++;
      // Retried at the next tick (the decoder replaces a crashed worker).
      for (const c of list) c.moved = true;
      throw err;
    } finally {
      this.decoding = false;
    }
    metrics.decodeMsTotal += this.now() - t0;
    metrics.decodedFrames += list.length;
    metrics.decodeRuns++;
    // A model switch during the decode re-marked every cursor: these frames are of the old model.
    // A timeline snapshot change re-marked them too, but its frames are still sent: a timeline
    // playing faster than a loaded decoder would otherwise starve the room of frames.
    if (src.disposed || model !== src.model) return false;
    list.forEach((c, i) => {
      c.frame = frames.slice(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
      c.frameZ = [zs[2 * i], zs[2 * i + 1]];
      c.frameSeq = seqs[i];
    });
    src.afterDecode(list, model);
    return true;
  }

  /** Volatile: a client that is behind misses this tick instead of queueing it (and is owed what it missed). */
  private send(src: TickSource, plan: FramePlan): void {
    this.owing = false;
    for (const client of src.clients()) {
      const msg = plan.forClient(client);
      if (!msg) continue;
      if (client.conn.sendFrames(msg, true)) this.deps.metrics.bytesSent += msg.length;
      else {
        this.deps.metrics.droppedMessages++;
        plan.missed?.(client);
        this.owing = plan.missed !== undefined;
      }
    }
  }
}

/** Everyone gets every moved cursor: their own full size, the others as TickFrames decides. */
const defaultCompose: ComposeFrames = (tick, updates) => {
  const frames = new TickFrames(tick, updates);
  return { forClient: (c) => frames.forClient(c.cursorId, c.detail) };
};

/**
 * What everyone sees of a cursor: full frames for ghosts and the spotlight; for others a
 * thumbnail every other tick and a position-only entry in between (owing a thumbnail).
 */
function sharedKind(c: Cursor, tick: number, spotlight: number | null): FrameKind {
  const thumbDue = c.lastThumbTick < tick - 1;
  const full = c.ghost || c.id === spotlight;
  if (!full && !thumbDue) {
    c.owesThumb = true;
    return FrameKind.position;
  }
  c.lastThumbTick = tick;
  c.owesThumb = false;
  return full ? FrameKind.full : FrameKind.thumb;
}
