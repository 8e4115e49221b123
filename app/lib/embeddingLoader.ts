/**
 * The embeddings of the test digits, one download per model and page, shared by whoever asks
 * first: the room page asks as soon as it knows the room's model, while Pixi is still starting,
 * and the plane picks up the same download. A failed download is forgotten, so asking again
 * retries it.
 */
import type { ModelKind } from '../../shared/constants';
import { fetchEmbedding, type ApiResult, type Embedding } from './api';

export interface EmbeddingLoader {
  get(model: ModelKind): Promise<ApiResult<Embedding>>;
  /** The first model asked for: the room's, as far as the page knows before it has joined. */
  readonly first: ModelKind | null;
}

export function createEmbeddingLoader(load: (model: ModelKind) => Promise<ApiResult<Embedding>> = (m) => fetchEmbedding(m)): EmbeddingLoader {
  // At most one entry per model kind: bounded by the kinds the server serves.
  const pending = new Map<ModelKind, Promise<ApiResult<Embedding>>>();
  let first: ModelKind | null = null;
  return {
    get first() {
      return first;
    },
    get(model) {
      first ??= model;
      let p = pending.get(model);
      if (!p) {
        p = load(model).then((r) => {
          if (!r.ok) pending.delete(model);
          return r;
        });
        pending.set(model, p);
      }
      return p;
    },
  };
}
