/**
 * The CPU-heavy half of a picture, run in the image worker thread (imageWorker.mjs): encoding
 * decoded digits as an animated GIF or drawing the manifold PNG, then gzip and the ETag. The
 * decoding half stays with the decoder worker.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { encodeDigitGif } from './encodeDigitGif.js';
import { drawManifold, type ManifoldOptions } from './renderManifold.js';

export type ImageJob =
  | { kind: 'gif'; frames: Uint8Array; delayMs: number; scale: number }
  | { kind: 'manifold'; frames: Uint8Array; view: ManifoldOptions };

/** A finished body: raw bytes, gzip only when it saves a tenth or more, and the ETag. */
export interface EncodedBody {
  raw: Uint8Array;
  gzip: Uint8Array | null;
  etag: string;
}

/** Runs one job (in the worker; callable anywhere, e.g. in tests). */
export async function runImageJob(job: ImageJob): Promise<EncodedBody> {
  const raw =
    job.kind === 'gif'
      ? encodeDigitGif(job.frames, { delayMs: job.delayMs, scale: job.scale })
      : // encodeSync: the PNG is compressed on this (low-priority) thread, not in libuv's shared pool.
        new Uint8Array((await drawManifold(async () => job.frames, job.view)).encodeSync('png'));
  const gzip = gzipSync(raw);
  return {
    raw,
    // PNG and GIF are compressed already: a gzip that barely helps is not worth keeping in the cache.
    gzip: gzip.length < 0.9 * raw.length ? gzip : null,
    etag: `"${createHash('sha1').update(raw).digest('base64url')}"`,
  };
}
