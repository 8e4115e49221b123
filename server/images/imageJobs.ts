/**
 * The CPU-heavy half of a picture, run in the image worker thread (imageWorker.mjs): encoding
 * decoded digits as an animated GIF or drawing the manifold PNG, and its ETag. The decoding half
 * stays with the decoder worker.
 */
import { createHash } from 'node:crypto';
import { encodeDigitGif } from './encodeDigitGif.js';
import { drawManifold, type ManifoldOptions } from './renderManifold.js';
import { drawPreview } from './renderPreview.js';

export type ImageJob =
  | { kind: 'gif'; frames: Uint8Array; delayMs: number; scale: number }
  | { kind: 'manifold'; frames: Uint8Array; view: ManifoldOptions }
  /** A shared link's preview; the embedding as its JSON bytes (parsed here, off the socket thread). */
  | { kind: 'preview'; embeddingJson: Uint8Array; room: string; modelTitle: string };

/** A finished picture and its ETag. PNG and GIF are compressed already: gzip would save a few per cent for its CPU. */
export interface EncodedBody {
  raw: Uint8Array;
  etag: string;
}

/** Runs one job (in the worker; callable anywhere, e.g. in tests). */
export async function runImageJob(job: ImageJob): Promise<EncodedBody> {
  const raw = await encode(job);
  return { raw, etag: `"${createHash('sha1').update(raw).digest('base64url')}"` };
}

// encodeSync: PNGs are compressed on this (low-priority) thread, not in libuv's shared pool.
async function encode(job: ImageJob): Promise<Uint8Array> {
  switch (job.kind) {
    case 'gif':
      return encodeDigitGif(job.frames, { delayMs: job.delayMs, scale: job.scale });
    case 'manifold':
      return new Uint8Array((await drawManifold(async () => job.frames, job.view)).encodeSync('png'));
    case 'preview': {
      const embedding = JSON.parse(new TextDecoder().decode(job.embeddingJson)) as { count: number; z: number[]; labels: number[] };
      return new Uint8Array(drawPreview({ embedding, room: job.room, modelTitle: job.modelTitle }).encodeSync('png'));
    }
  }
}
