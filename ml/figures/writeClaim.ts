import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelKind } from '../../shared/constants.js';
import { CLASSIFIER_DIR, classifierFile, loadClassifierCard } from '../../server/models/classifierFiles.js';
import { loadEmbedding, modelFile } from '../../server/models/modelFiles.js';
import { claimDefinitions, measureModelClaim, type ClaimOptions, type ModelClaim } from './measureClaim.js';
import { createOnnxClassify } from './onnxClassify.js';
import { createOnnxDecode } from './onnxDecode.js';
import { renderRegionsPng, type RegionsPanel } from './renderRegions.js';

/** What claim.json holds. */
export interface ClaimFile {
  generatedAt: string;
  definitions: Record<string, string>;
  options: ClaimOptions;
  classifier: { testAccuracy: number | null; sha256: string };
  models: Partial<Record<ModelKind, ModelClaim & { decoderSha256: string }>>;
}

const TITLES: Record<ModelKind, string> = { ae: 'Autoencoder (AE)', vae: 'Variational autoencoder (VAE)' };

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** Whether the models folder holds the classifier the regions and the claim need. */
export function hasClassifier(modelsDir: string): boolean {
  return existsSync(path.join(modelsDir, CLASSIFIER_DIR, 'classifier.onnx'));
}

/** One line per model, as the CLI prints them. */
export function summarizeClaim(kind: ModelKind, c: ModelClaim): string {
  return (
    `${kind}: confident (>= 0.9) on ${pct(c.square.confidentShare)} of the square (${c.square.digitsPresent} digits present), ` +
    `${pct(c.testDigits.occupied.confidentShare)} of the cells the test digits occupy, ${pct(c.testDigits.hull.confidentShare)} of their convex hull; ` +
    `test digits read back ${pct(c.testDigits.reconstructionAccuracy)}; ` +
    `line ${c.line.changes} changes (${c.line.sequence}), circle ${c.circle.changes} changes (${c.circle.sequence})`
  );
}

/**
 * Measures the article's claim for each model and writes `claim.json` and `regions.png` (the
 * square's regions maps side by side) into `outDir`. Returns the files and the measurements.
 */
export async function writeRegionsAndClaim(modelsDir: string, kinds: ModelKind[], outDir: string, opts: ClaimOptions) {
  const classifierPath = classifierFile(modelsDir);
  const { classify, release } = await createOnnxClassify(classifierPath);
  const models: ClaimFile['models'] = {};
  const panels: RegionsPanel[] = [];
  try {
    for (const kind of kinds) {
      const decoderPath = modelFile(modelsDir, kind, 'decoder.onnx');
      const decoder = await createOnnxDecode(decoderPath);
      const { claim, squareMap } = await measureModelClaim(decoder.decode, classify, loadEmbedding(modelsDir, kind), opts).finally(decoder.release);
      models[kind] = { ...claim, decoderSha256: sha256(decoderPath) };
      const r = opts.range;
      panels.push({
        title: TITLES[kind],
        subtitle: `clearly a digit on ${pct(claim.square.confidentShare)} of [-${r}, ${r}]², ${pct(claim.testDigits.hull.confidentShare)} of the test digits' hull`,
        map: squareMap,
        box: { xMin: -r, xMax: r, yMin: -r, yMax: r },
        threshold: opts.threshold,
      });
    }
  } finally {
    await release();
  }
  const card = existsSync(path.join(modelsDir, CLASSIFIER_DIR, 'card.json')) ? loadClassifierCard(modelsDir) : null;
  const file: ClaimFile = {
    generatedAt: new Date().toISOString(),
    definitions: claimDefinitions(opts),
    options: opts,
    classifier: { testAccuracy: card?.accuracy.onnx ?? null, sha256: sha256(classifierPath) },
    models,
  };
  mkdirSync(outDir, { recursive: true });
  const claimPath = path.join(outDir, 'claim.json');
  const regionsPath = path.join(outDir, 'regions.png');
  writeFileSync(claimPath, JSON.stringify(file, null, 2) + '\n');
  writeFileSync(regionsPath, await renderRegionsPng(panels));
  return { files: [regionsPath, claimPath], claim: file };
}
