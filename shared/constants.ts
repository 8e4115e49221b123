/** Side of an MNIST digit in pixels. */
export const IMAGE_SIZE = 28;
/** Pixels in one digit. */
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
/** Both models have a 2-D latent space: that is what makes it a plane to walk on. */
export const LATENT_DIM = 2;

/** The two shipped models. */
export const MODEL_KINDS = ['ae', 'vae'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export function isModelKind(value: unknown): value is ModelKind {
  return typeof value === 'string' && (MODEL_KINDS as readonly string[]).includes(value);
}
