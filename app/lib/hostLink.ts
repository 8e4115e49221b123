/**
 * Host rights travel with a host link, `/r/<room>?host=<key>`: a teacher who opens the room again
 * on another address (the LAN one, another laptop) stays its host. The key is stored in this
 * browser and taken out of the address bar at once, so it is not projected or shared by accident.
 */
import { tokenSchema } from '../../shared/protocol';
import type { BrowserStorage } from './browserStorage';


/** True for a string shaped like a host key. */
export function isHostKey(key: string | null | undefined): key is string {
  return typeof key === 'string' && tokenSchema.safeParse(key).success;
}

/** The host link of a room at a given origin. */
export function hostLinkUrl(origin: string, room: string, key: string): string {
  return `${origin}/r/${room}?host=${encodeURIComponent(key)}`;
}

/**
 * Stores the `host` key of the current address for `room` and removes it from the address bar
 * (keeping any `#z=` point). Returns true when a key was taken.
 */
export function absorbHostLink(room: string, storage: BrowserStorage, loc: Location = window.location, history: History = window.history): boolean {
  const url = new URL(loc.href);
  const key = url.searchParams.get('host');
  if (key === null) return false;
  url.searchParams.delete('host');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  if (!isHostKey(key)) return false;
  storage.setHostKey(room, key);
  return true;
}
