// The decoder's worker thread. Plain JavaScript on purpose: it runs under tsx in development and
// tests and under plain node in production, with no TypeScript loader needed in either.
// onnxruntime-node's InferenceSession.run() keeps its thread busy while it computes, so it lives
// here and never on the thread that serves sockets.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

const PIXELS = 28 * 28;

/** @type {Map<string, ort.InferenceSession>} */
const sessions = new Map();

const ready = (async () => {
  for (const [kind, file] of Object.entries(workerData.files)) {
    // One intra-op thread: the machine has two cores and the socket thread needs one of them.
    const session = await ort.InferenceSession.create(file, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
    });
    sessions.set(kind, session);
  }
})();

ready.then(
  () => parentPort.postMessage({ type: 'ready' }),
  (err) => {
    parentPort.postMessage({ type: 'init-error', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);

/** float [0, 1] -> uint8 0..255, rounded, clamped (a sigmoid may still overshoot by an ulp). */
function toBytes(image) {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) {
    const v = Math.round(image[i] * 255);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

async function decode(model, z) {
  const session = sessions.get(model);
  if (!session) throw new Error(`model "${model}" is not loaded in the decoder`);
  const n = z.length / 2;
  const result = await session.run({ z: new ort.Tensor('float32', z, [n, 2]) });
  const image = result.image.data;
  if (image.length !== n * PIXELS) throw new Error(`decoder returned ${image.length} values for ${n} latent points`);
  return toBytes(image);
}

// Calls run one after another: the session has one thread anyway, and order is kept.
let queue = ready;

parentPort.on('message', (msg) => {
  if (msg.type === 'crash') {
    // Test hook: an uncaught exception, the same way a real native or JS failure would end the thread.
    throw new Error('decoder worker crashed on request (test hook)');
  }
  if (msg.type !== 'decode') return;
  queue = queue
    .then(() => decode(msg.model, msg.z))
    .then(
      (frames) => parentPort.postMessage({ type: 'result', id: msg.id, frames }, [frames.buffer]),
      (err) => parentPort.postMessage({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) }),
    );
});
