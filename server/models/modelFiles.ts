import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LATENT_DIM, type ModelKind } from '../../shared/constants.js';

/** One finished epoch in the training history. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  testReconstruction: number;
  testKl: number;
  seconds: number;
  imagesPerSecond: number;
}

/** The files every shipped model folder holds. */
export const MODEL_FILES = ['encoder.onnx', 'decoder.onnx', 'embedding.json', 'card.json'] as const;
export type ModelFileName = (typeof MODEL_FILES)[number];

/** One layer as the card describes it. */
export interface LayerSummary {
  name: string;
  type: string;
  /** e.g. "Conv2D 32 filters 3x3, stride 2, same, relu". */
  description: string;
  /** Output shape without the batch dimension. */
  outputShape: number[];
  params: number;
}

/** `card.json`: how a shipped model was built, trained and exported. */
export interface ModelCard {
  kind: ModelKind;
  title: string;
  architecture: {
    summary: string;
    latentDim: number;
    encoder: LayerSummary[];
    decoder: LayerSummary[];
    parameters: { encoder: number; decoder: number; total: number };
  };
  dataset: string;
  training: {
    epochs: number;
    batchSize: number;
    learningRate: number;
    optimizer: 'Adam';
    backend: string;
    trainSamples: number;
    seed: number;
    totalSeconds: number;
    startedAt: string;
    finishedAt: string;
  };
  loss: {
    unit: 'nats per digit';
    definition: string;
    finalTrain: number;
    finalTest: number;
    testReconstruction: number;
    /** VAE only: the KL part of the negative ELBO. */
    testKl: number | null;
  };
  history: EpochRecord[];
  /** Bounding box of the encoded test set (z_mean). */
  latentBounds: { min: [number, number]; max: [number, number] };
  onnx: {
    irVersion: number;
    opset: number;
    /** onnxruntime vs tfjs at export, per output: largest difference, largest |value|, and the rule applied. */
    parity: { maxAbsDiff: Record<string, number>; scale: Record<string, number>; tolerance: string };
  };
  exportedAt: string;
  files: { name: string; bytes: number; sha256: string; description: string }[];
}

/** The encoded MNIST test set: `z` holds x0, y0, x1, y1, ... */
export interface Embedding {
  count: number;
  z: Float32Array;
  labels: Uint8Array;
}

/** Where `npm run train` and `npm run export` write by default. */
const REPO_MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models');

/** `<repo>/models`, unless `MODELS_DIR` points elsewhere (tests, a deployment's volume). */
export function defaultModelsDir(): string {
  return process.env.MODELS_DIR ?? REPO_MODELS_DIR;
}

/** The folder of one model kind. */
export function modelDir(modelsDir: string, kind: ModelKind): string {
  return path.join(modelsDir, kind);
}

function missingFilesError(modelsDir: string, kind: ModelKind, missing: readonly string[]): Error {
  const dir = modelDir(modelsDir, kind);
  // A non-default folder needs --out on both commands, or they would write to <repo>/models.
  const out = path.resolve(modelsDir) === REPO_MODELS_DIR ? '' : ` --out ${dir}`;
  return new Error(
    `model "${kind}" is incomplete: missing ${missing.map((f) => path.join(dir, f)).join(', ')}. ` +
      `Make it with: npm run train -- --model ${kind}${out}  then  npm run export -- --model ${kind}${out}`,
  );
}

/** Throws, naming the missing file and the commands that make it, unless the folder is whole. */
export function assertModelFolder(modelsDir: string, kind: ModelKind): void {
  const missing = MODEL_FILES.filter((f) => !existsSync(path.join(modelDir(modelsDir, kind), f)));
  if (missing.length > 0) throw missingFilesError(modelsDir, kind, missing);
}

/** The path of one model file; throws like `assertModelFolder` when it is missing. */
export function modelFile(modelsDir: string, kind: ModelKind, name: ModelFileName): string {
  const file = path.join(modelDir(modelsDir, kind), name);
  if (!existsSync(file)) throw missingFilesError(modelsDir, kind, [name]);
  return file;
}

/** Reads `card.json` of one model. */
export function loadModelCard(modelsDir: string, kind: ModelKind): ModelCard {
  assertModelFolder(modelsDir, kind);
  return JSON.parse(readFileSync(path.join(modelDir(modelsDir, kind), 'card.json'), 'utf8')) as ModelCard;
}

/** Reads `embedding.json` of one model and checks its sizes agree. */
export function loadEmbedding(modelsDir: string, kind: ModelKind): Embedding {
  assertModelFolder(modelsDir, kind);
  const file = path.join(modelDir(modelsDir, kind), 'embedding.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { count: number; z: number[]; labels: number[] };
  if (raw.z.length !== raw.count * LATENT_DIM || raw.labels.length !== raw.count) {
    throw new Error(`${file}: count ${raw.count} does not match ${raw.z.length} coordinates and ${raw.labels.length} labels`);
  }
  return { count: raw.count, z: Float32Array.from(raw.z), labels: Uint8Array.from(raw.labels) };
}
