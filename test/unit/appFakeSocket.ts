/** A stand-in for a socket.io client socket, for tests of the room connection. */
import type { SocketLike } from '../../app/lib/roomConnection';

type Handler = (...args: never[]) => void;

export class FakeSocket implements SocketLike {
  connected = false;
  connects = 0;
  handlers = new Map<string, Handler[]>();
  requests: { event: string; payload: unknown }[] = [];
  volatileSent: { event: string; payload: unknown }[] = [];
  /** Answers per event; an event without one times out. */
  answers: Record<string, (payload: never) => unknown> = {};

  on(event: string, listener: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
    return this;
  }
  emit() {
    return this;
  }
  volatile = { emit: (event: string, payload: unknown) => this.volatileSent.push({ event, payload }) };
  timeout() {
    return {
      emitWithAck: async (event: string, payload: unknown) => {
        this.requests.push({ event, payload });
        const answer = this.answers[event];
        if (!answer) throw new Error('operation has timed out');
        return answer(payload as never);
      },
    };
  }
  connect() {
    this.connected = true;
    this.connects++;
    this.fire('connect');
  }
  disconnect() {
    const was = this.connected;
    this.connected = false;
    if (was) this.fire('disconnect', 'io client disconnect');
  }
  removeAllListeners() {
    this.handlers.clear();
  }
  /** The network drops: socket.io would reconnect by itself later. */
  drop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  fire(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) (h as (...a: unknown[]) => void)(...args);
  }
  requestsOf(event: string) {
    return this.requests.filter((r) => r.event === event).map((r) => r.payload as Record<string, unknown>);
  }
}

/** Resolves pending promise callbacks (acks answered by async functions). */
export const settle = () => new Promise((r) => setTimeout(r, 0));
