import { IMAGE_PIXELS } from '../../shared/constants.js';

/**
 * Throws a clear error unless `images` holds whole 28x28 images, at most `maxImages` of them:
 * floats in [0, 1] (1 = ink), or with `bytes` allowed, a Uint8Array of 0-255 frames as the decoder
 * returns them. Run on the main thread, so a bad call never reaches a worker.
 */
export function checkImages(op: string, images: unknown, maxImages: number, bytes = false): asserts images is Float32Array | Uint8Array {
  const ok = images instanceof Float32Array || (bytes && images instanceof Uint8Array);
  if (!ok) throw new TypeError(`${op}: images must be a Float32Array of values in [0, 1]${bytes ? ' or a Uint8Array of 0-255 frames' : ''}`);
  if (images.length % IMAGE_PIXELS !== 0) throw new RangeError(`${op}: ${images.length} values is not a whole number of 28x28 images`);
  if (images.length / IMAGE_PIXELS > maxImages) {
    throw new RangeError(`${op}: ${images.length / IMAGE_PIXELS} images in one call, at most ${maxImages} allowed`);
  }
  if (images instanceof Uint8Array) return;
  for (let i = 0; i < images.length; i++) {
    const v = images[i];
    // Written so that NaN fails too.
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${op}: value ${i} (image ${Math.floor(i / IMAGE_PIXELS)}) is ${v}; every value must be in [0, 1]`);
  }
}
