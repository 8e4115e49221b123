// The image worker thread: GIF encoding, PNG drawing and gzip, which take from tens of
// milliseconds to seconds of CPU per picture and must never run on the thread that serves
// sockets. Plain JavaScript, like the decoder worker; it loads the TypeScript job code through
// tsx's isolated import, so it runs the same under `npm start`, the tests and plain node.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { runImageJob } = await tsImport('./imageJobs.ts', import.meta.url);

parentPort.on('message', async (msg) => {
  if (msg.type === 'crash') throw new Error('image worker crash requested by a test');
  try {
    const body = await runImageJob(msg.job);
    parentPort.postMessage({ type: 'result', id: msg.id, body });
  } catch (err) {
    parentPort.postMessage({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) });
  }
});
