// One worker of the decoder pool. Plain JavaScript on purpose: it runs under tsx in development and
// tests and under plain node in production, with no TypeScript loader needed in either.
// onnxruntime-node's InferenceSession.run() keeps its thread busy while it computes, so it lives
// here and never on the thread that serves sockets. Every worker holds the same sessions: the
// shipped decoders and encoders, the classifier when there is one, and recently used snapshot
// decoders of the training timelines (least recently used first out).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

const PIXELS = 28 * 28;
const CLASSES = 10;

// One intra-op thread per session: the pool has one worker per spare core, and more threads per
// run would only fight the other workers for the same cores. The shipped sessions keep the CPU
// arena: a run's working memory stays allocated (about 0.29 MB per image of the largest run, so the
// pool caps runs at 32 images) and the next run reuses it. Snapshot decoders come and go, and a
// released session's arena was seen to leave the process bigger each time (malloc fragmentation
// across worker threads), so they run without arena or memory pattern, in runs of at most 16 images:
// at that size the allocations stay on the heap and cost no more CPU than the arena (measured: 0.17
// ms of CPU per image either way; at 32 images without the arena, 0.51, from fresh pages each run).
const SESSION_OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' };
const SNAPSHOT_OPTIONS = { ...SESSION_OPTIONS, enableCpuMemArena: false, enableMemPattern: false };

/** @type {{ decoders: Record<string, string>, encoders: Record<string, string>, classifier: string | null, snapshotSessions: number, nice: number }} */
const config = workerData;

// With a worker per core, the workers alone can fill every core. On Linux a thread has its own
// nice value, so a pool may let its workers yield to the socket thread (`workerNice` > 0). Off by
// default: niced workers also yield to every other process on the machine (the benchmark's bots
// among them), and the kernel already favours a thread that wakes from sleep, as the socket thread does.
if (config.nice > 0) {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid)) setPriority(tid, config.nice);
  } catch {
    // Not Linux, or no /proc: it runs at normal priority.
  }
}

/** @type {Map<string, ort.InferenceSession>} */
const decoders = new Map();
/** @type {Map<string, ort.InferenceSession>} */
const encoders = new Map();
/** @type {ort.InferenceSession | null} */
let classifier = null;
/** Snapshot decoders by file, least recently used first (a Map keeps insertion order). */
const snapshots = new Map();

async function open(file, inputs, outputs, what, options = SESSION_OPTIONS) {
  const session = await ort.InferenceSession.create(file, options);
  const missing = [...inputs.filter((n) => !session.inputNames.includes(n)), ...outputs.filter((n) => !session.outputNames.includes(n))];
  if (missing.length > 0) {
    await session.release();
    throw new Error(`${what} ${file} lacks ${missing.join(', ')} (it has inputs ${session.inputNames.join(', ')}; outputs ${session.outputNames.join(', ')})`);
  }
  return session;
}

const ready = (async () => {
  for (const [kind, file] of Object.entries(config.decoders)) decoders.set(kind, await open(file, ['z'], ['image'], 'decoder'));
  for (const [kind, file] of Object.entries(config.encoders)) encoders.set(kind, await open(file, ['image'], ['z_mean'], 'encoder'));
  if (config.classifier) classifier = await open(config.classifier, ['image'], ['probs'], 'classifier');
})();

ready.then(
  () => parentPort.postMessage({ type: 'ready' }),
  (err) => {
    parentPort.postMessage({ type: 'init-error', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);

/** A snapshot decoder from the cache, or loaded now (evicting the least recently used). */
async function snapshotSession(file) {
  const hit = snapshots.get(file);
  if (hit) {
    snapshots.delete(file);
    snapshots.set(file, hit);
    return hit;
  }
  const session = await open(file, ['z'], ['image'], 'snapshot decoder', SNAPSHOT_OPTIONS);
  snapshots.set(file, session);
  while (snapshots.size > config.snapshotSessions) {
    const [oldest, old] = snapshots.entries().next().value;
    snapshots.delete(oldest);
    // Runs are sequential in this worker, so nothing is running on it.
    await old.release();
  }
  return session;
}

/** float [0, 1] -> uint8 0..255, rounded, clamped (a sigmoid may still overshoot by an ulp). */
function toBytes(image) {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) {
    const v = Math.round(image[i] * 255);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

function toFloats(frames) {
  const out = new Float32Array(frames.length);
  for (let i = 0; i < frames.length; i++) out[i] = frames[i] / 255;
  return out;
}

async function decode(msg) {
  const session = msg.snapshot ? await snapshotSession(msg.snapshot) : decoders.get(msg.model);
  if (!session) throw new Error(`model "${msg.model}" is not loaded in the decoder`);
  const n = msg.input.length / 2;
  const result = await session.run({ z: new ort.Tensor('float32', msg.input, [n, 2]) });
  const image = result.image.data;
  if (image.length !== n * PIXELS) throw new Error(`decoder returned ${image.length} values for ${n} latent points`);
  return toBytes(image);
}

/** images: bytes 0-255 (frames as clients see them) or floats in [0, 1]; -> N*10 probabilities. */
async function classify(images) {
  if (!classifier) throw new Error('no classifier is loaded');
  const floats = images instanceof Uint8Array ? toFloats(images) : images;
  const n = floats.length / PIXELS;
  const result = await classifier.run({ image: new ort.Tensor('float32', floats, [n, 28, 28]) });
  const probs = result.probs.data;
  if (probs.length !== n * CLASSES) throw new Error(`classifier returned ${probs.length} values for ${n} images`);
  return Float32Array.from(probs);
}

async function encode(msg) {
  const session = encoders.get(msg.model);
  if (!session) throw new Error(`model "${msg.model}" has no encoder loaded`);
  const n = msg.input.length / PIXELS;
  const result = await session.run({ image: new ort.Tensor('float32', msg.input, [n, 28, 28]) });
  const zMean = Float32Array.from(result.z_mean.data);
  const zLogVar = result.z_log_var ? Float32Array.from(result.z_log_var.data) : null;
  if (zMean.length !== 2 * n) throw new Error(`encoder returned ${zMean.length} values for ${n} images`);
  return { zMean, zLogVar };
}

/** Runs one unit of work; returns the reply and the buffers to transfer with it. */
async function run(msg) {
  const cached = () => [...snapshots.keys()];
  switch (msg.op) {
    case 'decode': {
      const frames = await decode(msg);
      return [{ frames, snapshots: cached() }, [frames.buffer]];
    }
    case 'decodeClassify': {
      // The classifier sees the frames as clients see them (bytes), and they never leave the worker in between.
      const frames = await decode(msg);
      const probs = await classify(frames);
      return [{ frames, probs, snapshots: cached() }, [frames.buffer, probs.buffer]];
    }
    case 'classify': {
      const probs = await classify(msg.input);
      return [{ probs }, [probs.buffer]];
    }
    case 'encode': {
      const { zMean, zLogVar } = await encode(msg);
      return [{ zMean, zLogVar }, zLogVar ? [zMean.buffer, zLogVar.buffer] : [zMean.buffer]];
    }
    default:
      throw new Error(`unknown operation ${msg.op}`);
  }
}

// Units run one after another: each session has one thread anyway, and order is kept.
let queue = ready;

/** Test hook: the next unit to arrive kills the worker, as a unit that crashes the runtime would. */
let crashOnNextRun = false;

parentPort.on('message', (msg) => {
  // Ending here, between runs, is the only safe way out: a thread terminated from outside while
  // onnxruntime-node is inside run() aborts the whole process (a Napi::Error nobody catches).
  if (msg.type === 'exit') process.exit(msg.code ?? 0);
  if (msg.type === 'crash') {
    if (msg.onNextRun) return void (crashOnNextRun = true);
    // Test hook: an uncaught exception, the same way a real native or JS failure would end the thread.
    throw new Error('decoder worker crashed on request (test hook)');
  }
  if (msg.type !== 'run') return;
  if (crashOnNextRun) throw new Error('decoder worker crashed on this unit (test hook)');
  queue = queue
    .then(() => run(msg))
    .then(
      ([reply, transfer]) => parentPort.postMessage({ type: 'result', id: msg.id, ...reply }, transfer),
      (err) => parentPort.postMessage({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) }),
    );
});
