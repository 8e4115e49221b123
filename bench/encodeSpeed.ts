import * as ort from 'onnxruntime-node';
import type { ModelKind } from '../shared/constants.js';
import { IMAGE_SIZE } from '../shared/constants.js';
import { createDecoder } from '../server/decoder/createDecoder.js';
import { defaultModelsDir, modelFile } from '../server/models/modelFiles.js';
import { gatherImages, loadMnist } from '../server/models/mnist.js';
import { timeCalls, type DecodeRow } from './decodeSpeed.js';

export interface EncodeSpeedResult {
  model: ModelKind;
  /** engine, batch (images per call), images/s, ms per call, calls. */
  rows: DecodeRow[];
  /** Worker images/s divided by raw onnxruntime's on this thread, per batch size. */
  ratio: Record<number, number>;
}

/**
 * Encoder throughput on real MNIST test digits: onnxruntime called directly on this thread (the
 * raw figure: no thread hop, no copies), through one worker, and through the pool with several
 * callers at once, same session options, same batches.
 */
export async function benchEncode(opts: { model?: ModelKind; seconds: number; batches?: number[]; modelsDir?: string }): Promise<EncodeSpeedResult> {
  const model = opts.model ?? 'vae';
  const batches = opts.batches ?? [1, 16, 64];
  const modelsDir = opts.modelsDir ?? defaultModelsDir();
  const test = loadMnist('test');
  let next = 0;
  const images = (n: number) => gatherImages(test, Array.from({ length: n }, () => next++ % test.count));
  const rows: DecodeRow[] = [];

  const session = await ort.InferenceSession.create(modelFile(modelsDir, model, 'encoder.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  const raw = (x: Float32Array) => session.run({ image: new ort.Tensor('float32', x, [x.length / (IMAGE_SIZE * IMAGE_SIZE), IMAGE_SIZE, IMAGE_SIZE]) });
  for (const b of batches) rows.push(await timeCalls('raw onnxruntime (this thread)', b, opts.seconds, raw, images));
  await session.release();

  const worker = await createDecoder({ modelsDir, models: [model], threads: 1, classifierFile: null });
  for (const b of batches) rows.push(await timeCalls('onnxruntime worker', b, opts.seconds, (x: Float32Array) => worker.encode(model, x), images));
  await worker.close();

  const pool = await createDecoder({ modelsDir, models: [model], classifierFile: null });
  const engine = `onnxruntime pool, ${pool.threads} workers, 4 callers`;
  for (const b of batches) rows.push(await timeCalls(engine, b, opts.seconds, (x: Float32Array) => pool.encode(model, x), images, 4));
  await pool.close();

  const rate = (e: string, b: number) => rows.find((r) => r.engine === e && r.batch === b)!.imagesPerSecond;
  return { model, rows, ratio: Object.fromEntries(batches.map((b) => [b, rate('onnxruntime worker', b) / rate('raw onnxruntime (this thread)', b)])) };
}
