import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifierAccuracy, measureClassifierParity } from '../../ml/export/exportClassifier.js';
import { createOnnxClassify } from '../../ml/figures/onnxClassify.js';
import { initBackend } from '../../ml/training/backend.js';
import { loadClassifierCheckpoint } from '../../ml/training/classifierTrainer.js';
import { loadMnist, type MnistSplit } from '../../server/models/mnist.js';
import { CLASSIFIER_DIR, classifierFile, loadClassifierCard } from '../../server/models/classifierFiles.js';
import { defaultModelsDir } from '../../server/models/modelFiles.js';

// The classifier the project ships; a missing file fails the test on purpose.
const modelsDir = defaultModelsDir();
const dir = path.join(modelsDir, CLASSIFIER_DIR);

describe(`the shipped digit classifier in ${dir}`, () => {
  let test: MnistSplit;

  beforeAll(async () => {
    await initBackend('wasm');
    test = loadMnist('test');
  });

  it('names at least 98.5 % of the 10,000 real MNIST test digits correctly (onnxruntime), as its card says', async () => {
    const { classify, release } = await createOnnxClassify(classifierFile(modelsDir));
    const measured = await classifierAccuracy(classify, test).finally(release);
    expect(measured.accuracy).toBeGreaterThanOrEqual(0.985);
    // No digit is left behind: each class on its own is read well too.
    expect(Math.min(...measured.perDigit)).toBeGreaterThan(0.95);
    const card = loadClassifierCard(modelsDir);
    expect(card.accuracy.onnx).toBe(measured.accuracy);
    expect(card.accuracy.testDigits).toBe(10_000);
  });

  it('answers probabilities: ten per digit, each row summing to 1', async () => {
    const { classify, release } = await createOnnxClassify(classifierFile(modelsDir));
    const probs = await classify(test.images.subarray(0, 50 * 784)).finally(release);
    expect(probs.length).toBe(500);
    for (let i = 0; i < 50; i++) {
      const row = probs.subarray(10 * i, 10 * i + 10);
      expect(row.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('computes what its tfjs checkpoint computes, to 1e-4 on test digits and on noise', async () => {
    const { models } = await loadClassifierCheckpoint(path.join(dir, 'checkpoint'));
    const report = await measureClassifierParity(models.probs, classifierFile(modelsDir), test);
    models.probs.dispose();
    expect(report.maxAbsDiff.probs).toBeLessThanOrEqual(1e-4);
  });

  it('has a card that names the shipped file by its hash and tells how it was trained', () => {
    const card = loadClassifierCard(modelsDir);
    const sha = createHash('sha256').update(readFileSync(classifierFile(modelsDir))).digest('hex');
    expect(card.files.find((f) => f.name === 'classifier.onnx')?.sha256).toBe(sha);
    expect(card.training).toMatchObject({ optimizer: 'Adam', backend: 'tfjs wasm', trainSamples: 60_000 });
    expect(card.history).toHaveLength(card.training.epochs);
    expect(card.onnx.parity.maxAbsDiff.probs).toBeLessThanOrEqual(1e-4);
  });
});
