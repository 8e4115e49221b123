import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_KINDS } from '../../shared/constants.js';
import { exportOnnx } from '../../ml/export/exportOnnx.js';
import { samePads } from '../../ml/export/layersToOnnx.js';
import { measureParity, parityFailures } from '../../ml/export/parity.js';
import { ProtoWriter } from '../../ml/export/protobuf.js';
import { buildAutoencoder } from '../../ml/training/architecture.js';
import { initBackend } from '../../ml/training/backend.js';

const TOLERANCE = 1e-4;

/** Fresh models start with zero biases; random ones make the test see a misplaced bias too. */
function randomizeBiases(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    const weights = layer.getWeights();
    if (weights.length === 2) layer.setWeights([weights[0], tf.randomNormal(weights[1].shape, 0, 0.1)]);
  }
}

describe('ProtoWriter', () => {
  it('writes varints little-endian in 7-bit groups', () => {
    expect(Array.from(new ProtoWriter().varint(1, 300).finish())).toEqual([0x08, 0xac, 0x02]);
  });

  it('writes a negative int64 as ten bytes of two\'s complement', () => {
    const bytes = new ProtoWriter().varint(1, -1).finish();
    expect(Array.from(bytes)).toEqual([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('prefixes length-delimited fields with their byte length', () => {
    expect(Array.from(new ProtoWriter().string(2, 'ab').finish())).toEqual([0x12, 2, 0x61, 0x62]);
  });
});

describe('parityFailures', () => {
  it('allows 1e-4 absolute within [-1, 1] and 1e-4 relative beyond', () => {
    expect(parityFailures({ maxAbsDiff: { image: 9e-5, z_mean: 4e-3 }, scale: { image: 1, z_mean: 50 } })).toEqual([]);
    expect(parityFailures({ maxAbsDiff: { image: 2e-4 }, scale: { image: 0.9 } })).toEqual([expect.stringMatching(/^image: max abs diff 0.0002 > 0.0001/)]);
    expect(parityFailures({ maxAbsDiff: { z_mean: Number.NaN }, scale: { z_mean: 1 } })).toHaveLength(1);
  });
});

describe('samePads', () => {
  it('pads TF-style: nothing before and one after for kernel 3, stride 2', () => {
    expect(samePads(28, 14, 3, 2)).toEqual([0, 1]);
    expect(samePads(14, 7, 3, 2)).toEqual([0, 1]);
  });

  it('pads one on both sides for kernel 3, stride 1', () => {
    expect(samePads(28, 28, 3, 1)).toEqual([1, 1]);
  });
});

describe('the ONNX exporter on freshly initialised models', () => {
  let dir: string;

  beforeAll(async () => {
    await initBackend('wasm');
    dir = mkdtempSync(path.join(tmpdir(), 'onnx-export-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const kind of MODEL_KINDS) {
    it(`gives the ${kind} contract's names and shapes with a dynamic batch`, async () => {
      const models = buildAutoencoder(kind);
      const files = exportOnnx(models, path.join(dir, `${kind}-shapes`));
      const decoder = await ort.InferenceSession.create(files.decoder);
      const encoder = await ort.InferenceSession.create(files.encoder);
      expect(decoder.inputNames).toEqual(['z']);
      expect(decoder.outputNames).toEqual(['image']);
      expect(encoder.inputNames).toEqual(['image']);
      expect(encoder.outputNames).toEqual(kind === 'vae' ? ['z_mean', 'z_log_var'] : ['z_mean']);
      for (const n of [1, 7]) {
        const image = (await decoder.run({ z: new ort.Tensor('float32', new Float32Array(2 * n), [n, 2]) })).image;
        expect(image.dims).toEqual([n, 28, 28]);
        const codes = await encoder.run({ image: new ort.Tensor('float32', new Float32Array(784 * n), [n, 28, 28]) });
        expect(codes.z_mean.dims).toEqual([n, 2]);
      }
      await decoder.release();
      await encoder.release();
    });

    it(`leaves no ${kind} tensor behind`, () => {
      const models = buildAutoencoder(kind);
      const before = tf.memory().numTensors;
      exportOnnx(models, path.join(dir, `${kind}-leak`));
      expect(tf.memory().numTensors).toBe(before);
    });

    it(`computes what tfjs computes for the ${kind} to 1e-4 on 1,000 latent points and 1,000 test digits`, async () => {
      const models = buildAutoencoder(kind);
      randomizeBiases(models.encoder);
      randomizeBiases(models.decoder);
      const out = path.join(dir, kind);
      exportOnnx(models, out);
      const report = await measureParity(models, out, { zCount: 1000, zRange: 6, imageCount: 1000 });
      expect(Object.keys(report.maxAbsDiff).sort()).toEqual(kind === 'vae' ? ['image', 'z_log_var', 'z_mean'] : ['image', 'z_mean']);
      for (const [output, diff] of Object.entries(report.maxAbsDiff)) {
        expect(diff, `${kind} ${output}`).toBeLessThanOrEqual(TOLERANCE);
      }
      expect(parityFailures(report)).toEqual([]);
    });
  }
});
