import * as ort from 'onnxruntime-node';
import { LATENT_DIM } from '../../shared/constants.js';
import { checkLatents } from '../../server/decoder/checkLatents.js';
import type { DecodeFn } from '../../server/images/renderManifold.js';

/**
 * An in-process decoder for command-line tools: a CLI has no socket thread to keep free, so it
 * skips the worker. Bytes are made as the decoder service makes them (round(v * 255), clamped).
 */
export async function createOnnxDecode(decoderFile: string): Promise<{ decode: DecodeFn; release: () => Promise<void> }> {
  const session = await ort.InferenceSession.create(decoderFile, { intraOpNumThreads: 1 });
  const decode: DecodeFn = async (z) => {
    checkLatents(z, Number.MAX_SAFE_INTEGER);
    const n = z.length / LATENT_DIM;
    const image = (await session.run({ z: new ort.Tensor('float32', z, [n, LATENT_DIM]) })).image.data as Float32Array;
    const out = new Uint8Array(image.length);
    for (let i = 0; i < image.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(image[i] * 255)));
    return out;
  };
  return { decode, release: () => session.release() };
}
