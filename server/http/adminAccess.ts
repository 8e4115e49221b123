/**
 * Who may read operator details (/healthz's per-room list): whoever presents the `ADMIN_TOKEN` as
 * `Authorization: Bearer <token>`. Without a configured token nobody may.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Shortest accepted admin token: anything shorter is guessable over the network. */
export const ADMIN_TOKEN_MIN = 16;

/** `public`: no credentials sent; `admin`: the right token; `refused`: credentials that are wrong. */
export type Access = 'public' | 'admin' | 'refused';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Checks an Authorization header against the token. Both sides are hashed first, so the compare
 * takes the same time whatever the length or content of the guess.
 */
export function adminAccess(authorization: string | undefined, token: string | undefined): Access {
  if (authorization === undefined) return 'public';
  const m = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!m || !token) return 'refused';
  return timingSafeEqual(digest(m[1]), digest(token)) ? 'admin' : 'refused';
}
