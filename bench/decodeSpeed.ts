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
  /** Pool images/s (concurrent callers) divided by one worker's, per batch size. */
  poolRatio: Record<number, number>;
  /** Workers in the pool rows, and how many callers kept them busy. */
  pool: { threads: number; callers: number };
  goals: { imagesPerSecondAtBatch64: number; msForOneImage: number; poolSpeedupAtBatch64: number };
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

/**
 * Calls `fn` for about `seconds` (after a warm-up) from `callers` loops at once (each awaits its
 * call before the next, as a room's tick does) and reports the rate; msPerCall is per loop.
 */
export async function timeCalls<T>(
  engine: string, batch: number, seconds: number, fn: (input: T) => Promise<unknown>, make: (n: number) => T = randomZ as (n: number) => T, callers = 1,
): Promise<DecodeRow> {
  for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: callers }, () => fn(make(batch))));
  const inputs = Array.from({ length: 16 }, () => make(batch));
  let calls = 0;
  const t0 = performance.now();
  const loop = async () => {
    while (performance.now() - t0 < seconds * 1000) await fn(inputs[calls++ % inputs.length]);
  };
  await Promise.all(Array.from({ length: callers }, loop));
  const ms = performance.now() - t0;
  return { engine, batch, calls, imagesPerSecond: (calls * batch * 1000) / ms, msPerCall: (ms * callers) / calls };
}

/** The pool's rows: one caller (its batches split over the workers) and several (like rooms' ticks). */
async function poolRows(model: ModelKind, modelsDir: string, batches: number[], seconds: number, callers: number) {
  const pool = await createDecoder({ modelsDir, models: [model] });
  const rows: DecodeRow[] = [];
  for (const b of batches) {
    rows.push(await timeCalls(`onnxruntime pool, ${pool.threads} workers, 1 caller`, b, seconds, (z: Float32Array) => pool.decode(model, z)));
    rows.push(await timeCalls(`onnxruntime pool, ${pool.threads} workers, ${callers} callers`, b, seconds, (z: Float32Array) => pool.decode(model, z), randomZ, callers));
  }
  await pool.close();
  return { rows, threads: pool.threads };
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
 * Decode throughput of one decoder worker (onnxruntime) and of the worker pool, against tfjs on
 * the wasm backend (and tfjs-node when installed), same model, same batches, same run.
 */
export async function benchDecode(opts: { model?: ModelKind; seconds: number; batches?: number[]; modelsDir?: string }): Promise<DecodeResult> {
  const model = opts.model ?? 'vae';
  const batches = opts.batches ?? [1, 16, 64];
  const modelsDir = opts.modelsDir ?? defaultModelsDir();
  const rows: DecodeRow[] = [];
  const worker = await createDecoder({ modelsDir, models: [model], threads: 1 });
  for (const b of batches) rows.push(await timeCalls('onnxruntime worker', b, opts.seconds, (z: Float32Array) => worker.decode(model, z)));
  await worker.close();
  const callers = 4;
  const pool = await poolRows(model, modelsDir, batches, opts.seconds, callers);
  rows.push(...pool.rows);
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
  const poolEngine = `onnxruntime pool, ${pool.threads} workers, ${callers} callers`;
  const poolRatio = Object.fromEntries(batches.map((b) => [b, rate(poolEngine, b) / rate('onnxruntime worker', b)]));
  return {
    model, rows, ratio, poolRatio, pool: { threads: pool.threads, callers },
    goals: { imagesPerSecondAtBatch64: 2500, msForOneImage: 2, poolSpeedupAtBatch64: 1.7 }, tfjsWeights: wasm.weights, tfjsNode,
  };
}
