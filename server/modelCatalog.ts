/**
 * The models a server serves: their cards (with the latent bounds rooms accept cursors in) and
 * their test-set embeddings, read once at startup so requests never touch the disk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { ModelKind } from '../shared/constants.js';
import { loadEmbedding, loadModelCard, modelDir, type ModelCard } from './models/modelFiles.js';
import { widenBounds, type LatentBounds } from '../shared/latent.js';

/** A response body prepared once: raw, gzipped, and its ETag. */
export interface CachedBody {
  raw: Buffer;
  gzip: Buffer;
  etag: string;
}

export interface ModelCatalog {
  readonly kinds: readonly ModelKind[];
  has(kind: string): kind is ModelKind;
  card(kind: ModelKind): ModelCard;
  /** The latent bounds rooms of this model accept (card bounds widened by half their span). */
  bounds(kind: ModelKind): LatentBounds;
  /** `embedding.json` as served: `{count, z: [x0, y0, ...], labels}`. */
  embedding(kind: ModelKind): CachedBody;
}

/** Prepares a JSON or binary body for repeated serving. */
export function cachedBody(raw: Buffer): CachedBody {
  return { raw, gzip: gzipSync(raw), etag: `"${createHash('sha1').update(raw).digest('base64url')}"` };
}

/** Loads every model in `kinds` from `modelsDir`; throws naming what is missing. */
export function createModelCatalog(modelsDir: string, kinds: readonly ModelKind[]): ModelCatalog {
  const cards = new Map<ModelKind, ModelCard>();
  const bounds = new Map<ModelKind, LatentBounds>();
  const embeddings = new Map<ModelKind, CachedBody>();
  for (const kind of kinds) {
    const card = loadModelCard(modelsDir, kind);
    cards.set(kind, card);
    bounds.set(kind, widenBounds(card.latentBounds));
    loadEmbedding(modelsDir, kind); // validates counts; the file itself is served as is
    embeddings.set(kind, cachedBody(readFileSync(path.join(modelDir(modelsDir, kind), 'embedding.json'))));
  }
  return {
    kinds,
    has: (kind: string): kind is ModelKind => cards.has(kind as ModelKind),
    card: (kind) => cards.get(kind)!,
    bounds: (kind) => bounds.get(kind)!,
    embedding: (kind) => embeddings.get(kind)!,
  };
}
