/**
 * How the pool cuts calls into units of work and puts their answers back together. A call (one
 * decode, encode or classify) becomes one or more units; a unit is one onnxruntime run in one
 * worker and may carry parts of several calls of the same kind (merged while every worker was
 * busy). Every item of a call is in exactly one unit, so nothing is computed twice for it.
 */
import { IMAGE_PIXELS, LATENT_DIM, type ModelKind } from '../../shared/constants.js';
import type { WorkerReply } from './PoolWorker.js';

/** What a worker can run: decoders, the fused decoder + classifier, encoders, the classifier. */
export type Op = 'decode' | 'decodeClassify' | 'encode' | 'classify';
export type Input = Float32Array | Uint8Array;

/** Input values per item of each op. */
export const INPUT_WIDTH: Record<Op, number> = { decode: LATENT_DIM, decodeClassify: LATENT_DIM, encode: IMAGE_PIXELS, classify: IMAGE_PIXELS };
/** Output values per item, by output. */
const OUTPUT_WIDTH = { frames: IMAGE_PIXELS, probs: 10, zMean: LATENT_DIM, zLogVar: LATENT_DIM } as const;
type OutputName = keyof typeof OUTPUT_WIDTH;

/** Everything a call may get back; which fields are set depends on its op. */
export interface CallResult {
  frames?: Uint8Array;
  probs?: Float32Array;
  zMean?: Float32Array;
  zLogVar?: Float32Array | null;
}

/** One caller's request, answered once all its units have come back. */
export class Call {
  /** Units not yet answered. */
  remaining = 0;
  settled = false;
  private readonly result: CallResult = {};

  constructor(
    readonly items: number,
    private readonly resolve: (r: CallResult) => void,
    private readonly reject: (e: Error) => void,
  ) {}

  /** Takes this call's `count` items found at `at` in a unit's reply, for its items from `from`. */
  deliver(reply: WorkerReply, at: number, from: number, count: number): void {
    if (this.settled) return;
    const whole = from === 0 && count === this.items && at === 0;
    for (const name of Object.keys(OUTPUT_WIDTH) as OutputName[]) {
      const values = reply[name];
      if (values === undefined) continue;
      if (values === null) {
        this.result.zLogVar = null;
        continue;
      }
      const w = OUTPUT_WIDTH[name];
      if (whole && values.length === count * w) {
        // The common case (one unit, one call): the worker's array is the answer, no copy.
        (this.result as Record<string, unknown>)[name] = values;
        continue;
      }
      const Kind = values instanceof Uint8Array ? Uint8Array : Float32Array;
      const target = ((this.result as Record<string, Input | undefined>)[name] ??= new Kind(this.items * w));
      target.set(values.subarray(at * w, (at + count) * w), from * w);
    }
    if (--this.remaining === 0) this.finish();
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(err);
  }

  private finish(): void {
    this.settled = true;
    this.resolve(this.result);
  }
}

/** A slice of one call inside a unit. */
export interface Segment {
  call: Call;
  /** Index of the slice's first item in its call. */
  from: number;
  count: number;
  /** The slice's input values (a view of the call's own copy of its input). */
  input: Input;
}

/** One onnxruntime run's worth of work. */
export interface Unit {
  op: Op;
  model: ModelKind | null;
  /** The snapshot decoder's file, or null for the shipped decoder. */
  snapshot: string | null;
  segments: Segment[];
  items: number;
  /** Times it was handed to a worker that then died. */
  attempts: number;
}

/**
 * Cuts `n` items into near-equal chunks: at most `maxRun` each (bounds a session's working
 * memory), spread over `threads` workers, but no smaller than `minSplit` (a run has a fixed cost).
 */
export function chunkSizes(n: number, threads: number, maxRun: number, minSplit: number): number[] {
  if (n === 0) return [];
  const target = Math.min(maxRun, Math.max(minSplit, Math.ceil(n / threads)));
  const parts = Math.ceil(n / target);
  const base = Math.floor(n / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < n % parts ? 1 : 0));
}

/** Units for one call whose private `input` holds `call.items` items of `INPUT_WIDTH[op]` values. */
export function unitsOf(call: Call, op: Op, model: ModelKind | null, snapshot: string | null, input: Input, sizes: number[]): Unit[] {
  const width = INPUT_WIDTH[op];
  let from = 0;
  return sizes.map((count) => {
    const segment = { call, from, count, input: input.subarray(from * width, (from + count) * width) };
    from += count;
    return { op, model, snapshot, segments: [segment], items: count, attempts: 0 };
  });
}

function sameKind(a: Unit, b: Unit): boolean {
  const aBytes = a.segments[0].input instanceof Uint8Array;
  const bBytes = b.segments[0].input instanceof Uint8Array;
  return a.op === b.op && a.model === b.model && a.snapshot === b.snapshot && aBytes === bBytes;
}

/**
 * Takes the head of the queue; with `merge`, folds into it later units of the same kind from
 * other calls (never two parts of one call: those are split to run side by side), up to `limit`.
 */
export function takeUnit(queue: Unit[], merge: boolean, limit: (u: Unit) => number): Unit | undefined {
  const head = queue.shift();
  // A retried unit stays as it was: calls merged into it now would share its second and last chance.
  if (!head || !merge || head.attempts > 0) return head;
  const max = limit(head);
  const calls = new Set(head.segments.map((s) => s.call));
  for (let i = 0; i < queue.length && head.items < max; ) {
    const u = queue[i];
    if (u.attempts === 0 && sameKind(head, u) && head.items + u.items <= max && !u.segments.some((s) => calls.has(s.call))) {
      head.segments.push(...u.segments);
      head.items += u.items;
      for (const s of u.segments) calls.add(s.call);
      queue.splice(i, 1);
    } else i++;
  }
  return head;
}

/** A fresh buffer with the unit's input (it is transferred to the worker; the segments keep theirs for a retry). */
export function unitInput(unit: Unit): Input {
  const first = unit.segments[0].input;
  const out = first instanceof Uint8Array ? new Uint8Array(unit.items * INPUT_WIDTH[unit.op]) : new Float32Array(unit.items * INPUT_WIDTH[unit.op]);
  let at = 0;
  for (const s of unit.segments) {
    out.set(s.input, at);
    at += s.input.length;
  }
  return out;
}

/** Hands each call in the unit its part of the reply. */
export function deliverUnit(unit: Unit, reply: WorkerReply): void {
  let at = 0;
  for (const s of unit.segments) {
    s.call.deliver(reply, at, s.from, s.count);
    at += s.count;
  }
}
