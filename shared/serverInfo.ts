/**
 * What `GET /api/server-info` answers: the addresses at which phones can reach this server, so a
 * page opened on a loopback address can still show a QR code a phone can open. Kept beside the
 * protocol module until that module takes it in; server and app import it from here.
 */
import { z } from 'zod';

/** `http(s)://host[:port]` without a path; a trailing slash is dropped. */
export const originSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/\/+$/, ''))
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && (u.pathname === '/' || u.pathname === '');
    } catch {
      return false;
    }
  }, 'must be an http(s) URL like http://192.168.1.20:3000');

export const serverInfoSchema = z.object({
  /** The PUBLIC_URL setting, or null. When set it is the address to share, whatever else holds. */
  publicUrl: originSchema.nullable(),
  /** `http://<address>:<port>` for each non-loopback IPv4 interface the server listens on. */
  lanUrls: z.array(originSchema).max(16),
});

export type ServerInfo = z.infer<typeof serverInfoSchema>;
