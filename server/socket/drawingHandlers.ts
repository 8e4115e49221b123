/**
 * Handlers of the drawing events (see shared/drawingProtocol.ts), merged into handlers.ts's event
 * table. `draw` answers once the drawing is encoded and placed, at the room's next tick.
 */
import { ClientEvent, ErrorCode, type AckResults, type ClientPayload } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import type { Room } from '../rooms/Room.js';
import type { Participant } from '../rooms/types.js';

/** The part of a handler's context these handlers use (kept narrow: handlers.ts imports this file). */
interface DrawingContext {
  session: { room: Room | null; participant: Participant | null };
}

type DrawingHandler<E extends 'draw' | 'drawing:delete' | 'drawings:host'> = (
  ctx: DrawingContext,
  data: ClientPayload<E>,
) => AckResults[E] | Promise<AckResults[E]>;

function joinedRoom(ctx: DrawingContext): { room: Room; p: Participant } {
  const { room, participant } = ctx.session;
  if (!room || !participant) fail(ErrorCode.notJoined, 'join a room first');
  return { room, p: participant };
}

export const drawingHandlers: {
  readonly [ClientEvent.draw]: DrawingHandler<'draw'>;
  readonly [ClientEvent.drawingDelete]: DrawingHandler<'drawing:delete'>;
  readonly [ClientEvent.drawingsHost]: DrawingHandler<'drawings:host'>;
} = {
  [ClientEvent.draw]: async (ctx, data) => {
    const { room, p } = joinedRoom(ctx);
    return { drawing: await room.drawings.submit(p, data.image) };
  },
  [ClientEvent.drawingDelete]: (ctx, data) => {
    const { room, p } = joinedRoom(ctx);
    room.drawings.delete(p, data.id);
    return {};
  },
  [ClientEvent.drawingsHost]: (ctx, data) => {
    const { room, p } = joinedRoom(ctx);
    room.drawings.hostAction(p, data);
    return {};
  },
};
