/**
 * The timer that drives a live room: calls `room.tick()` every 1/loopRate s and follows a change
 * of the room's rate (the host's, or its own under load) at the next tick. Started and stopped by the RoomManager, so a Room itself
 * never owns a timer and can be built and stepped by hand in a test.
 */

/** What the loop needs of a room. */
export interface Tickable {
  /** The rate to tick at now. */
  readonly loopRate: number;
  tick(): Promise<void>;
}

/** Starts ticking `room`; returns the function that stops it. */
export type StartLoop = (room: Tickable) => () => void;

export const startRoomLoop: StartLoop = (room) => {
  let hz = room.loopRate;
  let stopped = false;
  let timer = setInterval(step, 1000 / hz);
  function step(): void {
    void room.tick();
    // The tick may have stopped the loop (its last participant left): never start a new timer then.
    if (stopped || room.loopRate === hz) return;
    clearInterval(timer);
    hz = room.loopRate;
    timer = setInterval(step, 1000 / hz);
  }
  return () => {
    stopped = true;
    clearInterval(timer);
  };
};
