/**
 * The load scenarios, each run against the real server and then, back to back,
 * against the bare relay (the transport limit), and the ratios between the two.
 */
import type { Target } from './serverProcess.js';
import { benchRoomLoad, type RoomLoadResult } from './roomLoad.js';

export interface Scenario {
  id: 'class' | 'school' | 'bigRoom' | 'lecture';
  title: string;
  rooms: number;
  perRoom: number;
  /** Goal for the cursor-to-frame p99 on the 2-core machine at the default 20 Hz tick. */
  goalP99Ms: number;
  /** Also run against the bare relay (default true). A relay sends everyone everything: at 300 it measures only itself. */
  relay?: boolean;
}

export const SCENARIOS: Scenario[] = [
  { id: 'class', title: 'one class (1 room x 30)', rooms: 1, perRoom: 30, goalP99Ms: 100 },
  { id: 'school', title: 'a school (10 rooms x 16)', rooms: 10, perRoom: 16, goalP99Ms: 100 },
  { id: 'bigRoom', title: 'one big room (1 x 100)', rooms: 1, perRoom: 100, goalP99Ms: 100 },
  { id: 'lecture', title: 'a lecture hall (1 room x 300)', rooms: 1, perRoom: 300, goalP99Ms: 250, relay: false },
];

/** Ours divided by the relay's: latency ratios above 1 are what our server adds over bare transport. */
export interface RelayRatios {
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
  ownFramesPerSecond: number | null;
  framesDelivered: number | null;
  kbPerSecond: number | null;
  serverCpu: number | null;
}

export interface ScenarioResult {
  scenario: Scenario;
  server?: RoomLoadResult;
  relay?: RoomLoadResult;
  ratios?: RelayRatios;
}

const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || !b ? null : Math.round((a / b) * 100) / 100;

export function relayRatios(s: RoomLoadResult, r: RoomLoadResult): RelayRatios {
  return {
    latencyP50: ratio(s.latency.p50Ms, r.latency.p50Ms),
    latencyP95: ratio(s.latency.p95Ms, r.latency.p95Ms),
    latencyP99: ratio(s.latency.p99Ms, r.latency.p99Ms),
    ownFramesPerSecond: ratio(s.clients.ownFramesPerSecond, r.clients.ownFramesPerSecond),
    framesDelivered: ratio(s.framesDeliveredPerSecond, r.framesDeliveredPerSecond),
    kbPerSecond: ratio(s.clients.meanKbPerSecond, r.clients.meanKbPerSecond),
    serverCpu: ratio(s.server.cpu.process, r.server.cpu.process),
  };
}

export interface ScenarioRunOptions {
  targets: Target[];
  seconds: number;
  warmupSeconds: number;
  cpuProfileDir?: (scenario: Scenario, target: Target) => string | undefined;
  log: (line: string) => void;
}

export async function runScenarios(list: Scenario[], o: ScenarioRunOptions): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  for (const scenario of list) {
    const result: ScenarioResult = { scenario };
    for (const target of o.targets.filter((t) => t === 'server' || scenario.relay !== false)) {
      o.log(`room load: ${scenario.title} against the ${target}, ${o.seconds} s ...`);
      result[target] = await benchRoomLoad({
        target, rooms: scenario.rooms, perRoom: scenario.perRoom, seconds: o.seconds, warmupSeconds: o.warmupSeconds,
        label: scenario.id, cpuProfileDir: o.cpuProfileDir?.(scenario, target),
      });
    }
    if (result.server && result.relay) result.ratios = relayRatios(result.server, result.relay);
    out.push(result);
  }
  return out;
}

/** Participants in one room, from 1 to 300: how the server's cost grows. */
export async function runGrowth(counts: number[], o: Omit<ScenarioRunOptions, 'targets' | 'cpuProfileDir'>): Promise<RoomLoadResult[]> {
  const out: RoomLoadResult[] = [];
  for (const n of counts) {
    o.log(`growth: ${n} in one room, ${o.seconds} s ...`);
    out.push(await benchRoomLoad({ target: 'server', rooms: 1, perRoom: n, seconds: o.seconds, warmupSeconds: o.warmupSeconds, label: `growth${n}` }));
  }
  return out;
}
