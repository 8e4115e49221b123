import { Worker } from 'node:worker_threads';

const WORKER_URL = new URL('./decoderWorker.mjs', import.meta.url);

/** What a worker is started with (see decoderWorker.mjs). */
export interface WorkerFiles {
  decoders: Record<string, string>;
  encoders: Record<string, string>;
  classifier: string | null;
  /** Snapshot decoder sessions a worker keeps loaded. */
  snapshotSessions: number;
  /** Nice value of the worker's thread on Linux (0: unchanged). */
  nice: number;
}

/** How a test makes a worker die (see PoolWorker.crash). */
export type CrashHow = 'throw' | 'exit' | 'next-run';

/** How long a worker may take to finish its run and exit before it is terminated anyway. */
const STOP_TIMEOUT_MS = 10_000;

/** A worker's answer to one unit of work. */
export interface WorkerReply {
  frames?: Uint8Array;
  probs?: Float32Array;
  zMean?: Float32Array;
  zLogVar?: Float32Array | null;
  /** Snapshot decoder files the worker holds after this unit, least recently used first. */
  snapshots?: string[];
}

type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | ({ type: 'result'; id: number } & WorkerReply)
  | { type: 'error'; id: number; message: string };

/** The worker thread ended while it held this call; the pool may run the call elsewhere. */
export class WorkerCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrash';
  }
}

/**
 * One onnxruntime worker thread of the pool. It runs one unit of work at a time (the pool hands it
 * the next when it answers), so a crash loses at most that one unit, which the pool retries.
 */
export class PoolWorker {
  /** Resolves once every session is loaded; rejects if they cannot be. */
  readonly ready: Promise<void>;
  /** Running a unit (the pool hands it the next one only when it answers). */
  busy = false;
  /** Snapshot decoders loaded in this worker, as of its last answer. */
  snapshots: string[] = [];
  private readonly worker: Worker;
  private current: { id: number; resolve: (r: WorkerReply) => void; reject: (e: Error) => void } | null = null;
  private nextId = 1;
  private lastError: Error | undefined;
  private stopping = false;

  /** `onExit` runs once when a ready thread ends other than by `stop()`, after its unit failed. */
  constructor(files: WorkerFiles, onExit: (w: PoolWorker, err: Error) => void) {
    this.worker = new Worker(WORKER_URL, { workerData: files });
    let isReady = false;
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          isReady = true;
          resolve();
        } else if (msg.type === 'init-error') {
          this.lastError = new Error(`decoder worker could not load the models: ${msg.message}`);
        } else this.answer(msg);
      });
      this.worker.on('error', (err) => {
        this.lastError = err;
      });
      this.worker.on('exit', (code) => {
        const err = this.stopping
          ? new Error('decoder closed')
          : new WorkerCrash(`decoder worker crashed (${this.lastError?.message ?? `exit code ${code}`})`);
        this.fail(err);
        // A worker that never loaded is not replaced here: a model that cannot load would loop.
        if (!isReady) return reject(this.lastError ?? err);
        if (!this.stopping) onExit(this, err);
      });
    });
    this.ready.catch(() => {});
  }

  /** Posts one unit; the input's buffer is transferred (the caller must not reuse it). */
  run(msg: Record<string, unknown> & { input: Float32Array | Uint8Array }): Promise<WorkerReply> {
    if (this.current) throw new Error('PoolWorker.run: the worker is already running a unit');
    const id = this.nextId++;
    this.busy = true;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.current = { id, resolve, reject };
      this.worker.postMessage({ type: 'run', id, ...msg }, [msg.input.buffer as ArrayBuffer]);
    });
  }

  /**
   * Test hook: makes the thread throw an uncaught exception now (`throw`) or when the next unit
   * arrives (`next-run`), or end itself with exit code 1 (`exit`), as real failures would.
   */
  crash(how: CrashHow): void {
    if (how === 'exit') this.worker.postMessage({ type: 'exit', code: 1 });
    else this.worker.postMessage({ type: 'crash', onNextRun: how === 'next-run' });
  }

  /**
   * Asks the thread to end once its current run (or model load) is done, and waits for it. Never
   * `Worker.terminate()` first: terminating a thread inside onnxruntime's run() aborts the process.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'exit' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
    if ((await Promise.race([exited, late])) === 'late') await this.worker.terminate();
    clearTimeout(timer);
  }

  private answer(msg: Extract<FromWorker, { id: number }>): void {
    const call = this.current;
    if (!call || call.id !== msg.id) return;
    this.current = null;
    this.busy = false;
    if (msg.type === 'error') return call.reject(new Error(msg.message));
    if (msg.snapshots) this.snapshots = msg.snapshots;
    const { type: _type, id: _id, ...reply } = msg;
    call.resolve(reply);
  }

  private fail(err: Error): void {
    const call = this.current;
    this.current = null;
    this.busy = false;
    call?.reject(err);
  }
}
