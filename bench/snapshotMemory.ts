/**
 * `npx tsx bench/snapshotMemory.ts [--threads 2] [--sessions 12] [--batch 16] [--rounds 3]`
 *
 * What the model service costs in memory (process RSS, every worker included): the pool itself,
 * then each snapshot decoder a worker loads and runs at `--batch` images (the pool's snapshot run
 * size), and how much cycling `--rounds` times through twice the snapshots the cache holds adds. The snapshots are copies of the shipped AE
 * decoder under other names: a session's memory does not depend on its weights' values.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { IMAGE_PIXELS, MODEL_KINDS } from '../shared/constants.js';
import { createDecoder } from '../server/decoder/createDecoder.js';
import { defaultModelsDir } from '../server/models/modelFiles.js';
import { snapshotFileNames } from '../ml/training/timeline.js';

const { values: v } = parseArgs({ options: { threads: { type: 'string', default: '2' }, sessions: { type: 'string', default: '12' }, batch: { type: 'string', default: '16' }, rounds: { type: 'string', default: '3' } } });
const threads = Number(v.threads);
const sessions = Number(v.sessions);
const batch = Number(v.batch);
const rounds = Number(v.rounds);
const rssMb = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;

/** A models folder linking the shipped files, the AE given 2 x `sessions` snapshots. */
function modelsWithTimeline(): { dir: string; steps: number[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'snapshot-memory-'));
  for (const kind of MODEL_KINDS) {
    mkdirSync(path.join(dir, kind));
    for (const f of ['encoder.onnx', 'decoder.onnx', 'embedding.json', 'card.json']) symlinkSync(path.join(path.resolve(defaultModelsDir()), kind, f), path.join(dir, kind, f));
  }
  const folder = path.join(dir, 'ae', 'timeline');
  mkdirSync(folder);
  const steps = Array.from({ length: 2 * sessions }, (_, i) => i * 10);
  const snapshots = steps.map((step) => {
    const names = snapshotFileNames(step);
    copyFileSync(path.join(defaultModelsDir(), 'ae', 'decoder.onnx'), path.join(folder, names.decoder));
    writeFileSync(path.join(folder, names.embedding), JSON.stringify({ count: 1, z: [0, 0], labels: [0] }));
    return { step, epoch: 0, imagesSeen: 0, trainLoss: 0, testLoss: 0, ...names };
  });
  writeFileSync(path.join(folder, 'timeline.json'), JSON.stringify({ kind: 'ae', testDigits: 1, testDigitsNote: '-', stepsPerEpoch: 1, snapshots }));
  return { dir, steps };
}

async function main(): Promise<void> {
  const { dir, steps } = modelsWithTimeline();
  // A run per worker, so that every worker runs (and loads) every snapshot; the shipped sessions run at their 32.
  const z = Float32Array.from({ length: 2 * batch * threads }, () => Math.random() * 6 - 3);
  const shippedZ = Float32Array.from({ length: 2 * 32 * threads }, () => Math.random() * 6 - 3);
  const images = new Float32Array(32 * threads * IMAGE_PIXELS).fill(0.5);
  const before = rssMb();
  const pool = await createDecoder({ modelsDir: dir, threads, snapshotSessions: sessions, classifierFile: null, snapshotRunImages: batch });
  const started = rssMb();
  for (const kind of MODEL_KINDS) {
    await pool.decode(kind, shippedZ);
    await pool.encode(kind, images);
  }
  const warm = rssMb();
  for (const step of steps.slice(0, sessions)) await pool.decode('ae', z, { snapshot: step });
  const full = rssMb();
  const loaded = pool.stats().snapshotSessions;
  const perRound: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const step of steps) await pool.decode('ae', z, { snapshot: step });
    perRound.push(rssMb());
  }
  const cycled = rssMb();
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({
    threads, sessionsPerWorker: sessions, batch, loadedPerWorker: loaded,
    rssMb: { beforePool: before, poolStarted: started, afterShippedRuns: warm, snapshotCacheFull: full, afterEachCycleRound: perRound },
    mbPerWorker: Math.round(((warm - before) / threads) * 10) / 10,
    mbPerSnapshotSessionPerWorker: Math.round(((full - warm) / (sessions * threads)) * 100) / 100,
    growthWhileCycling: Math.round((cycled - full) * 10) / 10,
  }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
