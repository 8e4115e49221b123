import path from 'node:path';
import { parseArgs } from 'node:util';
import { isModelKind, MODEL_KINDS, type ModelKind } from '../../shared/constants.js';
import { positiveNumber } from '../cliArgs.js';
import { defaultModelsDir } from '../../server/models/modelFiles.js';
import { hasClassifier, summarizeClaim, writeRegionsAndClaim } from './writeClaim.js';
import { ARTICLE_FIGURES, LINE_Z0, LINE_Z1, writeCompareFigure, writeModelFigures, type FigureOptions } from './writeFigures.js';

const USAGE = `usage: npm run figures -- --model ae|vae|both --out DIR [--n 30] [--range 4] [--line-steps 50]
       [--circle-steps 360] [--radius 2] [--models-dir models] [--regions-n 100]
writes scatter.png, manifold.png, line.gif, circle.gif and, for a model with a timeline, timeline.gif
(with --model both: DIR/ae/, DIR/vae/ and DIR/compare.png)
and, when models/classifier/classifier.onnx exists, DIR/regions.png and DIR/claim.json (the article's claim, measured)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      out: { type: 'string' },
      n: { type: 'string' },
      range: { type: 'string' },
      'line-steps': { type: 'string' },
      'circle-steps': { type: 'string' },
      radius: { type: 'string' },
      'models-dir': { type: 'string' },
      'regions-n': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (values.model !== 'both' && !isModelKind(values.model)) throw new Error(`--model must be ae, vae or both\n${USAGE}`);
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  const opts: FigureOptions = {
    n: positiveNumber('n', values.n, ARTICLE_FIGURES.n, true),
    range: positiveNumber('range', values.range, ARTICLE_FIGURES.range, false),
    lineSteps: positiveNumber('line-steps', values['line-steps'], ARTICLE_FIGURES.lineSteps, true),
    circleSteps: positiveNumber('circle-steps', values['circle-steps'], ARTICLE_FIGURES.circleSteps, true),
    radius: positiveNumber('radius', values.radius, ARTICLE_FIGURES.radius, false),
  };
  const modelsDir = values['models-dir'] ?? defaultModelsDir();
  const kinds: ModelKind[] = values.model === 'both' ? [...MODEL_KINDS] : [values.model as ModelKind];
  for (const kind of kinds) {
    const dir = kinds.length > 1 ? path.join(values.out, kind) : values.out;
    const files = await writeModelFigures(modelsDir, kind, dir, opts);
    console.log(`${kind}: wrote ${files.join(', ')}`);
  }
  if (kinds.length > 1) console.log(`wrote ${await writeCompareFigure(modelsDir, kinds, path.join(values.out, 'compare.png'), opts)}`);
  if (!hasClassifier(modelsDir)) return void console.log('no digit classifier in the models folder: regions.png and claim.json skipped');
  const regionsN = positiveNumber('regions-n', values['regions-n'], 100, true);
  if (regionsN < 2) throw new Error('--regions-n must be at least 2');
  const { files, claim } = await writeRegionsAndClaim(modelsDir, kinds, values.out, {
    range: opts.range,
    n: regionsN,
    threshold: 0.9,
    line: { z0: LINE_Z0, z1: LINE_Z1, steps: opts.lineSteps },
    circle: { radius: opts.radius, steps: opts.circleSteps },
  });
  for (const kind of kinds) console.log(summarizeClaim(kind, claim.models[kind]!));
  console.log(`wrote ${files.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
