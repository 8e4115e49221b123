/**
 * The CPU-heavy half of a picture, run in the image worker thread (imageWorker.mjs): encoding
 * decoded digits as an animated GIF or drawing the manifold PNG, and its ETag. The decoding half
 * stays with the decoder worker.
 */
import { createHash } from 'node:crypto';
import { encodeDigitGif } from './encodeDigitGif.js';
import { drawManifold, type ManifoldOptions } from './renderManifold.js';

export type ImageJob =
  | { kind: 'gif'; frames: Uint8Array; delayMs: number; scale: number }
  | { kind: 'manifold'; frames: Uint8Array; view: ManifoldOptions };

/** A finished picture and its ETag. PNG and GIF are compressed already: gzip would save a few per cent for its CPU. */
export interface EncodedBody {
  raw: Uint8Array;
  etag: string;
}

/** Runs one job (in the worker; callable anywhere, e.g. in tests). */
export async function runImageJob(job: ImageJob): Promise<EncodedBody> {
  const raw =
    job.kind === 'gif'
      ? encodeDigitGif(job.frames, { delayMs: job.delayMs, scale: job.scale })
      : // encodeSync: the PNG is compressed on this (low-priority) thread, not in libuv's shared pool.
        new Uint8Array((await drawManifold(async () => job.frames, job.view)).encodeSync('png'));
  return { raw, etag: `"${createHash('sha1').update(raw).digest('base64url')}"` };
}
