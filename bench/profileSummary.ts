/**
 * Where a `node --cpu-prof` profile spent its time: the top functions by self time, and self time
 * by package (node_modules/<pkg>), Node internals, our own code, GC and idle.
 *
 *   npx tsx bench/profileSummary.ts FILE.cpuprofile [--top 15] [--window START_US,END_US]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  ms: number;
  /** Percent of the profile's non-idle time. */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  /** Wall time covered by the profile, and the part the thread was not idle. */
  wallMs: number;
  busyMs: number;
  topFunctions: ProfileLine[];
  byArea: ProfileLine[];
}

function areaOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return '(program: native, not JS)';
  if (functionName === '(idle)') return '(idle)';
  if (!url) return '(native / builtins)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node internals';
  const rel = url.replace(/^file:\/\//, '');
  const top = /\/(server|shared|bench)\/(?:([^/]+)\/)?/.exec(rel);
  return top ? `ours: ${top[1]}/${top[2] && !top[2].includes('.') ? top[2] + '/' : ''}` : 'other';
}

/**
 * Self time by function and by area. With `windowUs` (monotonic µs, the clock V8 stamps samples
 * with) only samples inside that window count: the steady state, without start-up and joins.
 */
export function summarizeProfile(file: string, top = 15, windowUs?: [number, number]): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = p.startTime;
  let first = Infinity;
  let last = -Infinity;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i] ?? 0;
    if (windowUs && (t < windowUs[0] || t > windowUs[1])) return;
    first = Math.min(first, t);
    last = Math.max(last, t);
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const a = areaOf(url, functionName);
    if (a === '(idle)') continue;
    area.set(a, (area.get(a) ?? 0) + ms);
    const where = url ? ` ${url.replace(/^file:\/\/.*?node_modules\//, '').replace(/^file:\/\/.*\/(server|shared|bench)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
  }
  const wallMs = windowUs ? Math.max(0, last - first) / 1000 : (p.endTime - p.startTime) / 1000;
  const busyMs = [...area.values()].reduce((a, b) => a + b, 0);
  const lines = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((1000 * ms) / busyMs) / 10 }));
  return { file: path.basename(file), wallMs: Math.round(wallMs), busyMs: Math.round(busyMs), topFunctions: lines(fn, top), byArea: lines(area, 12) };
}

export function formatProfile(s: ProfileSummary): string {
  const pct = (x: ProfileLine) => `${String(x.percent).padStart(5)} %  ${String(x.ms).padStart(7)} ms  ${x.name}`;
  return [
    `${s.file}: busy ${s.busyMs} ms of ${s.wallMs} ms`,
    '  by area:', ...s.byArea.map((x) => `    ${pct(x)}`),
    '  top functions (self time):', ...s.topFunctions.map((x) => `    ${pct(x)}`),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' }, window: { type: 'string' } } });
  const w = values.window?.split(',').map(Number) as [number, number] | undefined;
  for (const f of positionals) console.log(formatProfile(summarizeProfile(f, Number(values.top), w)));
}
