/**
 * Decoded pictures over HTTP: the manifold grid PNG and a path's animated GIF. Renders run one at a
 * time and decode in chunks, so a 60x60 grid never holds the decoder worker long enough to stall
 * the rooms' ticks (which queue between the chunks); results are cached, identical requests share
 * one render.
 */
import { IMAGE_PIXELS, type ModelKind } from '../../shared/constants.js';
import type { PathDetail } from '../../shared/protocol.js';
import { encodeDigitGif } from '../images/encodeDigitGif.js';
import { renderManifoldPng } from '../images/renderManifold.js';
import { cachedBody, type CachedBody } from '../modelCatalog.js';
import type { FrameDecoder } from '../rooms/types.js';
import { planGifFrames } from './gifFrames.js';
import { LruCache } from './LruCache.js';
import { manifoldKey, type ManifoldView } from './manifoldQuery.js';

/** Images per decoder call for HTTP renders: ~40 ms of the worker at a time. */
const CHUNK = 128;
/** GIF frame cap: long paths are resampled to this many frames. */
const GIF_MAX_FRAMES = 600;

export interface ImageService {
  manifold(model: ModelKind, view: ManifoldView): Promise<CachedBody>;
  gif(model: ModelKind, path: PathDetail): Promise<CachedBody>;
}

export function createImageService(decoder: FrameDecoder, cacheSize = 64): ImageService {
  const cache = new LruCache<string, CachedBody>(cacheSize);
  const inflight = new Map<string, Promise<CachedBody>>();
  let queue: Promise<unknown> = Promise.resolve();

  const decodeChunked = async (model: ModelKind, z: Float32Array): Promise<Uint8Array> => {
    const n = z.length / 2;
    const out = new Uint8Array(n * IMAGE_PIXELS);
    for (let i = 0; i < n; i += CHUNK) {
      const part = await decoder.decode(model, z.subarray(2 * i, 2 * Math.min(n, i + CHUNK)));
      out.set(part, i * IMAGE_PIXELS);
    }
    return out;
  };

  /** Cached, deduplicated, serialized. */
  const render = (key: string, make: () => Promise<Buffer | Uint8Array>): Promise<CachedBody> => {
    const hit = cache.get(key);
    if (hit) return Promise.resolve(hit);
    const pending = inflight.get(key);
    if (pending) return pending;
    const job = queue.then(make).then((bytes) => {
      const body = cachedBody(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      cache.set(key, body);
      return body;
    });
    queue = job.catch(() => undefined);
    const tracked = job.finally(() => inflight.delete(key));
    inflight.set(key, tracked);
    return tracked;
  };

  return {
    manifold(model, view) {
      return render(manifoldKey(model, view), () =>
        renderManifoldPng((z: Float32Array) => decodeChunked(model, z), view),
      );
    },
    gif(model, path) {
      const key = ['gif', model, path.room, path.id, path.createdAt, path.sampleCount].join(':');
      return render(key, async () => {
        const plan = planGifFrames(path.t, path.z, GIF_MAX_FRAMES);
        const frames = await decodeChunked(model, plan.z);
        return encodeDigitGif(frames, { delayMs: plan.delayMs, scale: 4 });
      });
    },
  };
}
