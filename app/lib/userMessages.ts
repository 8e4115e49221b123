/**
 * Errors in words a student can act on. The server's own message is kept where it is already
 * specific (limits name their numbers); codes with a known remedy get the remedy.
 */
import { ErrorCode, type ProtocolError } from '../../shared/protocol';

export const UNREACHABLE = 'Cannot reach the server. Check your network; trying again…';
export const MODEL_LOADING = 'The model is still loading on the server. Trying again in a few seconds…';

const REMEDIES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.roomFull]: 'This room is full. Ask the host to open a second room, or create your own.',
  [ErrorCode.protocolMismatch]: 'This page is older than the server. Reload the page to continue.',
  [ErrorCode.notFound]: 'That no longer exists: it may have been deleted or the room has closed.',
  [ErrorCode.tooManyRooms]: 'The server has too many rooms open. Try again in a few minutes, or join an existing room.',
  [ErrorCode.frozen]: 'The host has paused steering for now.',
  [ErrorCode.notHost]: 'Only the host of this room can do that.',
  [ErrorCode.notAllowed]: 'You are not allowed to do that here.',
  [ErrorCode.notJoined]: 'Not connected to the room yet. Wait a moment and try again.',
};

/** Codes after which retrying the join cannot help. */
export const FATAL_JOIN_CODES: readonly string[] = [ErrorCode.roomFull, ErrorCode.protocolMismatch, ErrorCode.badRequest];

export function describeError(error: ProtocolError | { code?: string; message?: string } | null | undefined): string {
  if (!error) return 'Something went wrong.';
  const remedy = REMEDIES[error.code as ErrorCode];
  if (remedy) return remedy;
  if (error.code === 'timeout') return 'The server did not answer in time. Try again.';
  if (error.code === 'offline') return REMEDIES[ErrorCode.notJoined]!;
  if (error.code === 'model_loading') return MODEL_LOADING;
  return error.message?.trim() || 'Something went wrong.';
}

/** Words for a failed HTTP call to the API. */
export function describeHttpFailure(status: number | null, body?: { error?: unknown; message?: unknown } | null): string {
  if (status === null) return UNREACHABLE.replace('; trying again…', '.');
  if (status === 503) return MODEL_LOADING.replace(' Trying again in a few seconds…', ' Try again in a minute.');
  const err = body?.error;
  if (err && typeof err === 'object' && 'code' in err) return describeError(err as ProtocolError);
  if (typeof err === 'string') return err;
  if (typeof body?.message === 'string') return body.message;
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  return `The server answered with an error (${status}).`;
}
