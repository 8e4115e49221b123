/**
 * Loads what the plane draws for a model: the embedding of the test digits and (when a background
 * needs it) the decoded manifold image. A new model cancels the old loads; a model the server is
 * still loading (HTTP 503) is retried until it is ready, with the reason shown in words.
 */
import type { ModelKind } from '../../../shared/constants';
import { fetchEmbedding, manifoldImageBounds, manifoldUrl, type Embedding } from '../api';
import type { EmbeddingLoader } from '../embeddingLoader';
import { MODEL_LOADING } from '../userMessages';
import type { Bounds } from '../viewTransform';
import type { ManifoldLayer } from './manifoldLayer';

const RETRY_MS = 5000;

export interface ModelDataCallbacks {
  embedding(e: Embedding | null): void;
  manifold(): void;
  status(key: 'embedding' | 'manifold', text: string | null): void;
}

/** `embeddings`: a shared loader that may already be downloading; without one, each load fetches. */
export function createModelData(manifold: ManifoldLayer, cb: ModelDataCallbacks, embeddings?: EmbeddingLoader) {
  let model: ModelKind | null = null;
  let bounds: Bounds | null = null;
  let controller = new AbortController();
  let manifoldKey: string | null = null;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  function retry(fn: () => void) {
    const signal = controller.signal;
    const t = setTimeout(() => {
      timers.delete(t);
      if (!signal.aborted) fn();
    }, RETRY_MS);
    timers.add(t);
  }

  async function loadEmbedding(m: ModelKind) {
    const r = await (embeddings ? embeddings.get(m) : fetchEmbedding(m, controller.signal));
    if (controller.signal.aborted || m !== model) return;
    if (r.ok) {
      cb.status('embedding', null);
      cb.embedding(r.value);
      return;
    }
    cb.status('embedding', r.status === 503 ? MODEL_LOADING : `The scatter could not be loaded: ${r.message}`);
    retry(() => void loadEmbedding(m));
  }

  async function loadManifold(m: ModelKind, b: Bounds) {
    const key = `${m}:${b.join(',')}`;
    if (key === manifoldKey) return;
    manifoldKey = key;
    const result = await manifold.load(manifoldUrl(m, b), manifoldImageBounds(b), controller.signal);
    if (result === 'aborted') return;
    if (result === 'ok') {
      cb.status('manifold', null);
      cb.manifold();
      return;
    }
    manifoldKey = null;
    cb.status('manifold', result === 'loading' ? MODEL_LOADING : 'The decoded manifold image could not be loaded. Retrying…');
    retry(() => void loadManifold(m, b));
  }

  return {
    /** Switches to a model (no-op when unchanged); bounds may come later, with the room. */
    setModel(m: ModelKind, b: Bounds | null) {
      const modelChanged = m !== model;
      if (modelChanged || b) bounds = b;
      if (!modelChanged) return;
      model = m;
      controller.abort();
      controller = new AbortController();
      manifoldKey = null;
      cb.embedding(null);
      void loadEmbedding(m);
    },
    /** Makes sure the manifold for the current model is loaded (called when a background needs it). */
    wantManifold() {
      if (model && bounds) void loadManifold(model, bounds);
    },
    destroy() {
      controller.abort();
      for (const t of timers) clearTimeout(t);
    },
  };
}
