/**
 * The article's claim, measured: does a plain AE's latent plane generate digits as well as a
 * VAE's? A digit counts as generated when the classifier names it with probability >= 0.9.
 */
import { circlePath, linePath } from '../../shared/latentPaths.js';
import type { ClassifyFn } from '../../server/classifier/classifyFrames.js';
import { topClasses } from '../../server/classifier/classifyFrames.js';
import type { DecodeFn } from '../../server/images/renderManifold.js';
import type { Embedding } from '../../server/models/modelFiles.js';
import { computeRegions, type RegionsMap, type RegionsView } from '../../server/models/regions.js';
import { DIGIT_CLASSES } from '../../server/models/classifierFiles.js';
import { convexHull, insideHull } from './convexHull.js';

export interface ClaimOptions {
  /** The square [-range, range]^2; the article's 4. */
  range: number;
  /** Cells per side of the square's grid and of the grid over the test digits' bounding box. */
  n: number;
  /** "Clearly a digit": the classifier's probability of its top digit at least this. */
  threshold: number;
  /** The article's walks: line from LINE_Z1 towards LINE_Z0 in lineSteps, circle of radius in circleSteps. */
  line: { z0: readonly [number, number]; z1: readonly [number, number]; steps: number };
  circle: { radius: number; steps: number };
}

/** How one walk reads to the classifier. */
export interface WalkClaim {
  steps: number;
  /** Steps whose predicted digit differs from the previous step's. */
  changes: number;
  /** The predicted digits in the order the walk meets them, repeats collapsed (e.g. "1 7 9 4"). */
  sequence: string;
  confidentShare: number;
}

export interface ModelClaim {
  /** The n x n cells (centres) of [-range, range]^2. */
  square: { cells: number; confidentShare: number; confidentShareByDigit: number[]; digitsPresent: number };
  /** Cells of an n x n grid over the bounding box of the encoded test digits. */
  testDigits: {
    bounds: { xMin: number; xMax: number; yMin: number; yMax: number };
    occupied: { cells: number; confidentShare: number };
    hull: { cells: number; confidentShare: number };
    /** The encoded test digits decoded and classified: how often the classifier names the true digit. */
    reconstructionAccuracy: number;
  };
  line: WalkClaim;
  circle: WalkClaim;
}

/** A grid whose linspace points are the centres of n x n equal cells of the box. */
export function cellCentres(n: number, box: { xMin: number; xMax: number; yMin: number; yMax: number }): RegionsView {
  const hx = (box.xMax - box.xMin) / n / 2;
  const hy = (box.yMax - box.yMin) / n / 2;
  return { n, xMin: box.xMin + hx, xMax: box.xMax - hx, yMin: box.yMin + hy, yMax: box.yMax - hy };
}

function share(map: RegionsMap, threshold: number, mask?: Uint8Array): { cells: number; confidentShare: number } {
  let cells = 0;
  let confident = 0;
  map.confidence.forEach((c, i) => {
    if (mask && !mask[i]) return;
    cells++;
    if (c >= threshold) confident++;
  });
  return { cells, confidentShare: cells ? confident / cells : 0 };
}

function boundsOf(e: Embedding) {
  const box = { xMin: Infinity, xMax: -Infinity, yMin: Infinity, yMax: -Infinity };
  for (let i = 0; i < e.count; i++) {
    box.xMin = Math.min(box.xMin, e.z[2 * i]);
    box.xMax = Math.max(box.xMax, e.z[2 * i]);
    box.yMin = Math.min(box.yMin, e.z[2 * i + 1]);
    box.yMax = Math.max(box.yMax, e.z[2 * i + 1]);
  }
  return box;
}

/** Masks of the test-digit grid: cells holding at least one encoded digit, cells whose centre is inside their hull. */
function coverMasks(e: Embedding, box: ReturnType<typeof boundsOf>, view: RegionsView) {
  const n = view.n;
  const occupied = new Uint8Array(n * n);
  for (let i = 0; i < e.count; i++) {
    const col = Math.min(n - 1, Math.floor(((e.z[2 * i] - box.xMin) / (box.xMax - box.xMin)) * n));
    const row = Math.min(n - 1, Math.floor(((box.yMax - e.z[2 * i + 1]) / (box.yMax - box.yMin)) * n));
    occupied[row * n + col] = 1;
  }
  const hull = convexHull(e.z);
  const inside = new Uint8Array(n * n);
  for (let k = 0; k < n * n; k++) {
    const x = view.xMin + ((view.xMax - view.xMin) * (k % n)) / (n - 1);
    const y = view.yMax - ((view.yMax - view.yMin) * Math.floor(k / n)) / (n - 1);
    inside[k] = insideHull(hull, [x, y]) ? 1 : 0;
  }
  return { occupied, inside };
}

async function walk(decode: DecodeFn, classify: ClassifyFn, z: Float32Array, threshold: number): Promise<WalkClaim> {
  const { labels, confidence } = topClasses(await classify(await decode(z)));
  const runs = labels.filter((l, i) => i === 0 || l !== labels[i - 1]);
  return {
    steps: labels.length,
    changes: runs.length - 1,
    sequence: Array.from(runs).join(' '),
    confidentShare: confidence.filter((c) => c >= threshold).length / labels.length,
  };
}

async function reconstructionAccuracy(decode: DecodeFn, classify: ClassifyFn, e: Embedding, batch = 1000): Promise<number> {
  let hits = 0;
  for (let start = 0; start < e.count; start += batch) {
    const end = Math.min(e.count, start + batch);
    const { labels } = topClasses(await classify(await decode(e.z.slice(2 * start, 2 * end))));
    labels.forEach((l, i) => (hits += l === e.labels[start + i] ? 1 : 0));
  }
  return hits / e.count;
}

/** Measures one model; also returns the square's map, which the regions figure draws. */
export async function measureModelClaim(decode: DecodeFn, classify: ClassifyFn, embedding: Embedding, opts: ClaimOptions) {
  const source = { decode, classify };
  const r = opts.range;
  const squareMap = await computeRegions(source, cellCentres(opts.n, { xMin: -r, xMax: r, yMin: -r, yMax: r }));
  const counts = new Array<number>(DIGIT_CLASSES).fill(0);
  squareMap.labels.forEach((l, i) => (counts[l] += squareMap.confidence[i] >= opts.threshold ? 1 : 0));
  const byDigit = counts.map((c) => c / squareMap.labels.length);
  const box = boundsOf(embedding);
  const coverView = cellCentres(opts.n, box);
  const coverMap = await computeRegions(source, coverView);
  const masks = coverMasks(embedding, box, coverView);
  const claim: ModelClaim = {
    square: {
      ...share(squareMap, opts.threshold),
      confidentShareByDigit: byDigit,
      // A digit "is there" when at least 1 % of the square shows it clearly.
      digitsPresent: byDigit.filter((s) => s >= 0.01).length,
    },
    testDigits: {
      bounds: box,
      occupied: share(coverMap, opts.threshold, masks.occupied),
      hull: share(coverMap, opts.threshold, masks.inside),
      reconstructionAccuracy: await reconstructionAccuracy(decode, classify, embedding),
    },
    line: await walk(decode, classify, linePath(opts.line.z0, opts.line.z1, opts.line.steps), opts.threshold),
    circle: await walk(decode, classify, circlePath(opts.circle.radius, opts.circle.steps), opts.threshold),
  };
  return { claim, squareMap };
}

/** What claim.json says its numbers mean. */
export function claimDefinitions(opts: ClaimOptions): Record<string, string> {
  return {
    confident: `the classifier gives the decoded digit's top class a probability >= ${opts.threshold}`,
    square: `the centres of ${opts.n} x ${opts.n} equal cells of [-${opts.range}, ${opts.range}]^2; confidentShare = confident cells / all cells`,
    'testDigits.occupied': `cells of an ${opts.n} x ${opts.n} grid over the bounding box of the 10,000 encoded test digits (z_mean) that hold at least one of them; each cell judged at its centre`,
    'testDigits.hull': 'the cells of that grid whose centre lies inside the convex hull of the encoded test digits (gaps between clusters included)',
    'testDigits.reconstructionAccuracy': 'share of the test digits whose decoded z_mean the classifier names as their true label',
    line: `the article's line walk, ${opts.line.steps} steps from [${opts.line.z1}] towards [${opts.line.z0}]; changes = steps whose predicted digit differs from the previous step's`,
    circle: `the article's circle walk, radius ${opts.circle.radius}, ${opts.circle.steps} steps (the change from the last step back to the first is not counted)`,
    confidentShareByDigit: 'share of the square confidently classified as each digit 0-9; digitsPresent counts digits with at least 1 %',
  };
}
