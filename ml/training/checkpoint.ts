import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelKind } from '../../shared/constants.js';
import type { EpochRecord } from '../../server/models/modelFiles.js';
import { logitsView, type AutoencoderModels } from './architecture.js';

export type { EpochRecord };

/** Everything besides weights that a resumed run needs, and the model card draws on. */
export interface TrainingState {
  kind: ModelKind;
  backend: string;
  epochsDone: number;
  batchSize: number;
  learningRate: number;
  trainSamples: number;
  seed: number;
  history: EpochRecord[];
  startedAt: string;
  updatedAt: string;
}

/** Writes a file atomically so that a run killed mid-write never leaves a torn checkpoint. */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

/** Saves a layers model in the tfjs format: `<name>.json` (topology + manifest) and `<name>.bin`. */
export async function saveLayersModel(model: tf.LayersModel, dir: string, name: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData as ArrayBuffer;
      writeAtomic(path.join(dir, `${name}.bin`), new Uint8Array(weights));
      const manifest = {
        format: 'layers-model',
        generatedBy: 'latent-playground',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [`${name}.bin`], weights: artifacts.weightSpecs }],
      };
      writeAtomic(path.join(dir, `${name}.json`), JSON.stringify(manifest));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/** Loads a model written by `saveLayersModel`. */
export async function loadLayersModel(dir: string, name: string): Promise<tf.LayersModel> {
  const manifest = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'));
  const bin = readFileSync(path.join(dir, `${name}.bin`));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: manifest.modelTopology, weightSpecs: manifest.weightsManifest[0].weights, weightData }),
  );
}

/** Adam's state (iteration count and moments) as a JSON manifest plus one float32 blob. */
export async function saveOptimizer(optimizer: tf.Optimizer, dir: string): Promise<void> {
  const named = await optimizer.getWeights();
  const specs = named.map((w) => ({ name: w.name, shape: w.tensor.shape }));
  const parts = await Promise.all(named.map((w) => w.tensor.data() as Promise<Float32Array>));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const blob = new Float32Array(total);
  let offset = 0;
  for (const p of parts) {
    blob.set(p, offset);
    offset += p.length;
  }
  writeAtomic(path.join(dir, 'optimizer.bin'), new Uint8Array(blob.buffer));
  writeAtomic(path.join(dir, 'optimizer.json'), JSON.stringify(specs));
}

/** Restores the state `saveOptimizer` wrote into `optimizer` (its variables must exist already or be created on first use). */
export async function loadOptimizer(optimizer: tf.Optimizer, dir: string): Promise<void> {
  const specs = JSON.parse(readFileSync(path.join(dir, 'optimizer.json'), 'utf8')) as { name: string; shape: number[] }[];
  const bin = readFileSync(path.join(dir, 'optimizer.bin'));
  const blob = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  let offset = 0;
  const named = specs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(blob.subarray(offset, offset + size), s.shape);
    offset += size;
    return { name: s.name, tensor };
  });
  await optimizer.setWeights(named);
  named.forEach((n) => n.tensor.dispose());
}

/** Saves weights, optimizer and state; the state file is written last and marks the checkpoint whole. */
export async function saveCheckpoint(dir: string, models: AutoencoderModels, optimizer: tf.Optimizer, state: TrainingState): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await saveLayersModel(models.encoder, dir, 'encoder');
  await saveLayersModel(models.decoder, dir, 'decoder');
  await saveOptimizer(optimizer, dir);
  writeAtomic(path.join(dir, 'state.json'), JSON.stringify(state, null, 2));
}

/** Whether `dir` holds a whole checkpoint. */
export function hasCheckpoint(dir: string): boolean {
  return ['state.json', 'encoder.json', 'decoder.json', 'optimizer.json'].every((f) => existsSync(path.join(dir, f)));
}

export function readState(dir: string): TrainingState {
  return JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as TrainingState;
}

/** Loads the models of a checkpoint (and, when given, restores the optimizer state into it). */
export async function loadCheckpoint(
  dir: string,
  optimizer?: tf.Optimizer,
): Promise<{ models: AutoencoderModels; state: TrainingState }> {
  const state = readState(dir);
  const encoder = await loadLayersModel(dir, 'encoder');
  const decoder = await loadLayersModel(dir, 'decoder');
  const models = { kind: state.kind, encoder, decoder, decoderLogits: logitsView(decoder) };
  if (optimizer) await loadOptimizer(optimizer, dir);
  return { models, state };
}
