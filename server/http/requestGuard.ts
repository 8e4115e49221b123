/**
 * Requests no route can serve, refused before anything routes them: Next answers 500 to an
 * asterisk-form target (`OPTIONS *`) and to a path whose percent-encoding is not UTF-8, so the
 * server answers 400 for those itself.
 */
import type { IncomingMessage } from 'node:http';

/** Why the request's target is malformed, or null when it may be routed. */
export function malformedTarget(req: IncomingMessage): string | null {
  const target = req.url ?? '';
  // Origin-form only: `*` (server-wide OPTIONS) and absolute-form (what proxies receive) have no page.
  if (!target.startsWith('/')) return `request target "${target.slice(0, 40)}" is not a path`;
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  try {
    decodeURIComponent(path);
  } catch {
    return 'the path has malformed percent-encoding';
  }
  return null;
}
