import * as ort from 'onnxruntime-node';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_KINDS } from '../../shared/constants.js';
import { latentBounds } from '../../ml/export/embedding.js';
import { describeFiles } from '../../ml/export/modelCard.js';
import { measureParity, parityFailures } from '../../ml/export/parity.js';
import { assertModelFolder, defaultModelsDir, loadEmbedding, loadModelCard, modelDir } from '../../server/models/modelFiles.js';
import { initBackend } from '../../ml/training/backend.js';
import { hasCheckpoint, loadCheckpoint } from '../../ml/training/checkpoint.js';
import { gatherImages, loadMnist } from '../../server/models/mnist.js';

// The models the project ships. MODELS_DIR points the test at another export (e.g. a quick dev run).
// Missing files fail the test on purpose: a checkout without trained models is not shippable.
const modelsDir = defaultModelsDir();

describe(`the shipped models in ${modelsDir}`, () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  for (const kind of MODEL_KINDS) {
    const dir = modelDir(modelsDir, kind);

    it(`has every ${kind} file: encoder.onnx, decoder.onnx, embedding.json, card.json`, () => {
      // Called bare so that a failure shows the whole message: which file, which command makes it.
      assertModelFolder(modelsDir, kind);
    });

    it(`ships a ${kind} whose ONNX files compute what its checkpoint computes (1e-4, relative where |z| > 1)`, async () => {
      assertModelFolder(modelsDir, kind);
      const checkpoint = path.join(dir, 'checkpoint');
      if (!hasCheckpoint(checkpoint)) {
        throw new Error(`no training checkpoint in ${checkpoint} to compare the ONNX files with: npm run train -- --model ${kind}`);
      }
      const { models } = await loadCheckpoint(checkpoint);
      const report = await measureParity(models, dir, { zCount: 1000, zRange: 6, imageCount: 1000 });
      expect(Object.keys(report.maxAbsDiff).length).toBe(kind === 'vae' ? 3 : 2);
      expect(report.maxAbsDiff.image).toBeLessThanOrEqual(1e-4);
      expect(parityFailures(report)).toEqual([]);
      models.encoder.dispose();
      models.decoder.dispose();
    });

    it(`ships a ${kind} embedding of all 10,000 test digits that its encoder reproduces`, async () => {
      const embedding = loadEmbedding(modelsDir, kind);
      const test = loadMnist('test');
      expect(embedding.count).toBe(10_000);
      expect(Array.from(embedding.labels)).toEqual(Array.from(test.labels));
      const n = 500;
      const session = await ort.InferenceSession.create(path.join(dir, 'encoder.onnx'));
      const images = gatherImages(test, Array.from({ length: n }, (_, i) => i));
      const z = (await session.run({ image: new ort.Tensor('float32', images, [n, 28, 28]) })).z_mean.data as Float32Array;
      await session.release();
      // The file rounds to 4 decimals.
      for (let i = 0; i < 2 * n; i++) expect(Math.abs(z[i] - embedding.z[i])).toBeLessThanOrEqual(5.01e-5 + 1e-6 * Math.abs(z[i]));
    });

    it(`ships a ${kind} card that matches its files, its embedding and its history`, () => {
      const card = loadModelCard(modelsDir, kind);
      expect(card.kind).toBe(kind);
      expect(card.files).toEqual(describeFiles(dir, card.files.map((f) => f.name)));
      expect(card.files.map((f) => f.name).sort()).toEqual(['decoder.onnx', 'embedding.json', 'encoder.onnx']);
      expect(card.latentBounds).toEqual(latentBounds(loadEmbedding(modelsDir, kind)));
      expect(card.history).toHaveLength(card.training.epochs);
      expect(card.loss.finalTest).toBe(card.history.at(-1)!.testLoss);
      expect(existsSync(path.join(dir, 'card.json'))).toBe(true);
    });
  }
});
