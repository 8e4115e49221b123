/**
 * `POST /api/models/:model/encode`: the request's schema and the answer's shape. Images are used as
 * given (row-major 28x28, 1 = ink, no preprocessing), so the encoder sees exactly what was sent.
 */
import { z } from 'zod';
import { IMAGE_PIXELS } from '../../shared/constants.js';
import type { Encoded } from '../decoder/createDecoder.js';
import type { NearestDigit, NearestIndex } from '../models/nearestDigits.js';

/** Most images in one request. */
export const MAX_ENCODE_IMAGES = 256;
/** Nearest test digits given per image. */
export const NEAREST_DIGITS = 5;
/** Room for 256 images of 784 numbers written with up to 22 characters each, plus the JSON around them. */
export const ENCODE_BODY_LIMIT = MAX_ENCODE_IMAGES * IMAGE_PIXELS * 24 + 4096;

const pixel = z.number().min(0, 'values must be in [0, 1]').max(1, 'values must be in [0, 1]');
const image = z.array(pixel, 'an image is an array of 784 numbers').length(IMAGE_PIXELS, 'an image is 784 numbers (28x28, row-major)');

/** `{ image: [784 numbers] }` or `{ images: [[784 numbers], ...] }` (1 to 256 images). */
export const encodeRequest = z
  .strictObject({
    image: image.optional(),
    images: z.array(image).min(1, 'images must hold at least one image').max(MAX_ENCODE_IMAGES, `at most ${MAX_ENCODE_IMAGES} images per request`).optional(),
  })
  .refine((b) => (b.image === undefined) !== (b.images === undefined), 'send either "image" or "images"');
export type EncodeRequest = z.infer<typeof encodeRequest>;

/** One image's answer. */
export interface EncodeResult {
  z: [number, number];
  /** VAE only: the log-variance of the posterior around z. */
  zLogVar?: [number, number];
  nearest: NearestDigit[];
}

/** The request's images as one N*784 batch. */
export function requestImages(body: EncodeRequest): Float32Array {
  const list = body.images ?? [body.image!];
  const out = new Float32Array(list.length * IMAGE_PIXELS);
  list.forEach((img, i) => out.set(img, i * IMAGE_PIXELS));
  return out;
}

/** Per image: its code, the VAE's log-variance, and its nearest test digits. */
export function encodeResults(encoded: Encoded, index: NearestIndex): EncodeResult[] {
  const n = encoded.zMean.length / 2;
  return Array.from({ length: n }, (_, i) => {
    const x = encoded.zMean[2 * i];
    const y = encoded.zMean[2 * i + 1];
    const lv = encoded.zLogVar;
    return {
      z: [x, y],
      ...(lv ? { zLogVar: [lv[2 * i], lv[2 * i + 1]] as [number, number] } : {}),
      nearest: index.nearest(x, y, NEAREST_DIGITS),
    };
  });
}
