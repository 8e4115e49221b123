import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier, type Classifier } from '../../server/classifier/createClassifier.js';
import { classifierFile } from '../../server/models/classifierFiles.js';
import { defaultModelsDir } from '../../server/models/modelFiles.js';
import { createOnnxClassify } from '../../ml/figures/onnxClassify.js';
import { loadMnist } from '../../server/models/mnist.js';

describe('the classifier worker', () => {
  let classifier: Classifier;

  beforeAll(async () => {
    classifier = await createClassifier({ maxImages: 100 });
  });
  afterAll(async () => {
    await classifier.close();
  });

  it('gives the same probabilities as an in-process session on real test digits', async () => {
    const frames = loadMnist('test').images.subarray(0, 40 * 784);
    const direct = await createOnnxClassify(classifierFile(defaultModelsDir()));
    const expected = await direct.classify(frames).finally(direct.release);
    expect(await classifier.classify(frames)).toEqual(expected);
    // The caller's frames are copied, not moved: they are still readable after the call.
    expect(frames.length).toBe(40 * 784);
  });

  it('refuses malformed or oversized batches before they reach the worker, and keeps working', async () => {
    await expect(classifier.classify(new Uint8Array(100))).rejects.toThrow(/whole number/);
    await expect(classifier.classify(new Uint8Array(101 * 784))).rejects.toThrow(/at most 100/);
    expect(await classifier.classify(new Uint8Array(0))).toHaveLength(0);
    expect(await classifier.classify(new Uint8Array(784))).toHaveLength(10);
  });

  it('answers calls made after close with an error', async () => {
    const other = await createClassifier();
    await other.close();
    await expect(other.classify(new Uint8Array(784))).rejects.toThrow(/closed/);
  });
});
