/**
 * Prints a results file's tables as markdown, for BENCHMARKS.md: the figures there are pasted from
 * a run's JSON, never typed by hand.
 *
 *   npx tsx bench/markdown.ts [bench/results/full.json]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from './machine.js';
import { formatProfile, type ProfileSummary } from './profileSummary.js';
import { decodeTable, encodeTable, goalTable, growthTable, ratioTable, scenarioTable, trainingTable, type BenchReport } from './report.js';
import { roundTable } from './roundLoad.js';

interface ResultsFile extends BenchReport {
  name: string;
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  modelsDir: string;
  background: {
    atStart: { loadAverage1m: number; trainingsRunning: number };
    atEnd: { loadAverage1m: number; trainingsRunning: number };
    othersDuring?: Record<string, { cores: number }>;
  };
  loadSplit: string;
  profiles: ProfileSummary[];
}

const file = process.argv[2] ?? path.join('bench', 'results', 'full.json');
const r = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
const m = r.machine;
const out: string[] = [
  `Command: \`${r.command}\` (${r.startedAt} to ${r.finishedAt}), models from \`${r.modelsDir}\`.`,
  '',
  `Machine: ${m.cores} cores, ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}. ` +
    `Background: load average ${r.background.atStart.loadAverage1m} at the start, ${r.background.atEnd.loadAverage1m} at the end; ` +
    `model trainings running: ${r.background.atStart.trainingsRunning} at the start, ${r.background.atEnd.trainingsRunning} at the end.`,
  '',
  `Load split: ${r.loadSplit}.`,
];
const others = [
  ...Object.values(r.background.othersDuring ?? {}).map((o) => o.cores),
  ...(r.scenarios ?? []).flatMap((x) => [x.server?.others?.cores, x.relay?.others?.cores]),
  ...(r.growth ?? []).map((g) => g.others?.cores),
].filter((c): c is number => typeof c === 'number');
if (others.length) out.push('', `Other processes (not the benchmark's) used at most ${Math.max(...others)} cores during any part (per part in the results file, column *others CPU*).`);
if (r.decode) out.push('', '### Decode', '', decodeTable(r.decode, true), '', `tfjs weights: ${r.decode.tfjsWeights}. tfjs-node: ${r.decode.tfjsNode}.`);
if (r.encode) out.push('', '### Encode', '', encodeTable(r.encode, true));
if (r.training) out.push('', '### Training', '', trainingTable(r.training, true));
if (r.scenarios?.length) out.push('', '### Room load', '', scenarioTable(r.scenarios, true));
if (r.scenarios?.some((s) => s.ratios)) out.push('', '### Against the bare relay', '', ratioTable(r.scenarios, true));
if (r.growth?.length) out.push('', '### Growth', '', growthTable(r.growth, true));
if (r.rounds) out.push('', '### Rounds', '', roundTable(r.rounds, true));
if (r.goals.length) out.push('', '### Goals', '', goalTable(r.goals, true));
if (r.profiles?.length) out.push('', '### Profiles', '', '```', ...r.profiles.map(formatProfile), '```');
console.log(out.join('\n'));
