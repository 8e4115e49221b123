import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelKind } from '../../shared/constants.js';
import { hasCheckpoint, loadCheckpoint } from '../training/checkpoint.js';
import { loadMnist } from '../../server/models/mnist.js';
import type { TimelineFile } from '../../server/models/timelineFiles.js';
import { embeddingJson, encodeSplit, latentBounds } from './embedding.js';
import { exportOnnx } from './exportOnnx.js';
import { buildModelCard, describeFiles } from './modelCard.js';
import { measureParity, parityFailures } from './parity.js';

export interface ExportFolderOptions {
  checkpointDir: string;
  outDir: string;
  /** When given, a checkpoint of the other kind is refused before anything is written. */
  kind?: ModelKind;
  log?: (line: string) => void;
}

/**
 * Turns a training checkpoint into a shipped model folder: encoder.onnx, decoder.onnx,
 * embedding.json and card.json. Refuses to finish when the ONNX files and tfjs disagree.
 */
export async function exportModelFolder({ checkpointDir, outDir, kind, log = () => {} }: ExportFolderOptions) {
  if (!hasCheckpoint(checkpointDir)) {
    throw new Error(`no training checkpoint in ${checkpointDir}: train first with npm run train -- --model ${kind ?? 'ae|vae'}`);
  }
  const { models, state } = await loadCheckpoint(checkpointDir);
  if (kind && state.kind !== kind) throw new Error(`the checkpoint in ${checkpointDir} is a ${state.kind}, not a ${kind}`);
  log(`loaded the ${state.kind} checkpoint (${state.epochsDone} epochs) from ${checkpointDir}`);
  exportOnnx(models, outDir);
  const parity = await measureParity(models, outDir);
  log(`parity tfjs vs onnxruntime: max abs diff ${JSON.stringify(parity.maxAbsDiff)}, output scale ${JSON.stringify(parity.scale)}`);
  const failures = parityFailures(parity);
  if (failures.length > 0) throw new Error(`the exported ONNX files do not compute what tfjs computes: ${failures.join('; ')}`);
  const embedding = await encodeSplit(path.join(outDir, 'encoder.onnx'), loadMnist('test'));
  writeFileSync(path.join(outDir, 'embedding.json'), embeddingJson(embedding));
  log(`encoded ${embedding.count} test digits into embedding.json`);
  const card = buildModelCard({
    models,
    state,
    latentBounds: latentBounds(embedding),
    parity,
    files: describeFiles(outDir, ['encoder.onnx', 'decoder.onnx', 'embedding.json']),
  });
  writeFileSync(path.join(outDir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  models.encoder.dispose();
  models.decoder.dispose();
  shipTimeline(path.join(checkpointDir, '..', 'timeline'), path.join(outDir, 'timeline'), path.join(outDir, 'decoder.onnx'), log);
  return card;
}

/**
 * Copies the training timeline beside the shipped model, after checking that its last snapshot
 * is the shipped decoder itself (the exporter is deterministic, so the bytes must be equal).
 */
function shipTimeline(from: string, to: string, shippedDecoder: string, log: (line: string) => void): void {
  const index = path.join(from, 'timeline.json');
  if (!existsSync(index)) return log(`no training timeline in ${from}`);
  const timeline = JSON.parse(readFileSync(index, 'utf8')) as TimelineFile;
  const last = timeline.snapshots.at(-1);
  if (!last || !readFileSync(path.join(from, last.decoder)).equals(readFileSync(shippedDecoder))) {
    throw new Error(`the last snapshot in ${index} is not the exported decoder: was training stopped after its last checkpoint?`);
  }
  if (path.resolve(from) !== path.resolve(to)) cpSync(from, to, { recursive: true });
  log(`timeline of ${timeline.snapshots.length} snapshots (steps 0-${last.step}) in ${to}`);
}
