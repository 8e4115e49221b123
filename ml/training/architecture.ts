import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, LATENT_DIM, type ModelKind } from '../../shared/constants.js';

/** The article's conv encoder and decoder for one model kind. */
export interface AutoencoderModels {
  kind: ModelKind;
  /** image [N,28,28,1] -> z_mean [N,2] (the VAE also -> z_log_var [N,2]). */
  encoder: tf.LayersModel;
  /** z [N,2] -> image [N,28,28,1] in [0,1]. */
  decoder: tf.LayersModel;
  /** The same decoder without its final sigmoid: the loss is computed from logits for stability. */
  decoderLogits: tf.LayersModel;
}

function conv(filters: number, strides: number, name: string) {
  return tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation: 'relu', name });
}

/**
 * The encoder of the seed article (the Keras conv VAE example): two stride-2 convs, Flatten,
 * Dense(2) z_mean. The plain AE keeps only z_mean; the VAE adds z_log_var (sampling is in the loss).
 */
export function buildEncoder(kind: ModelKind): tf.LayersModel {
  const image = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: 'image' });
  let h = conv(32, 2, 'enc_conv1').apply(image) as tf.SymbolicTensor;
  h = conv(64, 2, 'enc_conv2').apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten({ name: 'enc_flatten' }).apply(h) as tf.SymbolicTensor;
  const zMean = tf.layers.dense({ units: LATENT_DIM, name: 'z_mean' }).apply(h) as tf.SymbolicTensor;
  if (kind === 'ae') return tf.model({ inputs: image, outputs: zMean, name: 'encoder' });
  const zLogVar = tf.layers.dense({ units: LATENT_DIM, name: 'z_log_var' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: image, outputs: [zMean, zLogVar], name: 'encoder' });
}

/**
 * The decoder of the seed article: Dense(7*7*64, relu), Reshape, two stride-2 transposed convs,
 * and a transposed conv to one channel with a sigmoid. The sigmoid is its own layer so that the
 * training loss can share every weight and still work on logits.
 */
export function buildDecoders(): { decoder: tf.LayersModel; decoderLogits: tf.LayersModel } {
  const z = tf.input({ shape: [LATENT_DIM], name: 'z' });
  let h = tf.layers.dense({ units: 7 * 7 * 64, activation: 'relu', name: 'dec_dense' }).apply(z) as tf.SymbolicTensor;
  h = tf.layers.reshape({ targetShape: [7, 7, 64], name: 'dec_reshape' }).apply(h) as tf.SymbolicTensor;
  const deconv = (filters: number, strides: number, activation: 'relu' | 'linear', name: string) =>
    tf.layers.conv2dTranspose({ filters, kernelSize: 3, strides, padding: 'same', activation, name });
  h = deconv(64, 2, 'relu', 'dec_deconv1').apply(h) as tf.SymbolicTensor;
  h = deconv(32, 2, 'relu', 'dec_deconv2').apply(h) as tf.SymbolicTensor;
  const logits = deconv(1, 1, 'linear', 'dec_deconv3').apply(h) as tf.SymbolicTensor;
  const image = tf.layers.activation({ activation: 'sigmoid', name: 'dec_sigmoid' }).apply(logits) as tf.SymbolicTensor;
  return {
    decoder: tf.model({ inputs: z, outputs: image, name: 'decoder' }),
    decoderLogits: tf.model({ inputs: z, outputs: logits, name: 'decoder_logits' }),
  };
}

/** Builds fresh, randomly initialised models of one kind. */
export function buildAutoencoder(kind: ModelKind): AutoencoderModels {
  return { kind, encoder: buildEncoder(kind), ...buildDecoders() };
}

/** Rebuilds the logits view over a loaded decoder, sharing its layers. */
export function logitsView(decoder: tf.LayersModel): tf.LayersModel {
  const logits = decoder.getLayer('dec_deconv3').output as tf.SymbolicTensor;
  return tf.model({ inputs: decoder.inputs, outputs: logits, name: 'decoder_logits' });
}

/** The trainable variables of encoder and decoder, always in the same order. */
export function trainableVariables(models: AutoencoderModels): tf.Variable[] {
  return [...models.encoder.trainableWeights, ...models.decoder.trainableWeights].map((w) => w.read() as tf.Variable);
}
