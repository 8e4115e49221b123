import * as ort from 'onnxruntime-node';
import { IMAGE_SIZE } from '../../shared/constants.js';
import { checkFrames, framesToInput, type ClassifyFn } from '../../server/classifier/classifyFrames.js';

/**
 * An in-process digit classifier for command-line tools and tests (a CLI has no socket thread to
 * keep free, so it skips the worker). It takes bytes, as the decoder gives them, and scales them
 * as the server's classifier worker does.
 */
export async function createOnnxClassify(classifierFile: string): Promise<{ classify: ClassifyFn; release: () => Promise<void> }> {
  const session = await ort.InferenceSession.create(classifierFile, { intraOpNumThreads: 1 });
  const classify: ClassifyFn = async (frames) => {
    checkFrames(frames, Number.MAX_SAFE_INTEGER);
    const n = frames.length / (IMAGE_SIZE * IMAGE_SIZE);
    const image = new ort.Tensor('float32', framesToInput(frames), [n, IMAGE_SIZE, IMAGE_SIZE]);
    return Float32Array.from((await session.run({ image })).probs.data as Float32Array);
  };
  return { classify, release: () => session.release() };
}
