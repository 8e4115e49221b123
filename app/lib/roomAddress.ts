/**
 * Room codes in addresses are case-insensitive: `/r/Gentle-Gecko-79` is the room
 * `gentle-gecko-79` (a code read off a projector is often typed with capitals).
 */
import { ROOM_ID_PATTERN } from '../../shared/protocol';

/** The room id an address segment names, or null when it cannot be one. */
export function canonicalRoom(segment: string): string | null {
  let text: string;
  try {
    text = decodeURIComponent(segment);
  } catch {
    return null;
  }
  const id = text.trim().toLowerCase();
  return ROOM_ID_PATTERN.test(id) ? id : null;
}

/** `?a=1&b=2` from a page's search params (for a redirect that keeps them), or ''. */
export function queryOf(params: Record<string, string | string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) q.append(k, one);
  const s = q.toString();
  return s ? `?${s}` : '';
}
