import { existsSync } from 'node:fs';
import path from 'node:path';
import { IMAGE_PIXELS, LATENT_DIM, MODEL_KINDS, type ModelKind } from '../../shared/constants.js';
import { defaultModelsDir, modelFile } from '../models/modelFiles.js';
import { createTimelineCatalog, type TimelineCatalog } from '../models/timelineCatalog.js';
import { checkImages } from './checkImages.js';
import { checkLatents } from './checkLatents.js';
import { createWorkerPool, type PoolStats } from './createWorkerPool.js';
import { defaultDecoderThreads } from './decoderThreads.js';
import type { CrashHow } from './PoolWorker.js';
import type { CallResult } from './workUnits.js';

export interface DecodeOptions {
  /** Decode with the decoder of this training-timeline snapshot (its step) instead of the shipped one. */
  snapshot?: number;
  /** Calls with the same caller (e.g. a room id) resolve in the order they were made. */
  caller?: string;
}

/** What the encoder gives per image: z_mean, and for the VAE z_log_var (x, y pairs). */
export interface Encoded {
  zMean: Float32Array;
  zLogVar: Float32Array | null;
}

/**
 * The model service: decodes latent points into digits, encodes digits into latent points and
 * classifies digits, with onnxruntime in a pool of worker threads, off the socket thread.
 */
export interface Decoder {
  /** z: Float32Array of 2*N finite numbers -> N*784 uint8 frames (0-255), row-major 28x28. */
  decode(model: ModelKind, z: Float32Array, opts?: DecodeOptions): Promise<Uint8Array>;
  /** Decodes and classifies the frames in the same worker: frames as `decode`, probs N*10 (softmax). */
  decodeAndClassify(model: ModelKind, z: Float32Array, opts?: DecodeOptions): Promise<{ frames: Uint8Array; probs: Float32Array }>;
  /** images: N*784 floats in [0, 1] (1 = ink, no preprocessing) -> z_mean (and the VAE's z_log_var), 2*N each. */
  encode(model: ModelKind, images: Float32Array, opts?: Pick<DecodeOptions, 'caller'>): Promise<Encoded>;
  /** images: N*784 floats in [0, 1], or 0-255 frames as `decode` returns them -> N*10 probabilities. */
  classify(images: Float32Array | Uint8Array, opts?: Pick<DecodeOptions, 'caller'>): Promise<Float32Array>;
  /** True when `models/classifier/classifier.onnx` (or the given file) was loaded. */
  readonly hasClassifier: boolean;
  readonly threads: number;
  /** How many times a crashed worker has been replaced. */
  readonly restarts: number;
  stats(): PoolStats;
  close(): Promise<void>;
}

export interface DecoderOptions {
  /** Folder holding `<kind>/decoder.onnx` and `encoder.onnx`; default `MODELS_DIR` or `<repo>/models`. */
  modelsDir?: string;
  /** Which models to load; default both. */
  models?: ModelKind[];
  /** Worker threads; default `defaultDecoderThreads()`. */
  threads?: number;
  /** Largest batch one decode may ask for; default 10,000 points. */
  maxPoints?: number;
  /** Largest batch one encode or classify may ask for; default 1,024 images. */
  maxImages?: number;
  /** The classifier; default `<modelsDir>/classifier/classifier.onnx` when that file exists; null: none. */
  classifierFile?: string | null;
  /** Training timelines of the models; default read from `modelsDir`. */
  timelines?: TimelineCatalog;
  /** Snapshot decoders each worker keeps loaded; default 12 (about 2 MB each, see bench/snapshotMemory.ts). */
  snapshotSessions?: number;
  /** Most images per onnxruntime run of a shipped model; default 32 (bounds each session's arena). */
  maxRunImages?: number;
  /** Most images per run of a snapshot decoder; default 16 (see decoderWorker.mjs for why). */
  snapshotRunImages?: number;
  /** Images waiting for a worker beyond which calls are refused; default 20,000. */
  maxQueuedImages?: number;
  /** Linux: the workers' nice value, > 0 to let them yield the CPU to the socket thread; default 0. */
  workerNice?: number;
}

const crashHooks = new WeakMap<Decoder, (index: number, how: CrashHow) => void>();

/**
 * Makes worker `index` of a test's decoder die: by an uncaught exception now (`throw`) or when its
 * next unit arrives (`next-run`), or by ending itself with exit code 1 (`exit`). The run it held
 * goes to another worker; the worker is replaced.
 */
export function crashWorkerForTest(decoder: Decoder, index = 0, how: CrashHow = 'throw'): void {
  const crash = crashHooks.get(decoder);
  if (!crash) throw new Error('not a decoder made by createDecoder');
  crash(index, how);
}

/** Where the classifier is looked for by default. */
export function defaultClassifierFile(modelsDir: string): string {
  return path.join(modelsDir, 'classifier', 'classifier.onnx');
}

function classifierOf(opts: DecoderOptions, modelsDir: string): string | null {
  if (opts.classifierFile === null) return null;
  const file = opts.classifierFile ?? defaultClassifierFile(modelsDir);
  if (existsSync(file)) return file;
  if (opts.classifierFile !== undefined) throw new Error(`classifier ${file} does not exist`);
  return null;
}

/** Chains results per caller so that they resolve in the order the calls were made. */
function createOrdering() {
  const tails = new Map<string, Promise<void>>();
  return <T>(caller: string | undefined, work: Promise<T>): Promise<T> => {
    if (caller === undefined) return work;
    const prev = tails.get(caller) ?? Promise.resolve();
    const out = work.then((v) => prev.then(() => v), (e: unknown) => prev.then(() => Promise.reject(e)));
    const tail = out.then(() => undefined, () => undefined);
    tails.set(caller, tail);
    void tail.then(() => tails.get(caller) === tail && tails.delete(caller));
    return out;
  };
}

/**
 * Starts the worker pool, each worker holding one onnxruntime session per model (decoder and
 * encoder) and the classifier when present, and resolves once every session is loaded.
 */
export async function createDecoder(opts: DecoderOptions = {}): Promise<Decoder> {
  const modelsDir = opts.modelsDir ?? defaultModelsDir();
  const kinds = opts.models ?? [...MODEL_KINDS];
  const maxPoints = opts.maxPoints ?? 10_000;
  const maxImages = opts.maxImages ?? 1024;
  const threads = opts.threads ?? defaultDecoderThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`decoder threads must be a whole number >= 1, got ${threads}`);
  // Resolved here so that a missing file fails createDecoder with the command that makes it.
  const decoders = Object.fromEntries(kinds.map((k) => [k, modelFile(modelsDir, k, 'decoder.onnx')]));
  const encoders = Object.fromEntries(kinds.map((k) => [k, modelFile(modelsDir, k, 'encoder.onnx')]));
  const classifier = classifierOf(opts, modelsDir);
  const timelines = opts.timelines ?? createTimelineCatalog(modelsDir, kinds);
  const pool = await createWorkerPool({
    files: { decoders, encoders, classifier, snapshotSessions: opts.snapshotSessions ?? 12, nice: opts.workerNice ?? 0 },
    threads, maxRunImages: opts.maxRunImages ?? 32, snapshotRunImages: opts.snapshotRunImages ?? 16, minSplit: 16,
    maxQueuedImages: opts.maxQueuedImages ?? 20_000,
  });
  const inOrder = createOrdering();

  function checkModel(op: string, model: ModelKind): void {
    if (!(model in decoders)) throw new Error(`${op}: model "${model}" is not loaded (loaded: ${kinds.join(', ')})`);
  }
  function snapshotFile(op: string, model: ModelKind, step: number | undefined): string | null {
    if (step === undefined) return null;
    const timeline = timelines.get(model);
    if (!timeline) throw new Error(`${op}: model "${model}" has no training timeline`);
    const file = timeline.decoderFile(step);
    if (!file) throw new RangeError(`${op}: the ${model} timeline has no snapshot at step ${step} (it has ${timeline.steps.length}, from ${timeline.steps[0]} to ${timeline.steps.at(-1)})`);
    return file;
  }
  function checkClassifier(op: string): void {
    if (!classifier) throw new Error(`${op}: no classifier is loaded (${defaultClassifierFile(modelsDir)} is missing)`);
  }
  async function decodeCall(op: 'decode' | 'decodeClassify', model: ModelKind, z: Float32Array, o: DecodeOptions = {}): Promise<CallResult> {
    const name = op === 'decode' ? 'decode' : 'decodeAndClassify';
    checkModel(name, model);
    checkLatents(z, maxPoints);
    if (op === 'decodeClassify') checkClassifier(name);
    const snapshot = snapshotFile(name, model, o.snapshot);
    if (z.length === 0) return { frames: new Uint8Array(0), probs: new Float32Array(0) };
    return inOrder(o.caller, pool.submit(op, model, snapshot, z, z.length / LATENT_DIM));
  }

  const decoder: Decoder = {
    async decode(model, z, o) {
      return (await decodeCall('decode', model, z, o)).frames!;
    },
    async decodeAndClassify(model, z, o) {
      const r = await decodeCall('decodeClassify', model, z, o);
      return { frames: r.frames!, probs: r.probs! };
    },
    async encode(model, images, o = {}) {
      checkModel('encode', model);
      checkImages('encode', images, maxImages);
      if (images.length === 0) return { zMean: new Float32Array(0), zLogVar: model === 'vae' ? new Float32Array(0) : null };
      const r = await inOrder(o.caller, pool.submit('encode', model, null, images, images.length / IMAGE_PIXELS));
      return { zMean: r.zMean!, zLogVar: r.zLogVar ?? null };
    },
    async classify(images, o = {}) {
      checkClassifier('classify');
      checkImages('classify', images, maxImages, true);
      if (images.length === 0) return new Float32Array(0);
      return (await inOrder(o.caller, pool.submit('classify', null, null, images, images.length / IMAGE_PIXELS))).probs!;
    },
    hasClassifier: classifier !== null,
    threads,
    get restarts() {
      return pool.stats().restarts;
    },
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
  crashHooks.set(decoder, (index, how) => pool.crash(index, how));
  return decoder;
}
