import { Worker } from 'node:worker_threads';
import { MODEL_KINDS, type ModelKind } from '../../shared/constants.js';
import { defaultModelsDir, modelFile } from '../models/modelFiles.js';
import { checkLatents } from './checkLatents.js';

/** Decodes latent points into digits with onnxruntime, off the main thread. */
export interface Decoder {
  /** z: Float32Array of 2*N finite numbers -> N*784 uint8 frames (0-255), row-major 28x28, one onnxruntime run per call. */
  decode(model: ModelKind, z: Float32Array): Promise<Uint8Array>;
  close(): Promise<void>;
  /** How many times a crashed worker has been replaced. */
  readonly restarts: number;
}

export interface DecoderOptions {
  /** Folder holding `<kind>/decoder.onnx`; default `MODELS_DIR` or `<repo>/models`. */
  modelsDir?: string;
  /** Which models to load; default both. */
  models?: ModelKind[];
  /** Largest batch one call may ask for; default 10,000 points. */
  maxPoints?: number;
}

type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'result'; id: number; frames: Uint8Array }
  | { type: 'error'; id: number; message: string };

interface Pending {
  resolve: (frames: Uint8Array) => void;
  reject: (err: Error) => void;
}

const WORKER_URL = new URL('./decoderWorker.mjs', import.meta.url);
const crashHooks = new WeakMap<Decoder, () => void>();

/**
 * Makes a test's decoder worker throw an uncaught exception, as a real failure would.
 * Calls already posted fail; the worker is replaced and later calls work.
 */
export function crashWorkerForTest(decoder: Decoder): void {
  const crash = crashHooks.get(decoder);
  if (!crash) throw new Error('not a decoder made by createDecoder');
  crash();
}

/**
 * Starts a worker thread that holds one onnxruntime session per model and resolves once every
 * session is loaded. A worker that dies is replaced; the calls it held are rejected, not lost.
 */
export async function createDecoder(opts: DecoderOptions = {}): Promise<Decoder> {
  const modelsDir = opts.modelsDir ?? defaultModelsDir();
  const kinds = opts.models ?? [...MODEL_KINDS];
  const maxPoints = opts.maxPoints ?? 10_000;
  // Resolved here so that a missing file fails createDecoder with the command that makes it.
  const files = Object.fromEntries(kinds.map((k) => [k, modelFile(modelsDir, k, 'decoder.onnx')]));
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let restarts = 0;
  let closed = false;
  let worker: Worker | null = null;

  function failAll(err: Error): void {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  }

  /** Spawns a worker; resolves when its sessions are loaded, rejects if it cannot load them. */
  function spawn(): Promise<void> {
    const w = new Worker(WORKER_URL, { workerData: { files } });
    worker = w;
    let lastError: Error | undefined;
    let isReady = false;
    return new Promise<void>((resolve, reject) => {
      w.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          isReady = true;
          resolve();
        } else if (msg.type === 'init-error') {
          lastError = new Error(`decoder worker could not load the models: ${msg.message}`);
        } else {
          const p = pending.get(msg.id);
          pending.delete(msg.id);
          if (msg.type === 'result') p?.resolve(new Uint8Array(msg.frames.buffer, msg.frames.byteOffset, msg.frames.byteLength));
          else p?.reject(new Error(`decode failed: ${msg.message}`));
        }
      });
      w.on('error', (err) => {
        lastError = err;
      });
      w.on('exit', (code) => {
        if (worker === w) worker = null;
        const err = closed
          ? new Error('decoder closed')
          : new Error(`decoder worker crashed (${lastError?.message ?? `exit code ${code}`}); the call was not decoded`);
        failAll(err);
        if (!isReady) return reject(closed ? err : (lastError ?? err));
        if (closed) return;
        // Replace it at once so the next tick does not pay the load; a failed load waits for the next call.
        restarts++;
        ready = spawn();
        ready.catch(() => {});
      });
    });
  }

  let ready = spawn();
  await ready;

  const decoder: Decoder = {
    async decode(model, z) {
      if (closed) throw new Error('decoder closed');
      if (!(model in files)) throw new Error(`decode: model "${model}" is not loaded (loaded: ${Object.keys(files).join(', ')})`);
      checkLatents(z, maxPoints);
      if (z.length === 0) return new Uint8Array(0);
      if (!worker) ready = spawn();
      await ready;
      const w = worker;
      if (closed || !w) throw new Error(closed ? 'decoder closed' : 'decoder worker crashed; the call was not decoded');
      const id = nextId++;
      // A copy is transferred, so the caller's array stays usable.
      const copy = z.slice();
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ type: 'decode', id, model, z: copy }, [copy.buffer]);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      failAll(new Error('decoder closed'));
      await worker?.terminate();
    },
    get restarts() {
      return restarts;
    },
  };
  crashHooks.set(decoder, () => worker?.postMessage({ type: 'crash' }));
  return decoder;
}
