import path from 'node:path';
import { parseArgs } from 'node:util';
import { isModelKind } from '../../shared/constants.js';
import { initBackend, parseBackendName } from '../training/backend.js';
import { exportClassifierFolder } from './exportClassifier.js';
import { exportModelFolder } from './exportModelFolder.js';

const USAGE = `usage: npm run export -- --model ae|vae|classifier [--checkpoint models/<model>/checkpoint] [--out models/<model>]
       [--backend wasm|cpu|tensorflow]
writes encoder.onnx, decoder.onnx, embedding.json and card.json into the --out folder
(the classifier: classifier.onnx and card.json)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      checkpoint: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const model = values.model;
  if (!isModelKind(model) && model !== 'classifier') throw new Error(`--model must be ae, vae or classifier\n${USAGE}`);
  const outDir = values.out ?? path.join('models', model);
  // The training CLI writes its checkpoint inside the model folder, so that is the default here too.
  const checkpointDir = values.checkpoint ?? path.join(outDir, 'checkpoint');
  const backend = await initBackend(parseBackendName(values.backend) ?? 'wasm');
  const log = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);
  log(`exporting ${model} (tfjs backend "${backend}")`);
  if (model === 'classifier') {
    const card = await exportClassifierFolder({ checkpointDir, outDir, log });
    return log(`wrote classifier.onnx, card.json to ${outDir}: test accuracy ${(100 * card.accuracy.onnx).toFixed(2)} % after ${card.training.epochs} epochs`);
  }
  const card = await exportModelFolder({ checkpointDir, outDir, kind: model, log });
  log(
    `wrote ${card.files.map((f) => f.name).join(', ')}, card.json to ${outDir}: ` +
      `test loss ${card.loss.finalTest.toFixed(2)} nats/digit after ${card.training.epochs} epochs`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
