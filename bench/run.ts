/**
 * `npm run bench [-- --quick] [--only decode,encode,training,room,relay,growth,image,drawings,rounds,slow,timeline] [--scenarios class,school,bigRoom,lecture]
 *                [--name NAME] [--seconds S] [--profile]`
 *
 * Runs the benchmarks, prints their tables and the goals, and writes everything (figures, the
 * command, the machine, the background load) to bench/results/<name>.json. `--quick` is the
 * few-second version CI runs; `--profile` writes V8 CPU profiles of the server child of each load
 * scenario to bench/results/profiles/<name>/ and prints where its time went.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultModelsDir } from '../server/models/modelFiles.js';
import { benchDecode } from './decodeSpeed.js';
import { benchDrawings } from './drawingLoad.js';
import { benchEncode } from './encodeSpeed.js';
import { checkGoals } from './goals.js';
import { benchImageLoad } from './imageLoad.js';
import { machineInfo } from './machine.js';
import { MachineWatch, type OthersCpu } from './machineWatch.js';
import { backgroundLoad } from './procStats.js';
import { formatProfile, summarizeProfile, type ProfileSummary } from './profileSummary.js';
import { formatReport, type BenchReport } from './report.js';
import { benchRounds } from './roundLoad.js';
import { runGrowth, runScenarios, SCENARIOS } from './scenarios.js';
import { benchSlowReaders } from './slowReaders.js';
import { ROOT, type Target } from './serverProcess.js';
import { benchTimeline } from './timelineLoad.js';
import { benchTrainingSpeed } from './trainingSpeed.js';

const PARTS = ['decode', 'encode', 'training', 'room', 'relay', 'growth', 'image', 'drawings', 'rounds', 'slow', 'timeline'] as const;
type Part = (typeof PARTS)[number];

const USAGE = `usage: npm run bench [-- --quick] [--only ${PARTS.join(',')}] [--scenarios class,school,bigRoom,lecture]
                     [--name NAME] [--seconds S] [--profile]`;

/** How long each part runs: the issue's figures, or a few seconds each for CI. */
const PLAN = {
  full: {
    decodeSeconds: 3, trainingImages: 512, roomSeconds: 30, roomWarmup: 3, growthSeconds: 15, growthWarmup: 3, growth: [1, 10, 30, 60, 100, 200, 300],
    imageRequests: 50, imageBaselineSeconds: 10, slowSeconds: 15, roundSegmentSeconds: 10,
  },
  quick: {
    decodeSeconds: 0.3, trainingImages: 128, roomSeconds: 3, roomWarmup: 1, growthSeconds: 2, growthWarmup: 1, growth: [1, 10, 30, 60, 100, 200, 300],
    imageRequests: 5, imageBaselineSeconds: 3, slowSeconds: 3, roundSegmentSeconds: 1.5,
  },
};

function parseCli() {
  const { values: v } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      name: { type: 'string' },
      seconds: { type: 'string' },
      scenarios: { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (v.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = (v.only ?? PARTS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const bad = only.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (bad.length) throw new Error(`unknown part(s) ${bad.join(', ')}\n${USAGE}`);
  const name = v.name ?? (v.quick ? 'quick' : 'full');
  if (!/^[\w.-]+$/.test(name)) throw new Error(`--name must be letters, digits, '.', '_' or '-'\n${USAGE}`);
  const plan = { ...(v.quick ? PLAN.quick : PLAN.full) };
  if (v.seconds) plan.roomSeconds = plan.growthSeconds = Number(v.seconds);
  const ids = SCENARIOS.map((x) => x.id as string);
  const scenarios = (v.scenarios ?? ids.join(',')).split(',').map((x) => x.trim());
  const unknown = scenarios.filter((x) => !ids.includes(x));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}: pick from ${ids.join(', ')}\n${USAGE}`);
  return { quick: v.quick, parts: new Set(only as Part[]), name, plan, profile: v.profile, scenarios: SCENARIOS.filter((x) => scenarios.includes(x.id)) };
}

/** The command as a person would type it again. */
function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  const env = process.env.MODELS_DIR ? `MODELS_DIR=${process.env.MODELS_DIR} ` : '';
  return process.env.npm_lifecycle_event === 'bench' ? `${env}npm run bench${args ? ` -- ${args}` : ''}` : `${env}npx tsx bench/run.ts ${args}`.trim();
}

/** One line per part or run during which other processes used a noticeable share of the machine. */
function interference(report: BenchReport, parts: Record<string, OthersCpu>): string[] {
  const windows: [string, OthersCpu | undefined][] = [
    ...Object.entries(parts),
    ...(report.scenarios ?? []).flatMap((x) => (['server', 'relay'] as const).map((t): [string, OthersCpu | undefined] => [`${x.scenario.id} vs ${t}`, x[t]?.others])),
    ...(report.growth ?? []).map((g): [string, OthersCpu | undefined] => [`growth ${g.participants}`, g.others]),
  ];
  const busy = windows.filter(([, o]) => o && o.cores >= 0.1);
  if (!busy.length) return ['\nOther processes used under 0.1 core during every part.'];
  return ['\nOther processes busy during the run (cores; the figures of these parts are disturbed):',
    ...busy.map(([name, o]) => `  ${name}: ${o!.cores} (${o!.top.map((t) => `${t.command}: ${t.cores}`).join('; ')})`)];
}

function displayPath(p: string): string {
  const rel = path.relative(ROOT, p);
  return rel.startsWith('..') ? p : rel;
}

async function main(): Promise<void> {
  const { quick, parts, name, plan, profile, scenarios } = parseCli();
  const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const startedAt = new Date().toISOString();
  const loadAtStart = backgroundLoad();
  if (loadAtStart.trainingsRunning > 0) log(`note: ${loadAtStart.trainingsRunning} model training(s) running on this machine; figures are under that load`);
  // What serves is onnxruntime-node, whatever tfjs finds: say so before any figure is read as tfjs's.
  log('serving backend: onnxruntime-node (the server decodes and encodes with it; tfjs only trains, and is compared against in "decode")');
  const report: BenchReport = { goals: [] };
  const watch = new MachineWatch().start();
  const now = () => Number(process.hrtime.bigint() / 1000n);
  const partOthers: Record<string, OthersCpu> = {};
  const profiles: ProfileSummary[] = [];
  const profileRoot = path.join(ROOT, 'bench/results/profiles', name);

  if (parts.has('decode')) {
    log(`decode: onnxruntime worker and pool vs tfjs, ${plan.decodeSeconds} s per engine and batch ...`);
    const t0 = now();
    report.decode = await benchDecode({ seconds: plan.decodeSeconds });
    log(`decode: tfjs rows on wasm; tfjs-node ${report.decode.tfjsNode}`);
    partOthers.decode = watch.between(t0, now());
  }
  if (parts.has('encode')) {
    log(`encode: raw onnxruntime vs worker vs pool, ${plan.decodeSeconds} s per engine and batch ...`);
    const t0 = now();
    report.encode = await benchEncode({ seconds: plan.decodeSeconds });
    partOthers.encode = watch.between(t0, now());
  }
  if (parts.has('training')) {
    log(`training: conv AE on the backend npm run train would choose, ${plan.trainingImages} images ...`);
    const t0 = now();
    report.training = await benchTrainingSpeed(plan.trainingImages);
    log(`training backend: ${report.training.backend} (${report.training.backendReason})`);
    partOthers.training = watch.between(t0, now());
  }
  const targets: Target[] = [...(parts.has('room') ? ['server' as const] : []), ...(parts.has('relay') ? ['relay' as const] : [])];
  if (targets.length) {
    report.scenarios = await runScenarios(scenarios, {
      targets, seconds: plan.roomSeconds, warmupSeconds: plan.roomWarmup, log,
      cpuProfileDir: profile ? (s, t) => (t === 'server' ? path.join(profileRoot, s.id) : undefined) : undefined,
    });
  }
  if (parts.has('drawings')) {
    log(`drawings: 30 bots moving, then sending drawings at the same moment, ${plan.roomSeconds} s each ...`);
    const t0 = now();
    report.drawings = await benchDrawings({ seconds: plan.roomSeconds });
    partOthers.drawings = watch.between(t0, now());
  }
  if (parts.has('rounds')) {
    log(`rounds: a class of 30, ${plan.roundSegmentSeconds} s without and with a running round, 3 times each ...`);
    const t0 = now();
    report.rounds = await benchRounds({ segmentSeconds: plan.roundSegmentSeconds, warmupSeconds: plan.roomWarmup });
    partOthers.rounds = watch.between(t0, now());
  }
  if (parts.has('timeline')) {
    log(`timeline: 30 bots, the host switching snapshots and playing the training timeline, ${plan.roomSeconds} s a phase ...`);
    const t0 = now();
    report.timeline = await benchTimeline({ seconds: plan.roomSeconds });
    partOthers.timeline = watch.between(t0, now());
  }
  if (parts.has('growth')) report.growth = await runGrowth(plan.growth, { seconds: plan.growthSeconds, warmupSeconds: plan.growthWarmup, log });
  if (parts.has('image')) {
    log(`image load: a room of 10 while ${plan.imageRequests} GIFs and ${plan.imageRequests} manifolds are requested ...`);
    const t0 = now();
    report.image = await benchImageLoad({ gifs: plan.imageRequests, manifolds: plan.imageRequests, baselineSeconds: plan.imageBaselineSeconds });
    partOthers.image = watch.between(t0, now());
  }
  if (parts.has('slow')) {
    log(`slow readers: a crowd of 100 with renamers and paused sockets, another room's frame rate, ${plan.slowSeconds} s a phase ...`);
    const t0 = now();
    report.slow = await benchSlowReaders({ seconds: plan.slowSeconds, warmupSeconds: quick ? 1 : 3 });
    partOthers.slow = watch.between(t0, now());
  }
  watch.stop();
  for (const r of [...(report.scenarios ?? []).flatMap((x) => [x.server, x.relay]), ...(report.growth ?? [])]) {
    if (r) r.others = watch.between(r.windowUs[0], r.windowUs[1]);
  }
  report.goals = checkGoals(report);

  if (profile) {
    for (const s of SCENARIOS) {
      const dir = path.join(profileRoot, s.id);
      let files: string[] = [];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
      } catch {
        continue;
      }
      const window = report.scenarios?.find((x) => x.scenario.id === s.id)?.server?.windowUs;
      for (const f of files) {
        // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the event loop, others are workers.
        const thread = f.split('.')[4] === '0' ? 'main thread' : `worker thread ${f.split('.')[4]}`;
        const summary = summarizeProfile(path.join(dir, f), 15, window);
        // tsx's module-loader thread is idle once the server runs: leave it out.
        if (summary.busyMs >= 50) profiles.push({ ...summary, file: `${s.id} ${thread} (${f})` });
      }
    }
  }

  console.log(formatReport(report));
  for (const line of interference(report, partOthers)) console.log(line);
  for (const p of profiles) console.log(`\n${formatProfile(p)}`);
  const missed = report.goals.filter((g) => !g.met).length;
  if (report.goals.length) console.log(`\n${report.goals.length - missed} of ${report.goals.length} goals met${quick ? ' (quick run: figures are indicative only)' : ''}`);

  const file = path.join(ROOT, 'bench/results', `${name}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const result = {
    name, command: commandLine(), quick, parts: [...parts], plan, startedAt, finishedAt: new Date().toISOString(),
    machine: machineInfo(), modelsDir: displayPath(defaultModelsDir()), background: { atStart: loadAtStart, atEnd: backgroundLoad(), othersDuring: partOthers },
    loadSplit: 'server (and its decoder worker thread) in one child process; bots in 1 child process up to 40 participants, 2 above',
    ...report, profiles,
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
