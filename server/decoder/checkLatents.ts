import { LATENT_DIM } from '../../shared/constants.js';

/**
 * Throws a clear error unless `z` is a Float32Array of whole finite (x, y) pairs, at most
 * `maxPoints` of them. Run on the main thread, so a bad call never reaches the worker.
 */
export function checkLatents(z: unknown, maxPoints: number): asserts z is Float32Array {
  if (!(z instanceof Float32Array)) throw new TypeError('decode: z must be a Float32Array of x, y pairs');
  if (z.length % LATENT_DIM !== 0) throw new RangeError(`decode: z has odd length ${z.length}; it must hold x, y pairs`);
  if (z.length / LATENT_DIM > maxPoints) {
    throw new RangeError(`decode: ${z.length / LATENT_DIM} latent points in one call, at most ${maxPoints} allowed`);
  }
  for (let i = 0; i < z.length; i++) {
    if (!Number.isFinite(z[i])) throw new RangeError(`decode: z[${i}] is ${z[i]}; every coordinate must be finite`);
  }
}
