import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ModelKind } from '../shared/constants.js';
import { createDecoder } from '../server/decoder/createDecoder.js';
import { defaultModelsDir, modelDir } from '../server/models/modelFiles.js';
import { initBackend, type BackendName } from '../ml/training/backend.js';
import { buildDecoders } from '../ml/training/architecture.js';
import { loadLayersModel } from '../ml/training/checkpoint.js';

export interface DecodeRow {
  engine: string;
  batch: number;
  calls: number;
  imagesPerSecond: number;
  msPerCall: number;
}

export interface DecodeResult {
  model: ModelKind;
  rows: DecodeRow[];
  /** onnxruntime worker images/s divided by tfjs-wasm images/s, per batch size. */
  ratio: Record<number, number>;
  goals: { imagesPerSecondAtBatch64: number; msForOneImage: number };
  /** Which weights the tfjs rows ran. */
  tfjsWeights: string;
  /** Why the tfjs-node rows are missing, when they are. */
  tfjsNode: string;
}

function randomZ(n: number): Float32Array {
  const z = new Float32Array(2 * n);
  for (let i = 0; i < z.length; i++) z[i] = Math.random() * 8 - 4;
  return z;
}

/** Calls `fn` for about `seconds` (after a warm-up) and reports the rate. */
async function timeCalls(engine: string, batch: number, seconds: number, fn: (z: Float32Array) => Promise<unknown>): Promise<DecodeRow> {
  for (let i = 0; i < 3; i++) await fn(randomZ(batch));
  const inputs = Array.from({ length: 16 }, () => randomZ(batch));
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) await fn(inputs[calls++ % inputs.length]);
  const ms = performance.now() - t0;
  return { engine, batch, calls, imagesPerSecond: (calls * batch * 1000) / ms, msPerCall: ms / calls };
}

/**
 * The same decoder in tfjs: the trained weights from the model's `checkpoint/` when it is there,
 * otherwise the same architecture freshly initialised (same arithmetic, so the same speed).
 */
async function tfjsDecoder(backend: BackendName, modelsDir: string, model: ModelKind) {
  await initBackend(backend);
  const dir = path.join(modelDir(modelsDir, model), 'checkpoint');
  const fromCheckpoint = existsSync(path.join(dir, 'decoder.json'));
  const decoder = fromCheckpoint ? await loadLayersModel(dir, 'decoder') : buildDecoders().decoder;
  const weights = fromCheckpoint ? 'trained (checkpoint)' : 'same architecture, initial weights (no checkpoint/)';
  const run = async (z: Float32Array) => {
    const out = tf.tidy(() => (decoder.predict(tf.tensor2d(z, [z.length / 2, 2])) as tf.Tensor).mul(255).round().toInt());
    await out.data();
    out.dispose();
  };
  return { run, weights };
}

/**
 * Decode throughput of the server's decoder worker (onnxruntime) against tfjs on the wasm backend
 * (and tfjs-node when installed), same model, same batches, same run.
 */
export async function benchDecode(opts: { model?: ModelKind; seconds: number; batches?: number[]; modelsDir?: string }): Promise<DecodeResult> {
  const model = opts.model ?? 'vae';
  const batches = opts.batches ?? [1, 16, 64];
  const modelsDir = opts.modelsDir ?? defaultModelsDir();
  const rows: DecodeRow[] = [];
  const worker = await createDecoder({ modelsDir, models: [model] });
  for (const b of batches) rows.push(await timeCalls('onnxruntime worker', b, opts.seconds, (z) => worker.decode(model, z)));
  await worker.close();
  const wasm = await tfjsDecoder('wasm', modelsDir, model);
  for (const b of batches) rows.push(await timeCalls('tfjs wasm', b, opts.seconds, wasm.run));
  let tfjsNode = 'measured';
  try {
    const native = await tfjsDecoder('tensorflow', modelsDir, model);
    for (const b of batches) rows.push(await timeCalls('tfjs-node', b, opts.seconds, native.run));
  } catch (err) {
    // tfjs-node is optional and cannot be installed offline: its rows are simply absent.
    tfjsNode = `not measured: ${err instanceof Error ? err.message : String(err)}`;
  }
  const rate = (engine: string, b: number) => rows.find((r) => r.engine === engine && r.batch === b)!.imagesPerSecond;
  const ratio = Object.fromEntries(batches.map((b) => [b, rate('onnxruntime worker', b) / rate('tfjs wasm', b)]));
  return { model, rows, ratio, goals: { imagesPerSecondAtBatch64: 2500, msForOneImage: 2 }, tfjsWeights: wasm.weights, tfjsNode };
}
