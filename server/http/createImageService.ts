/**
 * Decoded pictures over HTTP: the manifold grid PNG and a path's animated GIF. The decoder worker
 * decodes them in small chunks (a room's tick waits behind at most one); the image worker thread
 * encodes them (PNG and GIF need no gzip), so the socket thread only moves bytes. Renders go
 * through one bounded queue (RenderQueue) and a cache bounded by bytes.
 */
import { IMAGE_PIXELS, type ModelKind } from '../../shared/constants.js';
import type { PathDetail } from '../../shared/protocol.js';
import { MODEL_TITLES } from '../../shared/sharing.js';
import { createImageWorker } from '../images/createImageWorker.js';
import type { EncodedBody } from '../images/imageJobs.js';
import { manifoldGrid } from '../images/renderManifold.js';
import type { CachedBody } from '../modelCatalog.js';
import type { FrameDecoder } from '../rooms/types.js';
import { planGifFrames } from './gifFrames.js';
import { LruCache } from './LruCache.js';
import { manifoldKey, type ManifoldView } from './manifoldQuery.js';
import { RenderQueue, type RenderStats, type RenderTicket } from './RenderQueue.js';

/** GIF frame cap: long paths are resampled to this many frames. */
const GIF_MAX_FRAMES = 600;

export interface ImageServiceOptions {
  /** Renders waiting behind the running one; more answer 503. Default 16. */
  maxQueued?: number;
  /** Renders one client address may have waiting or running; more answer 429. Default 4. */
  maxPerClient?: number;
  /** Bytes of finished pictures kept; default 32 MB. */
  cacheBytes?: number;
  /** Images per decoder call: ~5 ms of the decoder worker, all a tick ever waits for; default 16. */
  chunk?: number;
  /** Share of the decoder's time renders may take (they rest as long as a chunk took, times 1/share - 1); default 0.5. */
  decoderShare?: number;
  /**
   * Bytes of link previews kept (~270 KB each); default 8 MB. Their own cache, so crawlers asking
   * for many rooms' previews cannot evict the manifolds and GIFs the rooms use.
   */
  previewCacheBytes?: number;
}

export const IMAGE_DEFAULTS = { maxQueued: 16, maxPerClient: 4, cacheBytes: 32 * 1024 * 1024, chunk: 16, decoderShare: 0.5, previewCacheBytes: 8 * 1024 * 1024 } as const;

export interface ImageService {
  manifold(model: ModelKind, view: ManifoldView, ticket?: RenderTicket): Promise<CachedBody>;
  gif(model: ModelKind, path: PathDetail, ticket?: RenderTicket): Promise<CachedBody>;
  /** A room link's preview PNG, from the model's `embedding.json` bytes; one per model and room. */
  preview(model: ModelKind, room: string, embeddingJson: Uint8Array, ticket?: RenderTicket): Promise<CachedBody>;
  /** The pictures' queue and cache, and the link previews' (`previews`). */
  stats(): RenderStats & { previews: RenderStats };
  close(): Promise<void>;
}

function cachedOf(b: EncodedBody): CachedBody {
  const raw = Buffer.from(b.raw.buffer, b.raw.byteOffset, b.raw.byteLength);
  // No gzip: the raw bytes serve both (sendCached sends raw when gzip is not smaller).
  return { raw, gzip: raw, etag: b.etag };
}

const bytesOf = (b: CachedBody) => b.raw.length + (b.gzip === b.raw ? 0 : b.gzip.length) + b.etag.length;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function cancelledError(): Error {
  return Object.assign(new Error('nobody waits for this picture any more'), { name: 'AbortError' });
}

export function createImageService(decoder: FrameDecoder, options: ImageServiceOptions = {}): ImageService {
  const o = { ...IMAGE_DEFAULTS, ...options };
  const worker = createImageWorker();
  const queue = new RenderQueue({
    maxQueued: o.maxQueued, maxPerClient: o.maxPerClient, cache: new LruCache<string, CachedBody>(o.cacheBytes, bytesOf),
  });

  // Previews need no decoder, only the image worker: a queue of their own, with the same bounds.
  const previews = new RenderQueue({
    maxQueued: o.maxQueued, maxPerClient: o.maxPerClient, cache: new LruCache<string, CachedBody>(o.previewCacheBytes, bytesOf),
  });

  const decodeChunked = async (model: ModelKind, z: Float32Array, cancelled: () => boolean): Promise<Uint8Array> => {
    const n = z.length / 2;
    const out = new Uint8Array(n * IMAGE_PIXELS);
    for (let i = 0; i < n; i += o.chunk) {
      if (cancelled()) throw cancelledError();
      const started = performance.now();
      const part = await decoder.decode(model, z.subarray(2 * i, 2 * Math.min(n, i + o.chunk)));
      out.set(part, i * IMAGE_PIXELS);
      // Rest between chunks, so the rooms' ticks always find the decoder free most of the time.
      if (i + o.chunk < n) await sleep((performance.now() - started) * (1 / o.decoderShare - 1));
    }
    return out;
  };

  return {
    manifold(model, view, ticket = {}) {
      return queue.render(manifoldKey(model, view), async (cancelled) => {
        const frames = await decodeChunked(model, manifoldGrid(view), cancelled);
        return cachedOf(await worker.run({ kind: 'manifold', frames, view }));
      }, ticket);
    },
    gif(model, path, ticket = {}) {
      // A preset is the same walk in every room: one picture per model serves them all.
      const key = path.preset
        ? ['gif', model, 'preset', path.id].join(':')
        : ['gif', model, path.room, path.id, path.createdAt, path.sampleCount].join(':');
      return queue.render(key, async (cancelled) => {
        const plan = planGifFrames(path.t, path.z, GIF_MAX_FRAMES);
        const frames = await decodeChunked(model, plan.z, cancelled);
        return cachedOf(await worker.run({ kind: 'gif', frames, delayMs: plan.delayMs, scale: 4 }));
      }, ticket);
    },
    preview(model, room, embeddingJson, ticket = {}) {
      return previews.render(['preview', model, room].join(':'), async () => {
        return cachedOf(await worker.run({ kind: 'preview', embeddingJson, room, modelTitle: MODEL_TITLES[model] }));
      }, ticket);
    },
    stats: () => ({ ...queue.stats(), previews: previews.stats() }),
    close: () => worker.close(),
  };
}
