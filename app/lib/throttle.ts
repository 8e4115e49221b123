/**
 * Sends the latest value at most once per interval: the first value goes out at once, later ones
 * within the interval collapse into one trailing send of the newest. Nothing is ever lost at the
 * end of a gesture, and a fast pointer cannot flood the socket.
 */
export interface Throttle<T> {
  push(value: T): void;
  cancel(): void;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const defaultClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createThrottle<T>(send: (value: T) => void, intervalMs: number, clock: ThrottleClock = defaultClock): Throttle<T> {
  let lastSent = -Infinity;
  let pending: { value: T } | null = null;
  let timer: unknown = null;

  const fire = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    lastSent = clock.now();
    send(value);
  };

  return {
    push(value) {
      pending = { value };
      if (timer !== null) return;
      const wait = lastSent + intervalMs - clock.now();
      if (wait <= 0) fire();
      else timer = clock.setTimeout(fire, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
