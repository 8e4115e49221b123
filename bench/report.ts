/**
 * The run's tables, for the terminal or (markdown) for BENCHMARKS.md.
 */
import type { DecodeResult } from './decodeSpeed.js';
import { drawingTable, type DrawingLoadResult } from './drawingLoad.js';
import type { EncodeSpeedResult } from './encodeSpeed.js';
import type { GoalCheck } from './goals.js';
import type { ImageLoadResult } from './imageLoad.js';
import type { RoomLoadResult } from './roomLoad.js';
import { roundTable, type RoundLoadResult } from './roundLoad.js';
import type { ScenarioResult } from './scenarios.js';
import type { SlowReadersResult } from './slowReaders.js';
import { formatTable } from './table.js';
import { timelineTable, type TimelineLoadResult } from './timelineLoad.js';
import type { TrainingSpeedResult } from './trainingSpeed.js';

export interface BenchReport {
  decode?: DecodeResult;
  encode?: EncodeSpeedResult;
  training?: TrainingSpeedResult;
  scenarios?: ScenarioResult[];
  growth?: RoomLoadResult[];
  image?: ImageLoadResult;
  drawings?: DrawingLoadResult;
  rounds?: RoundLoadResult;
  timeline?: TimelineLoadResult;
  slow?: SlowReadersResult;
  goals: GoalCheck[];
}

export function decodeTable(d: DecodeResult, md = false): string {
  const poolEngine = `onnxruntime pool, ${d.pool?.threads} workers, ${d.pool?.callers} callers`;
  const rows = d.rows.map((r) => ({
    ...r, ratio: r.engine === 'onnxruntime worker' ? d.ratio[r.batch] : null, poolRatio: r.engine === poolEngine ? d.poolRatio?.[r.batch] ?? null : null,
  }));
  return formatTable(`Decode (${d.model} decoder; ratios = worker / tfjs wasm images/s, pool / one worker images/s)`, [
    { header: 'engine', value: (r) => r.engine },
    { header: 'batch', value: (r) => r.batch },
    { header: 'images/s', value: (r) => Math.round(r.imagesPerSecond) },
    { header: 'ms per call', value: (r) => Math.round(r.msPerCall * 100) / 100 },
    { header: 'calls', value: (r) => r.calls },
    { header: 'x tfjs wasm', value: (r) => r.ratio },
    { header: 'x one worker', value: (r) => (r.poolRatio === null ? null : Math.round(r.poolRatio * 100) / 100) },
  ], rows, md);
}

export function encodeTable(e: EncodeSpeedResult, md = false): string {
  const rows = e.rows.map((r) => ({ ...r, ratio: r.engine === 'onnxruntime worker' ? Math.round(e.ratio[r.batch] * 100) / 100 : null }));
  return formatTable(`Encode (${e.model} encoder, real MNIST test digits; ratio = worker / raw onnxruntime images/s)`, [
    { header: 'engine', value: (r) => r.engine },
    { header: 'batch', value: (r) => r.batch },
    { header: 'images/s', value: (r) => Math.round(r.imagesPerSecond) },
    { header: 'ms per call', value: (r) => Math.round(r.msPerCall * 100) / 100 },
    { header: 'calls', value: (r) => r.calls },
    { header: 'x raw', value: (r) => r.ratio },
  ], rows, md);
}

export function trainingTable(t: TrainingSpeedResult, md = false): string {
  const rows = [
    { what: `this run: ${t.model} on ${t.backend} (${t.backendReason ?? 'reason not recorded'}), ${t.images} images, batch ${t.batchSize}`, ips: Math.round(t.imagesPerSecond) },
    ...Object.entries(t.shipped).map(([k, s]) => ({
      what: s ? `shipped ${k}: ${s.epochs} epochs on ${s.backend} (card)` : `shipped ${k}: no card`, ips: s ? s.imagesPerSecond : null,
    })),
  ];
  return formatTable(`Training (goals: >= ${t.goals.fewHundredImages} images/s here, >= ${t.goals.fullTraining} for full-size training)`, [
    { header: 'what', value: (r) => r.what },
    { header: 'images/s', value: (r) => r.ips },
  ], rows, md);
}

type Col = { header: string; value: (r: RoomLoadResult) => string | number | null };

/** What the clients saw. */
const clientColumns: Col[] = [
  { header: 'p50 ms', value: (r) => r.latency.p50Ms },
  { header: 'p95 ms', value: (r) => r.latency.p95Ms },
  { header: 'p99 ms', value: (r) => r.latency.p99Ms },
  { header: 'p95 first/last third', value: (r) => `${r.thirds.first.p95Ms} / ${r.thirds.last.p95Ms}` },
  { header: 'own fps', value: (r) => r.clients.ownFramesPerSecond },
  { header: 'frames/s (all)', value: (r) => r.framesDeliveredPerSecond },
  { header: 'unanswered %', value: (r) => Math.round(r.updates.unansweredFraction * 1000) / 10 },
  { header: 'missed', value: (r) => r.framesMissed },
  { header: 'bytes/msg', value: (r) => r.clients.bytesPerMessage },
  { header: 'KB/s client', value: (r) => r.clients.meanKbPerSecond },
];

/** What the server process (and the bots) used. */
const costColumns: Col[] = [
  { header: 'CPU cores', value: (r) => r.server.cpu.process },
  { header: 'main', value: (r) => r.server.cpu.main },
  { header: 'worker', value: (r) => r.server.cpu.busiestOther },
  { header: 'peak RSS MB', value: (r) => r.server.peakRssMb },
  { header: 'ticks/s/room', value: (r) => r.server.ticksPerSecondPerRoom },
  { header: 'skipped', value: (r) => r.server.skippedTicks },
  { header: 'loop Hz', value: (r) => r.server.loopRateAtEnd },
  { header: 'decode ms', value: (r) => r.server.meanDecodeMs },
  { header: 'MB/s out', value: (r) => r.server.sentMBPerSecond },
  { header: 'bot CPU', value: (r) => r.botProcesses.map((b) => b.cpuCores ?? '-').join('+') },
  { header: 'bot lag p99', value: (r) => Math.max(...r.botProcesses.map((b) => b.loopDelayP99Ms)) },
  { header: 'others CPU', value: (r) => r.others?.cores ?? null },
];

function loadTable(title: string, list: ScenarioResult[], columns: Col[], md: boolean): string {
  const rows = list.flatMap((s) => (['server', 'relay'] as const).filter((t) => s[t]).map((t) => ({ s, r: s[t]! })));
  return formatTable(title, [
    { header: 'scenario', value: (x) => `${x.s.scenario.id} ${x.r.rooms}x${x.r.perRoom}` },
    { header: 'against', value: (x) => x.r.target },
    ...columns.map((c) => ({ header: c.header, value: (x: { r: RoomLoadResult }) => c.value(x.r) })),
  ], rows, md);
}

export function scenarioTable(list: ScenarioResult[], md = false): string {
  return [
    loadTable('Room load, clients (30 Hz cursors, 20 Hz tick; latency = cursor sent -> its frame received)', list, clientColumns, md),
    loadTable('Room load, cost (CPU in cores from /proc: 1 = one core busy)', list, costColumns, md),
  ].join(md ? '\n\n' : '\n');
}

export function ratioTable(list: ScenarioResult[], md = false): string {
  const rows = list.filter((s) => s.ratios);
  return formatTable('Our server / bare relay (latency above 1 = what we add; throughput 1 = we keep up)', [
    { header: 'scenario', value: (s) => s.scenario.id },
    { header: 'p50', value: (s) => s.ratios!.latencyP50 },
    { header: 'p95', value: (s) => s.ratios!.latencyP95 },
    { header: 'p99', value: (s) => s.ratios!.latencyP99 },
    { header: 'own fps', value: (s) => s.ratios!.ownFramesPerSecond },
    { header: 'frames delivered', value: (s) => s.ratios!.framesDelivered },
    { header: 'KB/s', value: (s) => s.ratios!.kbPerSecond },
    { header: 'server CPU', value: (s) => s.ratios!.serverCpu },
  ], rows, md);
}

export function growthTable(list: RoomLoadResult[], md = false): string {
  return formatTable('Growth: participants in one room (real server)', [
    { header: 'people', value: (r) => r.participants },
    { header: 'CPU cores', value: (r) => r.server.cpu.process },
    { header: 'main', value: (r) => r.server.cpu.main },
    { header: 'worker', value: (r) => r.server.cpu.busiestOther },
    { header: 'peak RSS MB', value: (r) => r.server.peakRssMb },
    { header: 'decode ms', value: (r) => r.server.meanDecodeMs },
    { header: 'p50 ms', value: (r) => r.latency.p50Ms },
    { header: 'p99 ms', value: (r) => r.latency.p99Ms },
    { header: 'own fps', value: (r) => r.clients.ownFramesPerSecond },
    { header: 'KB/s client', value: (r) => r.clients.meanKbPerSecond },
    { header: 'MB/s out', value: (r) => r.server.sentMBPerSecond },
    { header: 'others CPU', value: (r) => r.others?.cores ?? null },
  ], list, md);
}

export function imageTable(r: ImageLoadResult, md = false): string {
  const rows = [{ phase: 'room alone', p: r.baseline }, { phase: 'while pictures are requested', p: r.underLoad }];
  const room = formatTable(`Image load: a room of ${r.perRoom} (30 Hz cursors) and a socket pinging 20/s`, [
    { header: 'phase', value: (x) => x.phase },
    { header: 'seconds', value: (x) => x.p.seconds },
    { header: 'own fps', value: (x) => x.p.ownFramesPerSecond },
    { header: 'slowest bot fps', value: (x) => x.p.minOwnFramesPerSecond },
    { header: 'ping p50 ms', value: (x) => x.p.ping.p50Ms },
    { header: 'ping p99 ms', value: (x) => x.p.ping.p99Ms },
    { header: 'ping max ms', value: (x) => x.p.ping.maxMs },
    { header: 'pings lost', value: (x) => x.p.ping.lost },
    { header: 'pinger lag p99 ms', value: (x) => x.p.ping.pingerLoopDelayP99Ms },
    { header: 'server CPU', value: (x) => x.p.serverCpu.process },
  ], rows, md);
  const requests = formatTable(`Image load: the requests (GIFs of ${r.gifFrames} frames, 30x30 manifolds; each client retries after Retry-After)`, [
    { header: 'kind', value: (x) => x.kind },
    { header: 'requested', value: (x) => x.s.requested },
    { header: 'served', value: (x) => x.s.served },
    { header: 'unserved at deadline', value: (x) => x.s.unserved },
    { header: '503 answers', value: (x) => x.s.busyAnswers },
    { header: 'failures', value: (x) => x.s.failures },
    { header: 'time to serve p50 s', value: (x) => Math.round(x.s.timeToServe.p50Ms / 100) / 10 },
    { header: 'max s', value: (x) => Math.round(x.s.timeToServe.maxMs / 100) / 10 },
  ], [{ kind: 'GIF', s: r.requests.gif }, { kind: 'manifold', s: r.requests.manifold }], md);
  return `${room}${md ? '\n\n' : '\n'}${requests}\nserver peak RSS: ${r.server.peakRssMb} MB`;
}

export function slowReadersTable(r: SlowReadersResult, md = false): string {
  const table = formatTable(
    `Slow readers: a crowd of ${r.crowd} in one room (chatter: ${r.renamers} renamers at ${r.renameHz}/s; paused: ${r.paused} sockets stop reading, 1 renamer), ${r.otherRoom} bots moving in another room`,
    [
      { header: 'phase', value: (p) => p.phase },
      { header: 'seconds', value: (p) => p.seconds },
      { header: 'other room own fps', value: (p) => p.otherRoomOwnFps },
      { header: 'slowest bot fps', value: (p) => p.otherRoomMinOwnFps },
      { header: 'snapshots/s per reader', value: (p) => p.snapshotsPerSocketPerSecond },
      { header: 'renames sent', value: (p) => p.renamesSent },
      { header: 'refused', value: (p) => p.renamesRefused },
      { header: 'server CPU', value: (p) => p.serverCpuCores },
      { header: 'crowd CPU', value: (p) => p.crowdCpuCores },
      { header: 'bench CPU', value: (p) => p.benchCpuCores },
      { header: 'RSS MB start', value: (p) => p.serverRssStartMb },
      { header: 'RSS growth MB', value: (p) => p.serverRssGrowthMb },
    ], r.phases, md);
  const codes = r.pausedNoticeCodes.length ? ` (notices: ${r.pausedNoticeCodes.join(', ')})` : '';
  const lost = r.lostBeforePause.length ? `\nsockets lost before the paused phase: ${r.lostBeforePause.join(', ')}` : '';
  const paused = `paused sockets (${r.pausedSeconds} s without reading) found closed when they read again: ${r.pausedDisconnected} of ${r.paused}${codes}`;
  return `${table}\n${paused}; disconnected as slow readers: ${r.slowReaderDisconnects}; server peak RSS: ${r.server.peakRssMb} MB${lost}`;
}

export function goalTable(goals: GoalCheck[], md = false): string {
  return formatTable('Goals', [
    { header: 'goal', value: (g) => g.goal },
    { header: 'measured', value: (g) => g.value },
    { header: 'met', value: (g) => (g.met ? 'yes' : 'NO') },
  ], goals, md);
}

export function formatReport(r: BenchReport, md = false): string {
  const parts: string[] = [];
  if (r.decode) parts.push(`${decodeTable(r.decode, md)}\ntfjs weights: ${r.decode.tfjsWeights}; tfjs-node: ${r.decode.tfjsNode}`);
  if (r.encode) parts.push(encodeTable(r.encode, md));
  if (r.training) parts.push(trainingTable(r.training, md));
  if (r.scenarios?.length) parts.push(scenarioTable(r.scenarios, md));
  if (r.scenarios?.some((s) => s.ratios)) parts.push(ratioTable(r.scenarios, md));
  if (r.growth?.length) parts.push(growthTable(r.growth, md));
  if (r.image) parts.push(imageTable(r.image, md));
  if (r.drawings) parts.push(drawingTable(r.drawings, md));
  if (r.rounds) parts.push(roundTable(r.rounds, md));
  if (r.timeline) parts.push(timelineTable(r.timeline, md));
  if (r.slow) parts.push(slowReadersTable(r.slow, md));
  if (r.goals.length) parts.push(goalTable(r.goals, md));
  return parts.join('\n');
}
