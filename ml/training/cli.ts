import path from 'node:path';
import { parseArgs } from 'node:util';
import { isModelKind } from '../../shared/constants.js';
import { positiveNumber } from '../cliArgs.js';
import { chooseBackend, describeBackend, parseBackendName } from './backend.js';
import { loadMnist } from '../../server/models/mnist.js';
import { trainClassifier } from './classifierTrainer.js';
import { train } from './trainer.js';

const USAGE = `usage: npm run train -- --model ae|vae|classifier [--epochs 5] [--batch-size 128] [--lr 0.001]
       [--samples N] [--out models/<model>] [--backend wasm|cpu|tensorflow] [--resume] [--seed 1]
       [--no-timeline] [--timeline-digits 2000]
saves a checkpoint every epoch into <out>/checkpoint and the training timeline (snapshots at
log-spaced steps: decoder ONNX, embedding of the first test digits, losses) into <out>/timeline
(the classifier records no timeline; its default is 3 epochs)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      lr: { type: 'string' },
      samples: { type: 'string' },
      'test-samples': { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
      resume: { type: 'boolean', default: false },
      seed: { type: 'string' },
      'no-timeline': { type: 'boolean', default: false },
      'timeline-digits': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const model = values.model;
  if (!isModelKind(model) && model !== 'classifier') throw new Error(`--model must be ae, vae or classifier\n${USAGE}`);
  const lr = values.lr === undefined ? 1e-3 : Number(values.lr);
  if (!(lr > 0 && lr < 1)) throw new Error(`--lr must be in (0, 1), got "${values.lr}"`);
  const out = values.out ?? path.join('models', model);
  const choice = await chooseBackend(parseBackendName(values.backend));
  const backend = choice.name;
  const log = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);
  log(`training backend: ${describeBackend(choice)}`);
  const common = {
    epochs: positiveNumber('epochs', values.epochs, model === 'classifier' ? 3 : 5, true),
    batchSize: positiveNumber('batch-size', values['batch-size'], 128, true),
    learningRate: lr,
    sampleCap: values.samples ? positiveNumber('samples', values.samples, 0, true) : undefined,
    testCap: values['test-samples'] ? positiveNumber('test-samples', values['test-samples'], 0, true) : undefined,
    checkpointDir: path.join(out, 'checkpoint'),
    resume: values.resume,
    backend,
    seed: positiveNumber('seed', values.seed, 1, true),
    log,
    progress: { write: (s: string) => process.stderr.write(s), tty: process.stderr.isTTY === true },
  };
  const data = { train: loadMnist('train'), test: loadMnist('test') };
  if (model === 'classifier') await trainClassifier(common, data);
  else {
    await train(
      {
        ...common,
        kind: model,
        timelineDir: values['no-timeline'] ? undefined : path.join(out, 'timeline'),
        timelineDigits: positiveNumber('timeline-digits', values['timeline-digits'], 2000, true),
      },
      data,
    );
  }
  log(`done: checkpoint in ${path.join(out, 'checkpoint')}; run "npm run export -- --model ${model}" to ship it`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
