/**
 * A child process that sends socket.io `ping` 20 times a second to the server and keeps the round
 * trips, so that what it measures is the server's responsiveness, not the load generator's: the
 * image-load benchmark's HTTP clients run in another process. Driven over IPC: `reset` opens the
 * window, `report` answers with the window's round trips and this process's own loop delay, then exits.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';

export type PingCommand = { type: 'start'; url: string } | { type: 'reset' } | { type: 'report' };
export type PingReply = { type: 'ready' } | { type: 'report'; rtts: number[]; lost: number; ownLoopDelayP99Ms: number };

let rtts: number[] = [];
let lost = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

function start(url: string): void {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  socket.once('connect', () => {
    setInterval(() => {
      const t = performance.now();
      socket.timeout(5000).emitWithAck('ping', { t: Date.now() }).then(() => rtts.push(performance.now() - t), () => lost++);
    }, 50);
    process.send!({ type: 'ready' } satisfies PingReply);
  });
  socket.once('connect_error', (err) => {
    console.error(`pinger: ${err.message}`);
    process.exit(1);
  });
}

process.on('message', (cmd: PingCommand) => {
  if (cmd.type === 'start') start(cmd.url);
  else if (cmd.type === 'reset') {
    rtts = [];
    lost = 0;
    loopDelay.reset();
    loopDelay.enable();
  } else {
    const reply: PingReply = { type: 'report', rtts, lost, ownLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e5) / 10 };
    process.send!(reply, () => process.exit(0));
  }
});
