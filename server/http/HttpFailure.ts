/**
 * A refused HTTP request that needs its own status or headers (a 503 with Retry-After, a 429):
 * still a ProtocolFailure, so its JSON error has the usual code and message.
 */
import type { ErrorCode } from '../../shared/protocol.js';
import { ProtocolFailure } from '../ProtocolFailure.js';

export class HttpFailure extends ProtocolFailure {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
    this.name = 'HttpFailure';
  }
}

/** A refusal that tells the client when to come back (`Retry-After`, whole seconds, at least 1). */
export function retryLater(code: ErrorCode, status: number, message: string, retryAfterMs: number): HttpFailure {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpFailure(code, `${message}: try again in ${seconds} s`, status, { 'retry-after': String(seconds) });
}
