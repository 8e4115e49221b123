/**
 * Session tokens and host keys. Only SHA-256 hashes of host keys are stored, so a leaked database
 * does not hand out host rights; keys are 192 random bits, so a plain hash is enough (no KDF).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh URL-safe random token (32 characters, matches the protocol's token pattern). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Hex SHA-256 of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when `token` hashes to `hash`, compared in constant time. */
export function tokenMatches(token: string | undefined, hash: string | null | undefined): boolean {
  if (!token || !hash) return false;
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A short random id for paths (`p-` and 10 base-36 characters). */
export function newPathId(): string {
  const n = randomBytes(8).readBigUInt64BE() % 36n ** 10n;
  return `p-${n.toString(36).padStart(10, '0')}`;
}
