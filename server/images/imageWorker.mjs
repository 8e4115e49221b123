// The image worker thread: GIF encoding, PNG drawing and gzip, which take from tens of
// milliseconds to seconds of CPU per picture and must never run on the thread that serves
// sockets. Plain JavaScript, like the decoder worker; it loads the TypeScript job code through
// tsx's isolated import, so it runs the same under `npm start`, the tests and plain node.
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

// Pictures may wait, rooms may not: on a busy machine this thread gives way to the socket thread
// and the decoder (Linux: a thread's own nice value; raising it needs no privilege).
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  os.setPriority(tid, Math.min(19, os.getPriority(tid) + 10));
} catch {
  // Not Linux: the thread keeps the process's priority.
}

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
