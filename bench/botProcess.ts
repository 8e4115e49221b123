/**
 * A child process that runs a share of the benchmark's participants (server/bot's `startBot`, i.e.
 * socket.io-client like a browser) so that they do not share the server's process. Driven over the
 * IPC channel by botFleet.ts: `start` (join everyone), `reset` (open the measurement window),
 * `stop` (report each bot's stats and latency samples, then exit).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBot, type Bot } from '../bot/createBot.js';
import type { Walk } from '../bot/walks.js';
import type { BotProcessReport, FleetCommand } from './botFleet.js';

const bots: Bot[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

function send(msg: unknown): void {
  process.send!(msg);
}

async function start(cmd: Extract<FleetCommand, { type: 'start' }>): Promise<void> {
  for (const b of cmd.bots) {
    bots.push(await startBot({ url: cmd.url, room: b.room, walk: cmd.walk as Walk, hz: cmd.hz, name: b.name, phase: b.phase }));
  }
  send({ type: 'joined', count: bots.length });
}

async function stop(): Promise<void> {
  const samples = bots.map((b) => b.latencySamples());
  const stats = await Promise.all(bots.map((b) => b.stop()));
  loopDelay.disable();
  const report: BotProcessReport = {
    type: 'result',
    stats,
    samples,
    loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e5) / 10,
  };
  // Exit only once the (large) report has been handed to the IPC channel.
  process.send!(report, () => {
    process.disconnect();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}

process.on('message', (cmd: FleetCommand) => {
  const fail = (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  if (cmd.type === 'start') start(cmd).catch(fail);
  else if (cmd.type === 'reset') {
    for (const b of bots) b.resetStats();
    loopDelay.reset();
    loopDelay.enable();
    send({ type: 'reset-done' });
  } else if (cmd.type === 'stop') stop().catch(fail);
});
