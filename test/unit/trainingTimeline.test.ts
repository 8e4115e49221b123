import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../ml/training/backend.js';
import { loadMnist, type MnistSplit } from '../../server/models/mnist.js';
import { snapshotSteps } from '../../ml/training/timeline.js';
import { train, type TrainOptions } from '../../ml/training/trainer.js';
import { decoderOnnxBytes } from '../../ml/export/exportOnnx.js';
import type { TimelineFile } from '../../server/models/timelineFiles.js';

let data: { train: MnistSplit; test: MnistSplit };

function options(dir: string, epochs: number, resume = false): TrainOptions {
  return {
    kind: 'ae',
    epochs,
    batchSize: 32,
    learningRate: 1e-3,
    sampleCap: 320,
    testCap: 100,
    checkpointDir: path.join(dir, 'checkpoint'),
    timelineDir: path.join(dir, 'timeline'),
    timelineDigits: 60,
    resume,
    backend: 'wasm',
    seed: 5,
    log: () => {},
  };
}

function readTimeline(dir: string): TimelineFile {
  return JSON.parse(readFileSync(path.join(dir, 'timeline', 'timeline.json'), 'utf8')) as TimelineFile;
}

describe('the training timeline', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    data = { train: loadMnist('train'), test: loadMnist('test') };
  });

  it('schedules step 0, log-spaced steps and every epoch end, in order and without repeats', () => {
    const steps = snapshotSteps(469, 10);
    expect(steps[0]).toBe(0);
    expect(steps.slice(0, 8)).toEqual([0, 1, 2, 3, 5, 7, 10, 20]);
    for (let e = 1; e <= 10; e++) expect(steps).toContain(e * 469);
    expect(steps.at(-1)).toBe(4690);
    expect(new Set(steps).size).toBe(steps.length);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(steps.length).toBeGreaterThanOrEqual(20);
  });

  it('records snapshots a resumed run continues, ending with the trained decoder itself', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'timeline-'));
    await train(options(dir, 1), data);
    const first = readTimeline(dir);
    expect(first.snapshots.map((s) => s.step)).toEqual([0, 1, 2, 3, 5, 7, 10]);
    const run = await train(options(dir, 2, true), data);
    const timeline = readTimeline(dir);
    const steps = timeline.snapshots.map((s) => s.step);
    expect(steps).toEqual([0, 1, 2, 3, 5, 7, 10, 20]);
    expect(timeline.snapshots.slice(0, 7)).toEqual(first.snapshots);
    for (const s of timeline.snapshots) {
      expect(existsSync(path.join(dir, 'timeline', s.decoder))).toBe(true);
      const embedding = JSON.parse(readFileSync(path.join(dir, 'timeline', s.embedding), 'utf8'));
      expect(embedding.count).toBe(60);
      expect(embedding.labels).toEqual(Array.from(data.test.labels.slice(0, 60)));
      expect(embedding.z).toHaveLength(120);
    }
    const last = timeline.snapshots.at(-1)!;
    expect(last.imagesSeen).toBe(640);
    expect(last.epoch).toBe(2);
    expect(last.testLoss).toBeLessThan(timeline.snapshots[0].testLoss - 50);
    // The last snapshot is the model the run ends with: same bytes as exporting it now.
    const bytes = readFileSync(path.join(dir, 'timeline', last.decoder));
    expect(Buffer.from(decoderOnnxBytes(run.models)).equals(bytes)).toBe(true);
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ z: new ort.Tensor('float32', Float32Array.from([0.5, -0.5]), [1, 2]) });
    expect(out.image.dims).toEqual([1, 28, 28]);
    await session.release();
  });
});
