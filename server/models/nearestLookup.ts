/**
 * The rooms' nearest-test-digit lookup: each model's shipped embedding, indexed on first use.
 */
import type { ModelKind } from '../../shared/constants.js';
import type { NearestDigits } from '../rooms/types.js';
import { loadEmbedding } from './modelFiles.js';
import { createNearestIndex, type NearestIndex } from './nearestDigits.js';

/** A NearestDigits over the embeddings in `modelsDir` (loaded lazily, once per model). */
export function createNearestLookup(modelsDir: string): NearestDigits {
  const indexes = new Map<ModelKind, NearestIndex>();
  return (model, z, k) => {
    let index = indexes.get(model);
    if (!index) indexes.set(model, (index = createNearestIndex(loadEmbedding(modelsDir, model))));
    return index.nearest(z[0], z[1], k);
  };
}
