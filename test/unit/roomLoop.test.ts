/**
 * The timer that drives a live room (roomLoop.ts), on fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRoomLoop, type Tickable } from '../../server/rooms/roomLoop.js';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function fakeRoom(hz: number) {
  const room = { loopRate: hz, ticks: 0, onTick: () => {}, tick: async () => {} } satisfies Tickable & Record<string, unknown>;
  room.tick = async () => {
    room.ticks++;
    room.onTick();
  };
  return room;
}

describe('the room loop', () => {
  it('ticks at the room rate and follows a change of it', () => {
    const room = fakeRoom(20);
    const stop = startRoomLoop(room);
    vi.advanceTimersByTime(1000);
    expect(room.ticks).toBe(20);
    room.loopRate = 50;
    vi.advanceTimersByTime(1000);
    expect(room.ticks).toBeGreaterThanOrEqual(65);
    stop();
  });

  it('never ticks again once stopped, even when the rate changed and the stop came from inside a tick', () => {
    const room = fakeRoom(20);
    const stop = startRoomLoop(room);
    vi.advanceTimersByTime(100);
    room.loopRate = 30;
    // The room's last participant expires during this tick: the manager stops its loop.
    room.onTick = () => stop();
    vi.advanceTimersByTime(50);
    const ticks = room.ticks;
    room.onTick = () => {};
    room.loopRate = 60;
    vi.advanceTimersByTime(5000);
    expect(room.ticks).toBe(ticks);
    expect(vi.getTimerCount()).toBe(0);
  });
});
