/**
 * The training timeline as a room system: the host opens the timeline of the room's model and
 * plays, pauses or scrubs it. The room's position (a fractional snapshot index) advances at the
 * tick while playing; whenever the snapshot it rounds to changes, every placed cursor is marked
 * for decoding again, so the next tick decodes the whole class with that snapshot's decoder. The
 * state goes to the room coalesced like the other state events (at most 5 a second), and at least
 * once per snapshot while playing; clients move between those messages at `speed` themselves.
 */
import type { ModelKind } from '../../shared/constants.js';
import { ErrorCode, ServerEvent, snapshotAt, TIMELINE_SPEED, type TimelineState } from '../../shared/protocol.js';
import type { ClientPayload } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import type { Cursor, Participant, RoomContext, RoomSystem } from './types.js';

export type TimelineAction = ClientPayload<'timeline'>;

/** What the timeline reads of its room. */
export interface TimelineView {
  model(): ModelKind;
  cursors(): Cursor[];
  /** Training steps of a model's timeline snapshots, ascending; null when it has none. */
  steps(model: ModelKind): readonly number[] | null;
}

export class RoomTimeline implements RoomSystem {
  private open = false;
  private position = 0;
  private playing = false;
  private speed: number = TIMELINE_SPEED.default;
  private compare = false;
  private studentsScrub = false;
  /** The snapshot (its step) cursors were last marked for, to notice a change. */
  private decodedStep: number | undefined;

  constructor(private readonly room: RoomContext, private readonly view: TimelineView) {}

  /** Applies a host's request; answers the new state. Refused (changing nothing) for others. */
  control(by: Participant, a: TimelineAction): TimelineState {
    if (!by.host) fail(ErrorCode.notHost, 'only the host can drive the training timeline');
    const count = this.count();
    if (count === 0) fail(ErrorCode.notFound, `the ${this.view.model()} model has no training timeline`);
    switch (a.action) {
      case 'open':
        this.open = a.open;
        if (a.compare !== undefined) this.compare = a.compare;
        if (!a.open) this.playing = false;
        break;
      case 'seek':
        this.position = Math.min(count - 1, a.position);
        this.playing = false;
        break;
      case 'play':
        if (a.playing && !this.open) fail(ErrorCode.notAllowed, 'open the timeline first');
        // Play at the end starts again from the untrained model.
        if (a.playing && this.position >= count - 1) this.position = 0;
        this.playing = a.playing;
        break;
      case 'speed':
        this.speed = a.speed;
        break;
      case 'compare':
        this.compare = a.compare;
        break;
      case 'studentScrub':
        this.studentsScrub = a.allowed;
        break;
    }
    this.remark();
    this.queue();
    return this.state();
  }

  beforeTick(_now: number, dtMs: number): void {
    const count = this.count();
    // The host switched to a model without a timeline, or with a shorter one.
    if (this.open && count === 0) {
      this.open = this.playing = false;
      this.remark();
      return this.queue();
    }
    if (this.position > Math.max(0, count - 1)) this.position = Math.max(0, count - 1);
    if (this.open && this.playing) {
      this.position += (dtMs / 1000) * this.speed;
      if (this.position >= count - 1) {
        this.position = count - 1;
        this.playing = false;
        this.queue();
      }
    }
    if (this.remark()) this.queue();
  }

  onJoin(p: Participant): void {
    if (this.open) p.conn?.send(ServerEvent.timeline, this.state());
  }

  /** The training step whose decoder decodes the room's cursors now; undefined: the shipped decoder. */
  decoderStep(): number | undefined {
    const steps = this.view.steps(this.view.model());
    if (!this.open || !steps || steps.length === 0) return undefined;
    return steps[snapshotAt(this.position, steps.length)];
  }

  state(): TimelineState {
    const model = this.view.model();
    const steps = this.view.steps(model) ?? [];
    const snapshot = steps.length ? snapshotAt(this.position, steps.length) : 0;
    return {
      open: this.open && steps.length > 0, model, count: steps.length, position: this.position, snapshot, step: steps[snapshot] ?? 0,
      playing: this.playing, speed: this.speed, compare: this.compare, studentsScrub: this.studentsScrub,
    };
  }

  private count(): number {
    return this.view.steps(this.view.model())?.length ?? 0;
  }

  private queue(): void {
    this.room.queueState(ServerEvent.timeline, () => this.state());
  }

  /** Marks every placed cursor for decoding when the decoding snapshot changed; true then. */
  private remark(): boolean {
    const step = this.decoderStep();
    if (step === this.decodedStep) return false;
    this.decodedStep = step;
    for (const c of this.view.cursors()) if (c.z) c.moved = true;
    return true;
  }
}
