/**
 * Reads and checks `models/<kind>/timeline/timeline.json`, the snapshots training recorded (see
 * ml/training/timeline.ts). A model without the folder simply has no timeline; a timeline that is
 * there but malformed stops the server with the file and the problem named, rather than serving
 * half of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ModelKind } from '../../shared/constants.js';
import { describeIssues } from '../../shared/protocol.js';
import { modelDir } from './modelFiles.js';
import type { TimelineFile, TimelineSnapshot } from './timelineFiles.js';

const fileName = z.string().regex(/^[\w.-]+$/, 'must be a plain file name in the timeline folder');
const nonNegative = z.number().finite().nonnegative();

const snapshotSchema = z.object({
  step: z.number().int().nonnegative(),
  epoch: nonNegative,
  imagesSeen: z.number().int().nonnegative(),
  trainLoss: z.number().finite(),
  testLoss: z.number().finite(),
  decoder: fileName,
  embedding: fileName,
});

const timelineSchema = z.object({
  kind: z.string(),
  testDigits: z.number().int().positive(),
  testDigitsNote: z.string(),
  stepsPerEpoch: z.number().int().positive(),
  snapshots: z.array(snapshotSchema).min(1, 'lists no snapshot'),
});

/** A model's training timeline as the server serves it. */
export interface Timeline {
  kind: ModelKind;
  /** The timeline folder. */
  dir: string;
  file: TimelineFile;
  /** Snapshot steps, ascending. */
  steps: number[];
  snapshot(step: number): TimelineSnapshot | undefined;
  /** Absolute path of a snapshot's decoder.onnx, or undefined for a step the timeline lacks. */
  decoderFile(step: number): string | undefined;
  embeddingFile(step: number): string | undefined;
}

/** `models/<kind>/timeline`. */
export function timelineDir(modelsDir: string, kind: ModelKind): string {
  return path.join(modelDir(modelsDir, kind), 'timeline');
}

function check(file: TimelineFile, kind: ModelKind, dir: string): void {
  if (file.kind !== kind) throw new Error(`is the timeline of "${file.kind}", found in the folder of "${kind}"`);
  file.snapshots.forEach((s, i) => {
    if (i > 0 && s.step <= file.snapshots[i - 1].step) throw new Error(`snapshot ${i} (step ${s.step}) is not after step ${file.snapshots[i - 1].step}`);
    for (const name of [s.decoder, s.embedding]) {
      if (!existsSync(path.join(dir, name))) throw new Error(`snapshot at step ${s.step} names ${name}, which is not in ${dir}`);
    }
  });
}

/** The timeline of `kind`, or null when the model has none; throws on a malformed one. */
export function loadTimeline(modelsDir: string, kind: ModelKind): Timeline | null {
  const dir = timelineDir(modelsDir, kind);
  const index = path.join(dir, 'timeline.json');
  if (!existsSync(index)) return null;
  let file: TimelineFile;
  try {
    const parsed = timelineSchema.safeParse(JSON.parse(readFileSync(index, 'utf8')));
    if (!parsed.success) throw new Error(describeIssues(parsed.error));
    file = parsed.data;
    check(file, kind, dir);
  } catch (err) {
    throw new Error(`${index}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const byStep = new Map(file.snapshots.map((s) => [s.step, s]));
  const inDir = (name: string | undefined) => (name === undefined ? undefined : path.join(dir, name));
  return {
    kind,
    dir,
    file,
    steps: file.snapshots.map((s) => s.step),
    snapshot: (step) => byStep.get(step),
    decoderFile: (step) => inDir(byStep.get(step)?.decoder),
    embeddingFile: (step) => inDir(byStep.get(step)?.embedding),
  };
}
