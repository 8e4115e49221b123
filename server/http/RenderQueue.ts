/**
 * The queue of picture renders behind the image API. Renders run one at a time, so pictures never
 * take more than one decoder chunk and one encoder thread from the rooms; identical requests share
 * one render and its cached result. The queue is bounded (503 with Retry-After beyond it), one
 * client may have only so many renders waiting (429), and a render nobody waits for any more (every
 * request for it was closed) is dropped from the queue, or told to stop if it already runs.
 */
import { ErrorCode } from '../../shared/protocol.js';
import type { CachedBody } from '../modelCatalog.js';
import { retryLater } from './HttpFailure.js';
import type { LruCache } from './LruCache.js';

export interface RenderQueueOptions {
  /** Renders waiting (besides the one running); more answer 503. */
  maxQueued: number;
  /** Renders one client address may have waiting or running; more answer 429. */
  maxPerClient: number;
  cache: LruCache<string, CachedBody>;
}

/** Who asks: the request's abort signal (the client closed it) and its client address. */
export interface RenderTicket {
  signal?: AbortSignal;
  client?: string;
}

/** Makes a picture; `cancelled()` turns true once nobody waits for it (stop at the next chunk). */
export type RenderFn = (cancelled: () => boolean) => Promise<CachedBody>;

interface Job {
  key: string;
  make: RenderFn;
  client: string | undefined;
  waiters: number;
  state: 'queued' | 'running';
  promise: Promise<CachedBody>;
  settle: { resolve(b: CachedBody): void; reject(e: unknown): void };
}

/** Counters for /healthz. */
export interface RenderStats {
  queued: number;
  running: number;
  rendered: number;
  dropped: number;
  refused: number;
  cacheBytes: number;
  cacheMaxBytes: number;
}

function abortError(): Error {
  return Object.assign(new Error('the request was closed'), { name: 'AbortError' });
}

export class RenderQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private readonly perClient = new Map<string, number>();
  private running: Job | null = null;
  /** Moving average of a render's time, for Retry-After. */
  private renderMs = 1500;
  private counts = { rendered: 0, dropped: 0, refused: 0 };

  constructor(private readonly o: RenderQueueOptions) {}

  /** The cached picture, or a share of its render (queued if need be). */
  render(key: string, make: RenderFn, ticket: RenderTicket): Promise<CachedBody> {
    const hit = this.o.cache.get(key);
    if (hit) return Promise.resolve(hit);
    if (ticket.signal?.aborted) return Promise.reject(abortError());
    const existing = this.jobs.get(key);
    if (existing) return this.wait(existing, ticket);
    if (this.queue.length >= this.o.maxQueued) {
      this.counts.refused++;
      return Promise.reject(retryLater(ErrorCode.busy, 503, 'the server is busy drawing pictures', this.renderMs * (this.queue.length + 1)));
    }
    const mine = ticket.client === undefined ? 0 : (this.perClient.get(ticket.client) ?? 0);
    if (mine >= this.o.maxPerClient) {
      this.counts.refused++;
      return Promise.reject(retryLater(ErrorCode.limit, 429, `you already have ${mine} pictures being drawn`, this.renderMs));
    }
    const job = this.enqueue(key, make, ticket.client);
    const shared = this.wait(job, ticket);
    this.pump();
    return shared;
  }

  stats(): RenderStats {
    return {
      queued: this.queue.length, running: this.running ? 1 : 0, ...this.counts,
      cacheBytes: this.o.cache.bytes, cacheMaxBytes: this.o.cache.maxBytes,
    };
  }

  private enqueue(key: string, make: RenderFn, client: string | undefined): Job {
    let settle!: Job['settle'];
    const promise = new Promise<CachedBody>((resolve, reject) => (settle = { resolve, reject }));
    // Every waiter handles the outcome; a dropped job has none, so its rejection is handled here.
    promise.catch(() => undefined);
    const job: Job = { key, make, client, waiters: 0, state: 'queued', promise, settle };
    this.jobs.set(key, job);
    this.queue.push(job);
    if (client !== undefined) this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
    return job;
  }

  /** One request's share of a job: settles with it, or rejects at once when the request closes. */
  private wait(job: Job, ticket: RenderTicket): Promise<CachedBody> {
    job.waiters++;
    return new Promise<CachedBody>((resolve, reject) => {
      let done = false;
      const onAbort = () => finish(() => reject(abortError()), true);
      const finish = (fn: () => void, left: boolean) => {
        if (done) return;
        done = true;
        ticket.signal?.removeEventListener('abort', onAbort);
        if (left) this.leave(job);
        fn();
      };
      ticket.signal?.addEventListener('abort', onAbort, { once: true });
      job.promise.then((b) => finish(() => resolve(b), false), (e: unknown) => finish(() => reject(e), false));
    });
  }

  private leave(job: Job): void {
    job.waiters--;
    if (job.waiters > 0 || job.state !== 'queued') return;
    this.queue.splice(this.queue.indexOf(job), 1);
    this.counts.dropped++;
    this.finished(job);
    job.settle.reject(abortError());
  }

  private finished(job: Job): void {
    this.jobs.delete(job.key);
    if (job.client === undefined) return;
    const n = (this.perClient.get(job.client) ?? 1) - 1;
    if (n > 0) this.perClient.set(job.client, n);
    else this.perClient.delete(job.client);
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    job.state = 'running';
    const started = performance.now();
    Promise.resolve()
      .then(() => job.make(() => job.waiters === 0))
      .then(
        (body) => {
          this.o.cache.set(job.key, body);
          this.counts.rendered++;
          job.settle.resolve(body);
        },
        (err: unknown) => job.settle.reject(err),
      )
      .finally(() => {
        this.renderMs = 0.8 * this.renderMs + 0.2 * (performance.now() - started);
        this.running = null;
        this.finished(job);
        this.pump();
      });
  }
}
