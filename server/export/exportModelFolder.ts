import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelKind } from '../../shared/constants.js';
import { hasCheckpoint, loadCheckpoint } from '../training/checkpoint.js';
import { loadMnist } from '../training/mnist.js';
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
  return card;
}
