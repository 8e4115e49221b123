/**
 * The drawing part of the wire protocol ("draw your own digit"): a participant sends a 28x28 image,
 * the server encodes it with the room's encoder and pins it on the plane for everyone. Re-exported
 * by protocol.ts, which holds the event names; docs/protocol.md "Drawings" describes it in prose.
 */
import { z } from 'zod';
import { IMAGE_PIXELS, type ModelKind } from './constants.js';

/**
 * A participant's drawing budget: a token bucket of `burst` drawings refilled at one per
 * `refillMs`, so one drawing a second is sustained and a quick redo is not refused.
 */
export const DRAWING_RATE = { burst: 2, refillMs: 1000 } as const;
/** Nearest test digits listed per drawing. */
export const DRAWING_NEAREST = 5;

/**
 * The image: 784 bytes, row-major 28x28, 0 = paper, 255 = ink (what `strokesToDigit` gives, times
 * 255). Binary (a Buffer / Uint8Array, or an ArrayBuffer) so a drawing is 784 bytes on the wire.
 */
const drawingImage = z
  .union([z.instanceof(Uint8Array), z.instanceof(ArrayBuffer).transform((b) => new Uint8Array(b))])
  .refine((b) => b.length === IMAGE_PIXELS, `image must be ${IMAGE_PIXELS} bytes (28x28, row-major)`)
  .refine((b) => b.some((v) => v > 0), 'image has no ink');

const drawingId = z.string().min(1).max(64);

/** Schemas of the drawing events, merged into protocol.ts's `clientSchemas`. */
export const drawingSchemas = {
  draw: z.object({ image: drawingImage }),
  'drawing:delete': z.object({ id: drawingId }),
  'drawings:host': z.discriminatedUnion('action', [
    z.object({ action: z.literal('clear') }),
    z.object({ action: z.literal('visible'), visible: z.boolean() }),
  ]),
};

/** One test digit near a drawing: its index in the model's embedding, its label, its code. */
export interface NearDigit {
  index: number;
  label: number;
  z: [number, number];
}

/** A drawing pinned on the plane, as everyone in the room sees it. */
export interface DrawingInfo {
  id: string;
  /** Participant id of the author when they drew it (ids are per room session). */
  author: number;
  authorName: string;
  /** The author's colour when they drew it. */
  color: string;
  /** Model that encoded it (the room's model; drawings are encoded again when it changes). */
  model: ModelKind;
  /** Where the encoder put it (z_mean). */
  z: [number, number];
  /** The VAE's z_log_var (posterior ellipse semi-axes exp(0.5 * zLogVar)); null for the AE. */
  zLogVar: [number, number] | null;
  /** The 784 image bytes as sent, base64. */
  image: string;
  /** The 5 nearest test digits to z, nearest first. */
  nearest: NearDigit[];
  createdAt: string;
}

/**
 * `GET /api/test-digits?indices=3,17,42`: MNIST test digits by their index (the index a drawing's
 * `nearest` gives), so a client can show them beside the drawing. At most TEST_DIGITS_MAX a request.
 */
export const TEST_DIGITS_MAX = 10;
export const TEST_DIGITS_ROUTE = '/api/test-digits';

/** One MNIST test digit: its index, its label, its 784 bytes (0 = paper, 255 = ink) in base64. */
export interface TestDigit {
  index: number;
  label: number;
  image: string;
}

export interface TestDigitsResponse {
  digits: TestDigit[];
}

/**
 * Payload of the `drawings` event. `reset`: `drawings` is the room's whole list (after a join, a
 * clear, or a re-encode for a new model); otherwise `drawings` are added or updated ones and
 * `removed` the ids that went. `hidden`: the host hid the drawings (clients draw no pins).
 */
export interface DrawingsUpdate {
  reset: boolean;
  drawings: DrawingInfo[];
  removed: string[];
  hidden: boolean;
}

/** Decodes a DrawingInfo's base64 image into its 784 bytes (browser and Node). */
export function drawingPixels(image: string): Uint8Array {
  const bin = atob(image);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Turns `strokesToDigit`'s [0, 1] floats into the 784 bytes a `draw` event carries. */
export function digitToBytes(digit: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(digit.length);
  for (let i = 0; i < digit.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, digit[i])) * 255);
  return out;
}
