/**
 * The onnxruntime worker pool: N worker threads fed from one queue of units. A worker is handed a
 * unit only when it is free, so work goes to whichever worker frees first, and large calls, cut
 * into several units, run side by side. A worker that dies is replaced; the one unit it held is run
 * again elsewhere (once: a unit that kills two workers is rejected), so no other call is lost.
 */
import type { ModelKind } from '../../shared/constants.js';
import { PoolWorker, WorkerCrash, type CrashHow, type WorkerFiles } from './PoolWorker.js';
import { Call, chunkSizes, deliverUnit, takeUnit, unitInput, unitsOf, type CallResult, type Input, type Op, type Unit } from './workUnits.js';

export interface PoolOptions {
  files: WorkerFiles;
  threads: number;
  /** Most items in one run of a shipped session (bounds each session's working memory). */
  maxRunImages: number;
  /** Most items in one run of a snapshot decoder (many of them may be loaded). */
  snapshotRunImages: number;
  /** Fewest items worth a unit of their own when a call is split. */
  minSplit: number;
  /** Items waiting beyond this refuse new calls: the pool says it is overloaded instead of queueing without end. */
  maxQueuedImages: number;
}

/** What the pool reports for /healthz and tests. */
export interface PoolStats {
  threads: number;
  /** Workers loaded and taking work. */
  live: number;
  busy: number;
  /** Workers replaced after a crash. */
  restarts: number;
  /** Units run again because their worker died. */
  retried: number;
  /** onnxruntime runs handed to workers (a run may carry several calls). */
  runs: number;
  queuedImages: number;
  /** Snapshot decoders loaded, per worker. */
  snapshotSessions: number[];
}

export interface WorkerPool {
  /** Runs `op` over `items` items of `input` (copied: the caller's array stays theirs). */
  submit(op: Op, model: ModelKind | null, snapshot: string | null, input: Input, items: number): Promise<CallResult>;
  stats(): PoolStats;
  /** Test hook: crashes worker `index` (see PoolWorker.crash). */
  crash(index: number, how: CrashHow): void;
  close(): Promise<void>;
}

/** A unit is handed to at most this many workers. */
const MAX_ATTEMPTS = 2;

/** Starts `threads` workers and resolves once all have loaded their sessions. */
export async function createWorkerPool(o: PoolOptions): Promise<WorkerPool> {
  const slots: (PoolWorker | null)[] = Array.from({ length: o.threads }, () => null);
  const live = new Set<PoolWorker>();
  let queue: Unit[] = [];
  let queuedImages = 0;
  let spawning = 0;
  let restarts = 0;
  let retried = 0;
  let runs = 0;
  let closed = false;

  const failUnit = (unit: Unit, err: Error) => unit.segments.forEach((s) => s.call.fail(err));
  const failQueue = (err: Error) => {
    for (const u of queue) failUnit(u, err);
    queue = [];
    queuedImages = 0;
  };
  const runLimit = (u: Unit) => (u.snapshot ? o.snapshotRunImages : o.maxRunImages);

  function spawn(i: number): Promise<void> {
    const w = new PoolWorker(o.files, onExit);
    slots[i] = w;
    spawning++;
    return w.ready.then(
      () => {
        spawning--;
        if (closed) return;
        live.add(w);
        pump();
      },
      (err: Error) => {
        spawning--;
        if (slots[i] === w) slots[i] = null;
        // Nobody is left to run the queue: tell its callers now rather than leave them waiting.
        if (live.size === 0 && spawning === 0) failQueue(err);
        throw err;
      },
    );
  }

  function onExit(w: PoolWorker): void {
    live.delete(w);
    const i = slots.indexOf(w);
    if (closed || i < 0) return;
    // Replaced at once so the next tick does not pay the load; a failed load waits for the next call.
    restarts++;
    spawn(i).catch(() => {});
  }

  function dispatch(w: PoolWorker, unit: Unit): void {
    const msg = { op: unit.op, model: unit.model, snapshot: unit.snapshot, input: unitInput(unit) };
    runs++;
    w.run(msg)
      .then(
        (reply) => deliverUnit(unit, reply),
        (err: Error) => {
          if (err instanceof WorkerCrash && !closed && ++unit.attempts < MAX_ATTEMPTS) {
            retried++;
            queue.unshift(unit);
            queuedImages += unit.items;
            return;
          }
          const reason = err instanceof WorkerCrash
            ? `${err.message}; it crashed ${unit.attempts} workers running this call, which is not retried again`
            : err.message === 'decoder closed' ? err.message : `${unit.op} failed: ${err.message}`;
          failUnit(unit, new Error(reason));
        },
      )
      .finally(pump);
  }

  /** Hands queued units to free workers; merges only when no other worker is free to share them. */
  function pump(): void {
    if (closed) return;
    for (const w of live) {
      if (w.busy) continue;
      // Units whose calls all failed already would be work for nobody.
      while (queue.length > 0 && queue[0].segments.every((s) => s.call.settled)) queuedImages -= queue.shift()!.items;
      if (queue.length === 0) return;
      const othersFree = [...live].some((x) => x !== w && !x.busy);
      const unit = takeUnit(queue, !othersFree, runLimit)!;
      queuedImages -= unit.items;
      dispatch(w, unit);
    }
  }

  function submit(op: Op, model: ModelKind | null, snapshot: string | null, input: Input, items: number): Promise<CallResult> {
    if (closed) return Promise.reject(new Error('decoder closed'));
    if (queuedImages + items > o.maxQueuedImages) {
      return Promise.reject(new Error(`decoder overloaded: ${queuedImages} images already wait, at most ${o.maxQueuedImages}`));
    }
    const copy = input.slice();
    return new Promise<CallResult>((resolve, reject) => {
      const call = new Call(items, resolve, reject);
      const units = unitsOf(call, op, model, snapshot, copy, chunkSizes(items, o.threads, snapshot ? o.snapshotRunImages : o.maxRunImages, o.minSplit));
      call.remaining = units.length;
      queue.push(...units);
      queuedImages += items;
      if (live.size === 0 && spawning === 0) slots.forEach((w, i) => void (w ?? spawn(i).catch(() => {})));
      pump();
    });
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    failQueue(new Error('decoder closed'));
    await Promise.all(slots.map((w) => w?.stop()));
  }

  try {
    await Promise.all(slots.map((_, i) => spawn(i)));
  } catch (err) {
    await close();
    throw err;
  }
  return {
    submit,
    close,
    crash: (index, how) => slots[index]?.crash(how),
    stats: () => ({
      threads: o.threads, live: live.size, busy: [...live].filter((w) => w.busy).length, restarts, retried, runs, queuedImages,
      snapshotSessions: slots.map((w) => w?.snapshots.length ?? 0),
    }),
  };
}
