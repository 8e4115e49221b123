/**
 * A refused request: carries the protocol error code that the socket layer puts in the error ack
 * and the HTTP layer maps to a status. Anything else thrown is a bug and answers `internal`.
 */
import { ErrorCode, type ProtocolError } from '../shared/protocol.js';

export class ProtocolFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolFailure';
  }

  toJSON(): ProtocolError {
    return { code: this.code, message: this.message };
  }
}

/** Throws a ProtocolFailure; reads well in guards (`if (!p.host) fail('not_host', ...)`). */
export function fail(code: ErrorCode, message: string): never {
  throw new ProtocolFailure(code, message);
}

/** The error to send for anything thrown: its own code, or a generic internal error. */
export function toProtocolError(err: unknown): ProtocolError {
  if (err instanceof ProtocolFailure) return err.toJSON();
  return { code: ErrorCode.internal, message: 'internal error' };
}
