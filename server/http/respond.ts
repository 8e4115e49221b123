/**
 * Small HTTP helpers: JSON answers, JSON errors with the protocol's error codes, cached bodies with
 * ETag and gzip, and a size-capped JSON body reader.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, type ProtocolError } from '../../shared/protocol.js';
import { fail } from '../ProtocolFailure.js';
import type { CachedBody } from '../modelCatalog.js';

const STATUS: Record<string, number> = {
  [ErrorCode.badRequest]: 400,
  [ErrorCode.notFound]: 404,
  [ErrorCode.notHost]: 403,
  [ErrorCode.notAllowed]: 403,
  [ErrorCode.limit]: 429,
  [ErrorCode.tooManyRooms]: 503,
  [ErrorCode.busy]: 503,
  [ErrorCode.internal]: 500,
};

/** The HTTP status of a protocol error code. */
function statusOf(code: string): number {
  return STATUS[code] ?? 400;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const raw = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': raw.length, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : raw);
}

/** A JSON error: `{ error: { code, message } }`. */
export function sendError(res: ServerResponse, error: ProtocolError, status = statusOf(error.code), headers: Record<string, string> = {}): void {
  sendJson(res, status, { error }, { 'cache-control': 'no-store', ...headers });
}

/**
 * Sends a prepared body, answering 304 to a matching If-None-Match and gzip to clients that take it.
 */
export function sendCached(req: IncomingMessage, res: ServerResponse, body: CachedBody, type: string, cacheControl: string): void {
  const headers: Record<string, string | number> = { 'content-type': type, etag: body.etag, 'cache-control': cacheControl, vary: 'accept-encoding' };
  if (req.headers['if-none-match'] === body.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && body.gzip.length < body.raw.length;
  const data = gzip ? body.gzip : body.raw;
  res.writeHead(200, { ...headers, 'content-length': data.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
  res.end(req.method === 'HEAD' ? undefined : data);
}

/** Reads a JSON body of at most `limit` bytes; an empty body reads as `{}`. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) fail(ErrorCode.badRequest, `request body is over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return fail(ErrorCode.badRequest, 'request body is not valid JSON');
  }
}
