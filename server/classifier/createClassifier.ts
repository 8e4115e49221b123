import { Worker } from 'node:worker_threads';
import { classifierFile } from '../models/classifierFiles.js';
import { defaultModelsDir } from '../models/modelFiles.js';
import { checkFrames } from './classifyFrames.js';

/** The digit classifier in a worker thread: one onnxruntime run per call, never on the socket thread. */
export interface Classifier {
  /** N*784 bytes of decoded digits -> N*10 probabilities. */
  classify(frames: Uint8Array): Promise<Float32Array>;
  close(): Promise<void>;
}

export interface ClassifierOptions {
  /** Folder holding `classifier/classifier.onnx`; default `MODELS_DIR` or `<repo>/models`. */
  modelsDir?: string;
  /** Largest batch one call may ask for; default 10,000 digits. */
  maxImages?: number;
}

type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'result'; id: number; probs: Float32Array }
  | { type: 'error'; id: number; message: string };

const WORKER_URL = new URL('./classifierWorker.mjs', import.meta.url);

/**
 * Starts the classifier's worker and resolves once its session is loaded. A worker that dies
 * rejects the calls it held and is started again by the next call.
 */
export async function createClassifier(opts: ClassifierOptions = {}): Promise<Classifier> {
  const file = classifierFile(opts.modelsDir ?? defaultModelsDir());
  const maxImages = opts.maxImages ?? 10_000;
  const pending = new Map<number, { resolve: (p: Float32Array) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let closed = false;
  let worker: Worker | null = null;

  function spawn(): Promise<Worker> {
    const w = new Worker(WORKER_URL, { workerData: { file } });
    worker = w;
    let lastError: Error | undefined;
    return new Promise((resolve, reject) => {
      w.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') return resolve(w);
        if (msg.type === 'init-error') return void (lastError = new Error(`classifier worker could not load ${file}: ${msg.message}`));
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.type === 'result') p?.resolve(msg.probs);
        else p?.reject(new Error(`classify failed: ${msg.message}`));
      });
      w.on('error', (err) => void (lastError = err));
      w.on('exit', (code) => {
        if (worker === w) worker = null;
        const err = new Error(closed ? 'classifier closed' : `classifier worker stopped (${lastError?.message ?? `exit code ${code}`})`);
        for (const p of pending.values()) p.reject(err);
        pending.clear();
        reject(lastError ?? err);
      });
    });
  }

  let ready = spawn();
  await ready;

  return {
    async classify(frames) {
      if (closed) throw new Error('classifier closed');
      checkFrames(frames, maxImages);
      if (frames.length === 0) return new Float32Array(0);
      if (!worker) ready = spawn();
      const w = await ready;
      if (closed || worker !== w) throw new Error(closed ? 'classifier closed' : 'classifier worker stopped; the call was not classified');
      const id = nextId++;
      // A copy is transferred, so the caller's frames stay usable. Not frames.slice(): on a Node
      // Buffer that is a view, and transferring it would detach the caller's memory.
      const copy = new Uint8Array(frames);
      return new Promise<Float32Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ type: 'classify', id, frames: copy }, [copy.buffer]);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await worker?.terminate();
    },
  };
}
