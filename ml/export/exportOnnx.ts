import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IMAGE_SIZE } from '../../shared/constants.js';
import type { AutoencoderModels } from '../training/architecture.js';
import { layersModelToOnnx } from './layersToOnnx.js';
import { encodeOnnxModel } from './onnxProto.js';

const PRODUCER = 'latent-playground';

/** encoder.onnx bytes: `image` [N,28,28] in [0,1] -> `z_mean` [N,2] (the VAE also `z_log_var` [N,2]). */
export function encoderOnnxBytes(models: AutoencoderModels): Uint8Array {
  const outputs = models.kind === 'vae' ? ['z_mean', 'z_log_var'] : ['z_mean'];
  const graph = layersModelToOnnx(models.encoder, { input: { name: 'image', shape: [IMAGE_SIZE, IMAGE_SIZE] }, outputs }, `${models.kind}_encoder`);
  return encodeOnnxModel(graph, { producerName: PRODUCER, docString: `${models.kind.toUpperCase()} encoder of the MNIST latent playground` });
}

/** decoder.onnx bytes: `z` [N,2] -> `image` [N,28,28] in [0,1]. */
export function decoderOnnxBytes(models: AutoencoderModels): Uint8Array {
  const graph = layersModelToOnnx(models.decoder, { input: { name: 'z', shape: [2] }, outputs: ['image'] }, `${models.kind}_decoder`);
  return encodeOnnxModel(graph, { producerName: PRODUCER, docString: `${models.kind.toUpperCase()} decoder of the MNIST latent playground` });
}

/** Writes `encoder.onnx` and `decoder.onnx` into `dir` and returns their paths. */
export function exportOnnx(models: AutoencoderModels, dir: string): { encoder: string; decoder: string } {
  mkdirSync(dir, { recursive: true });
  const encoder = path.join(dir, 'encoder.onnx');
  const decoder = path.join(dir, 'decoder.onnx');
  writeFileSync(encoder, encoderOnnxBytes(models));
  writeFileSync(decoder, decoderOnnxBytes(models));
  return { encoder, decoder };
}
