/**
 * The training timelines of the served models, read once at startup; snapshot embeddings are read
 * on first request and kept in a bounded cache of prepared bodies.
 */
import { readFileSync } from 'node:fs';
import { LATENT_DIM, type ModelKind } from '../../shared/constants.js';
import { LruCache } from '../http/LruCache.js';
import { cachedBody, type CachedBody } from '../modelCatalog.js';
import { loadTimeline, type Timeline } from './loadTimeline.js';

export interface TimelineCatalog {
  /** The model's timeline, or null when it has none. */
  get(kind: ModelKind): Timeline | null;
  /** A snapshot's `embedding-*.json` as served, checked on first read; undefined for an unknown step. */
  embedding(kind: ModelKind, step: number): CachedBody | undefined;
}

/** Embedding bodies kept (each ~40 KB for 2,000 digits, plus its gzip). */
/** Bytes of snapshot embedding bodies kept (raw + gzip; one snapshot's is about 60 KB). */
const EMBEDDING_CACHE_BYTES = 8 * 1024 * 1024;

function checkedEmbedding(file: string, digits: number): Buffer {
  const raw = readFileSync(file);
  const e = JSON.parse(raw.toString('utf8')) as { count?: unknown; z?: unknown; labels?: unknown };
  const ok = e.count === digits && Array.isArray(e.z) && e.z.length === digits * LATENT_DIM && Array.isArray(e.labels) && e.labels.length === digits;
  if (!ok) throw new Error(`${file}: expected ${digits} digits with ${digits * LATENT_DIM} coordinates and ${digits} labels`);
  return raw;
}

/** Loads the timeline of every model in `kinds` that has one; throws on a malformed one. */
export function createTimelineCatalog(modelsDir: string, kinds: readonly ModelKind[]): TimelineCatalog {
  const timelines = new Map(kinds.map((k) => [k, loadTimeline(modelsDir, k)]));
  const bodies = new LruCache<string, CachedBody>(EMBEDDING_CACHE_BYTES, (b) => b.raw.length + b.gzip.length);
  return {
    get: (kind) => timelines.get(kind) ?? null,
    embedding(kind, step) {
      const timeline = timelines.get(kind);
      const file = timeline?.embeddingFile(step);
      if (!timeline || !file) return undefined;
      const key = `${kind}:${step}`;
      let body = bodies.get(key);
      if (!body) {
        body = cachedBody(checkedEmbedding(file, timeline.file.testDigits));
        bodies.set(key, body);
      }
      return body;
    },
  };
}
