/**
 * The main thread's handle on the image worker (imageWorker.mjs). Jobs are answered in order; a
 * worker that dies fails the jobs it held and is replaced by the next job.
 */
import { Worker } from 'node:worker_threads';
import type { EncodedBody, ImageJob } from './imageJobs.js';

export interface ImageWorker {
  /** Encodes a job off the main thread; the job's frames, if any, are handed over (transferred). */
  run(job: ImageJob): Promise<EncodedBody>;
  close(): Promise<void>;
}

type FromWorker = { type: 'result'; id: number; body: EncodedBody } | { type: 'error'; id: number; message: string };

const WORKER_URL = new URL('./imageWorker.mjs', import.meta.url);

/**
 * The worker starts with the first job (loading it takes a second or two of CPU, which a server
 * that never draws should not spend while its rooms start).
 */
export function createImageWorker(): ImageWorker {
  const pending = new Map<number, { resolve(b: EncodedBody): void; reject(e: Error): void }>();
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;

  function spawn(): Worker {
    const w = new Worker(WORKER_URL);
    let lastError: Error | undefined;
    w.on('message', (m: FromWorker) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.type === 'result') p?.resolve(m.body);
      else p?.reject(new Error(`image encoding failed: ${m.message}`));
    });
    w.on('error', (err) => (lastError = err));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      const err = new Error(closed ? 'image worker closed' : `image worker stopped (${lastError?.message ?? `exit code ${code}`})`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    // Idle, it must not keep the process alive on its own.
    w.unref();
    return w;
  }

  return {
    run(job) {
      if (closed) return Promise.reject(new Error('image worker closed'));
      const w = (worker ??= spawn());
      const id = nextId++;
      return new Promise<EncodedBody>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ type: 'job', id, job }, 'frames' in job ? [job.frames.buffer as ArrayBuffer] : []);
      });
    },
    async close() {
      closed = true;
      await worker?.terminate();
    },
  };
}
