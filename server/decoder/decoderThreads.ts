import { availableParallelism } from 'node:os';

/** Never more workers by default: past this the socket thread, not decoding, limits a server. */
const MAX_DEFAULT_THREADS = 8;

/**
 * How many onnxruntime workers the pool starts by default: on one or two cores, one per core (the
 * socket thread needs a fraction of a core and the system shares them); from three cores up, one
 * core is left to the socket thread. Set `DECODER_THREADS` to choose.
 */
export function defaultDecoderThreads(cores = availableParallelism()): number {
  return cores <= 2 ? Math.max(1, cores) : Math.min(cores - 1, MAX_DEFAULT_THREADS);
}
