/**
 * The timer that drives a live room: calls `room.tick()` every 1/tickRate s and follows a change
 * of the room's rate at the next tick. Started and stopped by the RoomManager, so a Room itself
 * never owns a timer and can be built and stepped by hand in a test.
 */

/** What the loop needs of a room. */
export interface Tickable {
  readonly tickRate: number;
  tick(): Promise<void>;
}

/** Starts ticking `room`; returns the function that stops it. */
export type StartLoop = (room: Tickable) => () => void;

export const startRoomLoop: StartLoop = (room) => {
  let hz = room.tickRate;
  let stopped = false;
  let timer = setInterval(step, 1000 / hz);
  function step(): void {
    void room.tick();
    // The tick may have stopped the loop (its last participant left): never start a new timer then.
    if (stopped || room.tickRate === hz) return;
    clearInterval(timer);
    hz = room.tickRate;
    timer = setInterval(step, 1000 / hz);
  }
  return () => {
    stopped = true;
    clearInterval(timer);
  };
};
