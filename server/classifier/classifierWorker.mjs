// The classifier's worker thread, built like the decoder's: plain JavaScript so that it runs under
// tsx and plain node alike, and onnxruntime's blocking run() stays off the socket thread.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

const PIXELS = 28 * 28;
const CLASSES = 10;

const ready = ort.InferenceSession.create(workerData.file, {
  // One intra-op thread: the machine has two cores and the socket thread needs one of them.
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
});

ready.then(
  () => parentPort.postMessage({ type: 'ready' }),
  (err) => {
    parentPort.postMessage({ type: 'init-error', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);

async function classify(frames) {
  const session = await ready;
  const n = frames.length / PIXELS;
  const image = new Float32Array(frames.length);
  for (let i = 0; i < frames.length; i++) image[i] = frames[i] / 255;
  const result = await session.run({ image: new ort.Tensor('float32', image, [n, 28, 28]) });
  const probs = result.probs.data;
  if (probs.length !== n * CLASSES) throw new Error(`classifier returned ${probs.length} values for ${n} digits`);
  return Float32Array.from(probs);
}

// One call at a time, in order: the session has one thread anyway.
let queue = ready;

parentPort.on('message', (msg) => {
  if (msg.type !== 'classify') return;
  queue = queue
    .then(() => classify(msg.frames))
    .then(
      (probs) => parentPort.postMessage({ type: 'result', id: msg.id, probs }, [probs.buffer]),
      (err) => parentPort.postMessage({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) }),
    );
});
