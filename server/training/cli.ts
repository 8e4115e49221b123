import path from 'node:path';
import { parseArgs } from 'node:util';
import { isModelKind } from '../../shared/constants.js';
import { BACKENDS, initBackend, type BackendName } from './backend.js';
import { loadMnist } from './mnist.js';
import { train } from './trainer.js';

const USAGE = `usage: npm run train -- --model ae|vae [--epochs 5] [--batch-size 128] [--lr 0.001]
       [--samples N] [--out models/<model>] [--backend wasm|cpu|tensorflow] [--resume] [--seed 1]`;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

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
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (!isModelKind(values.model)) throw new Error(`--model must be ae or vae\n${USAGE}`);
  if (values.backend && !(BACKENDS as readonly string[]).includes(values.backend)) {
    throw new Error(`--backend must be one of ${BACKENDS.join(', ')}`);
  }
  const lr = values.lr === undefined ? 1e-3 : Number(values.lr);
  if (!(lr > 0 && lr < 1)) throw new Error(`--lr must be in (0, 1), got "${values.lr}"`);
  const out = values.out ?? path.join('models', values.model);
  const backend = await initBackend(values.backend as BackendName | undefined);
  const log = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);
  log(`training ${values.model} on tfjs backend "${backend}"`);
  await train(
    {
      kind: values.model,
      epochs: positiveInt('epochs', values.epochs, 5),
      batchSize: positiveInt('batch-size', values['batch-size'], 128),
      learningRate: lr,
      sampleCap: values.samples ? positiveInt('samples', values.samples, 0) : undefined,
      testCap: values['test-samples'] ? positiveInt('test-samples', values['test-samples'], 0) : undefined,
      checkpointDir: path.join(out, 'checkpoint'),
      resume: values.resume,
      backend,
      seed: positiveInt('seed', values.seed, 1),
      log,
      progress: { write: (s) => process.stderr.write(s), tty: process.stderr.isTTY === true },
    },
    { train: loadMnist('train'), test: loadMnist('test') },
  );
  log(`done: checkpoint in ${path.join(out, 'checkpoint')}; run "npm run export -- --model ${values.model}" to ship it`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
