/**
 * A room's state events (the `room` snapshot, the `paths` list): each is the whole state, so a
 * client only ever needs the latest. Changes are coalesced: the first change after a quiet
 * interval goes out at the end of its event-loop turn, later ones wait for the room's tick once
 * the interval has passed, so a room sends each state event at most once per interval however
 * often it changes. A client that is behind (bytes waiting in its send buffer) is skipped and
 * owed the event; once it has caught up, a tick sends it the latest. Every payload is built once
 * and sent to all the others in one fanout (socket.io encodes it once).
 */
import type { Clock, Connection, Fanout } from './types.js';

/** At most one message per state event per interval (5 a second). */
export const STATE_INTERVAL_MS = 200;

/** A client with more than this waiting to be sent is behind: it gets state events once it has caught up. */
export const BEHIND_BYTES = 64 * 1024;

export interface StateBroadcasterDeps {
  clock: Clock;
  /** The connections of the room's connected participants. */
  receivers(): Iterable<Connection>;
  /** Sends one message to many connections; one send each when absent. */
  fanout?: Fanout;
  /** The interval now (a large room's snapshot is large: it waits longer); STATE_INTERVAL_MS when absent. */
  intervalMs?(): number;
}

type Build = () => unknown;

/** The default fanout: one send per connection. */
export const sendEach: Fanout = (conns, event, payload) => {
  for (const c of conns) c.send(event, payload);
};

export class StateBroadcaster {
  /** Changed since the last send: the builder of each event's latest payload. */
  private readonly pending = new Map<string, Build>();
  /** Every event's builder, for connections owed it. */
  private readonly builders = new Map<string, Build>();
  /** Connections that were behind when an event went out, and the events they are owed. */
  private readonly owed = new Map<Connection, Set<string>>();
  private lastSentAt = -Infinity;
  private scheduled = false;
  private closed = false;
  private readonly fanout: Fanout;

  constructor(private readonly deps: StateBroadcasterDeps) {
    this.fanout = deps.fanout ?? sendEach;
  }

  private interval(): number {
    return this.deps.intervalMs?.() ?? STATE_INTERVAL_MS;
  }

  /** `event` changed; `build` makes its payload when it is sent (only the latest is). */
  queue(event: string, build: Build): void {
    if (this.closed) return;
    this.pending.set(event, build);
    this.builders.set(event, build);
    if (this.scheduled || this.deps.clock.now() - this.lastSentAt < this.interval()) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.send();
    });
  }

  /** Every room tick: sends what waited for the interval, and what caught-up clients are owed. */
  tick(now: number): void {
    if (this.pending.size > 0 && now - this.lastSentAt >= this.interval()) this.send();
    if (this.owed.size > 0) this.payOwed();
  }

  /** Sends every pending event now, whatever the interval. */
  send(): void {
    if (this.closed || this.pending.size === 0) return;
    this.lastSentAt = this.deps.clock.now();
    const ready: Connection[] = [];
    const behind: Connection[] = [];
    for (const c of this.deps.receivers()) (isBehind(c) ? behind : ready).push(c);
    for (const [event, build] of this.pending) {
      if (ready.length > 0) this.fanout(ready, event, build());
      for (const c of behind) this.owe(c, event);
    }
    this.pending.clear();
  }

  close(): void {
    this.closed = true;
    this.pending.clear();
    this.owed.clear();
  }

  private owe(c: Connection, event: string): void {
    let events = this.owed.get(c);
    if (!events) this.owed.set(c, (events = new Set()));
    events.add(event);
  }

  private payOwed(): void {
    const present = new Set(this.deps.receivers());
    for (const [c, events] of this.owed) {
      if (!present.has(c)) this.owed.delete(c);
      else if (!isBehind(c)) {
        this.owed.delete(c);
        for (const event of events) c.send(event, this.builders.get(event)!());
      }
    }
  }
}

function isBehind(c: Connection): boolean {
  return (c.backlog?.() ?? 0) > BEHIND_BYTES;
}
