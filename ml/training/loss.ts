import * as tf from '@tensorflow/tfjs';
import type { AutoencoderModels } from './architecture.js';

/** Per-batch mean losses in nats per digit. */
export interface LossParts {
  total: tf.Scalar;
  reconstruction: tf.Scalar;
  kl: tf.Scalar;
}

/**
 * Binary cross-entropy summed over the 784 pixels, from logits:
 * -[x log s(l) + (1-x) log(1-s(l))] = softplus(l) - x*l, which never takes log(0).
 */
function bcePerDigit(x: tf.Tensor4D, logits: tf.Tensor4D): tf.Tensor1D {
  return tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), [1, 2, 3]);
}

/**
 * The article's loss: reconstruction BCE for the AE; for the VAE, BCE of a decoded sample
 * z = z_mean + exp(z_log_var / 2) * eps plus the KL term -0.5 * sum(1 + lv - m^2 - exp(lv)).
 */
export function computeLoss(models: AutoencoderModels, x: tf.Tensor4D, training: boolean): LossParts {
  const out = models.encoder.apply(x, { training });
  if (models.kind === 'ae') {
    const z = out as tf.Tensor2D;
    const reconstruction = tf.mean(bcePerDigit(x, models.decoderLogits.apply(z, { training }) as tf.Tensor4D));
    return { total: reconstruction as tf.Scalar, reconstruction: reconstruction as tf.Scalar, kl: tf.scalar(0) };
  }
  const [zMean, zLogVar] = out as tf.Tensor2D[];
  const eps = tf.randomNormal(zMean.shape);
  const z = tf.add(zMean, tf.mul(tf.exp(tf.mul(zLogVar, 0.5)), eps));
  const reconstruction = tf.mean(bcePerDigit(x, models.decoderLogits.apply(z, { training }) as tf.Tensor4D)) as tf.Scalar;
  const klPerDigit = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, zLogVar), tf.square(zMean)), tf.exp(zLogVar)), 1));
  const kl = tf.mean(klPerDigit) as tf.Scalar;
  return { total: tf.add(reconstruction, kl) as tf.Scalar, reconstruction, kl };
}
