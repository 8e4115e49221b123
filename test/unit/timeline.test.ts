import * as ort from 'onnxruntime-node';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecoder, type Decoder } from '../../server/decoder/createDecoder.js';
import { loadTimeline, timelineDir } from '../../server/models/loadTimeline.js';
import { createTimelineCatalog } from '../../server/models/timelineCatalog.js';
import { initBackend } from '../../ml/training/backend.js';
import { writeRandomModels, writeTimeline } from '../helpers/modelFixtures.js';

// Real ONNX files from the exporter: every snapshot is a differently initialised decoder.
const STEPS = [0, 1, 2, 5, 10, 20];
let modelsDir: string;
let files: Record<number, string>;
let service: Decoder;

beforeAll(async () => {
  await initBackend('cpu');
  modelsDir = mkdtempSync(path.join(tmpdir(), 'timeline-'));
  writeRandomModels(modelsDir);
  files = writeTimeline(modelsDir, 'ae', STEPS);
  service = await createDecoder({ modelsDir, threads: 1, snapshotSessions: 2 });
});

afterAll(async () => {
  await service?.close();
  rmSync(modelsDir, { recursive: true, force: true });
});

const z = Float32Array.from({ length: 2 * 40 }, (_, i) => Math.sin(i) * 3);

async function runDirectly(file: string, points: Float32Array): Promise<number[]> {
  const session = await ort.InferenceSession.create(file);
  const image = (await session.run({ z: new ort.Tensor('float32', points, [points.length / 2, 2]) })).image.data as Float32Array;
  await session.release();
  return Array.from(image, (v) => Math.round(v * 255));
}

/** A copy of the fixture's timeline folder with timeline.json changed by `edit`. */
function withEditedTimeline(edit: (t: { kind: string; snapshots: Record<string, unknown>[] }) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'timeline-bad-'));
  writeTimeline(dir, 'ae', [0, 3, 9], 4);
  const index = path.join(timelineDir(dir, 'ae'), 'timeline.json');
  const t = JSON.parse(readFileSync(index, 'utf8'));
  edit(t);
  writeFileSync(index, JSON.stringify(t));
  return dir;
}

describe('loadTimeline', () => {
  it('reads the snapshots in order with their losses and files', () => {
    const t = loadTimeline(modelsDir, 'ae')!;
    expect(t.steps).toEqual(STEPS);
    expect(t.snapshot(5)).toMatchObject({ step: 5, imagesSeen: 640, decoder: 'decoder-000005.onnx' });
    expect(t.decoderFile(5)).toBe(files[5]);
    expect(t.decoderFile(4)).toBeUndefined();
  });

  it('gives null for a model without a timeline', () => {
    expect(loadTimeline(modelsDir, 'vae')).toBeNull();
  });

  it('refuses a malformed timeline, naming the file and the problem', () => {
    const cases: [string, (t: { kind: string; snapshots: Record<string, unknown>[] }) => void, RegExp][] = [
      ['another kind', (t) => void (t.kind = 'vae'), /timeline of "vae"/],
      ['steps out of order', (t) => t.snapshots.reverse(), /is not after step/],
      ['no snapshots', (t) => void (t.snapshots = []), /lists no snapshot/],
      ['a path outside the folder', (t) => void (t.snapshots[1].decoder = '../../ae/decoder.onnx'), /plain file name/],
      ['a loss that is not a number', (t) => void (t.snapshots[0].testLoss = 'low'), /testLoss/],
    ];
    for (const [what, edit, message] of cases) {
      const dir = withEditedTimeline(edit);
      expect(() => loadTimeline(dir, 'ae'), what).toThrow(message);
      expect(() => loadTimeline(dir, 'ae'), what).toThrow(/timeline\.json/);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a timeline whose snapshot file is missing', () => {
    const dir = withEditedTimeline(() => {});
    unlinkSync(path.join(timelineDir(dir, 'ae'), 'embedding-000003.json'));
    expect(() => loadTimeline(dir, 'ae')).toThrow(/step 3 names embedding-000003\.json, which is not in/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the timeline catalog', () => {
  it("serves a snapshot's embedding file as it is, and nothing for an unknown step", () => {
    const catalog = createTimelineCatalog(modelsDir, ['ae', 'vae']);
    const body = catalog.embedding('ae', 10)!;
    expect(JSON.parse(body.raw.toString())).toMatchObject({ count: 20 });
    expect(catalog.embedding('ae', 11)).toBeUndefined();
    expect(catalog.embedding('vae', 0)).toBeUndefined();
    expect(catalog.get('vae')).toBeNull();
  });
});

describe('decoding with a snapshot', () => {
  it("gives the pixels of that snapshot's decoder, and others for other snapshots", async () => {
    const five = await service.decode('ae', z, { snapshot: 5 });
    expect(Array.from(five)).toEqual(await runDirectly(files[5], z));
    const twenty = await service.decode('ae', z, { snapshot: 20 });
    expect(Array.from(twenty)).toEqual(await runDirectly(files[20], z));
    expect(Array.from(twenty)).not.toEqual(Array.from(five));
    expect(Array.from(await service.decode('ae', z))).not.toEqual(Array.from(five));
  });

  it('keeps at most the configured number of snapshot decoders per worker, reloading an evicted one on demand', async () => {
    const first = await service.decode('ae', z, { snapshot: 0 });
    for (const step of STEPS) await service.decode('ae', z.subarray(0, 8), { snapshot: step });
    expect(service.stats().snapshotSessions).toEqual([2]);
    expect(Array.from(await service.decode('ae', z, { snapshot: 0 }))).toEqual(Array.from(first));
    expect(service.stats().snapshotSessions).toEqual([2]);
  });

  it('refuses a step the timeline lacks, and a model without a timeline, by name', async () => {
    await expect(service.decode('ae', z, { snapshot: 4 })).rejects.toThrow(/ae timeline has no snapshot at step 4 \(it has 6, from 0 to 20\)/);
    await expect(service.decode('vae', z, { snapshot: 0 })).rejects.toThrow(/model "vae" has no training timeline/);
  });
});
