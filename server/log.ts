/**
 * Structured logging. One pino logger per server instance (a factory, not a module singleton) so
 * tests can silence or capture it without touching process-wide state.
 */
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** pino level; 'silent' turns logging off (tests). Defaults to LOG_LEVEL or 'info'. */
  level?: string;
  /** Where lines go; defaults to stdout. */
  destination?: pino.DestinationStream;
}

/** Creates the server's logger: JSON lines, one per join, leave, save and error. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  return pino({ level, base: { app: 'latent-playground' } }, options.destination ?? pino.destination(1));
}
