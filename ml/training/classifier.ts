import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from '../../shared/constants.js';
import { gatherImages, type MnistSplit } from '../../server/models/mnist.js';

/** Digits 0-9. */
export const CLASSES = 10;

/** The classifier as trained and as shipped: both views share every layer. */
export interface ClassifierModels {
  /** image [N,28,28,1] in [0,1] -> probs [N,10] (softmax). What the exporter ships. */
  probs: tf.LayersModel;
  /** The same network without its softmax: the loss works on logits for stability. */
  logits: tf.LayersModel;
}

/** One line per layer, as the model card and the README describe the network. */
export const CLASSIFIER_SUMMARY =
  'Conv2D(32,3x3,s2,relu) -> Conv2D(64,3x3,s2,relu) -> Flatten -> Dropout(0.25) -> Dense(128,relu) -> Dropout(0.5) -> ' +
  'Dense(10) -> Softmax, all padding same; stride-2 convolutions instead of pooling, so the exporter needs no pooling op.';

/**
 * A small conv net for MNIST digits. The softmax is its own layer so that training can read the
 * logits of the very same weights. Without the dropout it fits the training set past 99 % within
 * five epochs while its test accuracy stalls at 98.5 % and its test loss rises.
 */
export function buildClassifier(): ClassifierModels {
  const image = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: 'image' });
  const conv = (filters: number, name: string) =>
    tf.layers.conv2d({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name });
  let h = conv(32, 'cls_conv1').apply(image) as tf.SymbolicTensor;
  h = conv(64, 'cls_conv2').apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten({ name: 'cls_flatten' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: 0.25, name: 'cls_dropout1' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 128, activation: 'relu', name: 'cls_dense' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: 0.5, name: 'cls_dropout2' }).apply(h) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: CLASSES, name: 'cls_logits' }).apply(h) as tf.SymbolicTensor;
  const probs = tf.layers.activation({ activation: 'softmax', name: 'cls_softmax' }).apply(logits) as tf.SymbolicTensor;
  return {
    probs: tf.model({ inputs: image, outputs: probs, name: 'classifier' }),
    logits: tf.model({ inputs: image, outputs: logits, name: 'classifier_logits' }),
  };
}

/** Rebuilds the logits view over a loaded classifier, sharing its layers. */
export function classifierFromProbs(probs: tf.LayersModel): ClassifierModels {
  const logits = probs.getLayer('cls_logits').output as tf.SymbolicTensor;
  return { probs, logits: tf.model({ inputs: probs.inputs, outputs: logits, name: 'classifier_logits' }) };
}

/** The classifier's trainable variables, always in the same order. */
export function classifierVariables(models: ClassifierModels): tf.Variable[] {
  return models.probs.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** A batch of digits [N,28,28,1] in [0,1] and their one-hot labels [N,10]. */
export function labelledBatch(split: MnistSplit, indices: ArrayLike<number>): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const labels = Int32Array.from({ length: indices.length }, (_, i) => split.labels[indices[i]]);
  return {
    x: tf.tensor4d(gatherImages(split, indices), [indices.length, IMAGE_SIZE, IMAGE_SIZE, 1]),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES) as tf.Tensor2D),
  };
}

/** Mean cross-entropy in nats from logits: logsumexp(l) - l[label], which never takes log(0). */
export function crossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, oneHot), 1))) as tf.Scalar);
}

/** Mean cross-entropy and accuracy on the first `count` digits of a split, in batches without gradients. */
export async function evaluateClassifier(models: ClassifierModels, split: MnistSplit, count = split.count, batch = 500) {
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const { x, y } = labelledBatch(split, Array.from({ length: n }, (_, i) => start + i));
    const [l, c] = tf.tidy(() => {
      const logits = models.logits.apply(x, { training: false }) as tf.Tensor2D;
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32'));
      return [crossEntropy(logits, y).mul(n), hits];
    });
    tf.dispose([x, y]);
    loss += (await l.data())[0];
    correct += (await c.data())[0];
    tf.dispose([l, c]);
  }
  return { loss: loss / count, accuracy: correct / count };
}
