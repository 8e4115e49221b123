import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LayerSummary } from './modelFiles.js';

/** The classifier's folder inside the models folder, beside `ae/` and `vae/`. */
export const CLASSIFIER_DIR = 'classifier';
/** Digit classes the classifier tells apart. */
export const DIGIT_CLASSES = 10;

/** One finished epoch of the classifier's training. */
export interface ClassifierEpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  seconds: number;
  imagesPerSecond: number;
}

/** `classifier/card.json`: how the shipped digit classifier was built, trained, exported and measured. */
export interface ClassifierCard {
  kind: 'classifier';
  title: string;
  architecture: { summary: string; layers: LayerSummary[]; parameters: number };
  dataset: string;
  training: {
    epochs: number;
    batchSize: number;
    learningRate: number;
    optimizer: 'Adam';
    loss: string;
    backend: string;
    trainSamples: number;
    seed: number;
    totalSeconds: number;
    startedAt: string;
    finishedAt: string;
  };
  /** Accuracy on the MNIST test digits, of the shipped ONNX file and of the tfjs model it came from. */
  accuracy: { testDigits: number; onnx: number; tfjs: number; perDigit: number[] };
  history: ClassifierEpochRecord[];
  onnx: {
    irVersion: number;
    opset: number;
    parity: { maxAbsDiff: Record<string, number>; scale: Record<string, number>; tolerance: string };
  };
  exportedAt: string;
  files: { name: string; bytes: number; sha256: string; description: string }[];
}

/** The path of `classifier.onnx`; throws naming the commands that make it when it is missing. */
export function classifierFile(modelsDir: string): string {
  const file = path.join(modelsDir, CLASSIFIER_DIR, 'classifier.onnx');
  if (!existsSync(file)) {
    throw new Error(`the digit classifier is missing: ${file}. Make it with: npm run train -- --model classifier  then  npm run export -- --model classifier`);
  }
  return file;
}

/** Reads `classifier/card.json`. */
export function loadClassifierCard(modelsDir: string): ClassifierCard {
  return JSON.parse(readFileSync(path.join(modelsDir, CLASSIFIER_DIR, 'card.json'), 'utf8')) as ClassifierCard;
}
