/**
 * What the server tells the Next pages about a request, in headers (PAGE_HEADERS): a room page's
 * metadata names the room's model and links its preview by absolute URL, and only the server
 * knows the rooms and the address it is reached at. Clients' own copies of these headers are
 * dropped first, so a request cannot make a page claim another model or link elsewhere.
 */
import type { IncomingMessage } from 'node:http';
import type { ModelKind } from '../../shared/constants.js';
import { ROOM_ID_PATTERN } from '../../shared/protocol.js';
import { PAGE_HEADERS } from '../../shared/sharing.js';
import { fromTrustedProxy } from './clientAddress.js';

export interface PageHeaderOptions {
  /** The model of an existing room, or undefined. */
  roomModel(id: string): ModelKind | undefined;
  /** PUBLIC_URL (checked); when set, pages are shared under it whatever Host the request had. */
  publicUrl?: string;
  /** TRUST_PROXY: X-Forwarded-Proto is read only from these peers. */
  trustProxy: readonly string[];
}

/** `/r/<room>` and `/r/<room>/present`, any case (the page redirects to lower case). */
const ROOM_PAGE = /^\/r\/([^/]+)(?:\/present)?\/?$/;
/** A host name or bracketed IPv6 address, with an optional port: nothing that could break out of a URL. */
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The absolute address the page was asked at, or undefined for a Host header that is not one. */
function requestBase(req: IncomingMessage, trustProxy: readonly string[]): string | undefined {
  const host = req.headers.host;
  if (!host || host.length > 255 || !HOST.test(host)) return undefined;
  const forwarded = fromTrustedProxy(req, trustProxy) ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() : '';
  const https = forwarded === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${https ? 'https' : 'http'}://${host.toLowerCase()}`;
}

function roomOf(pathname: string): string | undefined {
  const m = ROOM_PAGE.exec(pathname);
  if (!m) return undefined;
  try {
    const id = decodeURIComponent(m[1]).trim().toLowerCase();
    return ROOM_ID_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Sets (or clears) the page headers on a request before Next handles it. */
export function setPageHeaders(req: IncomingMessage, o: PageHeaderOptions): void {
  for (const name of Object.values(PAGE_HEADERS)) delete req.headers[name];
  const q = (req.url ?? '/').indexOf('?');
  const room = roomOf(q === -1 ? (req.url ?? '/') : (req.url ?? '/').slice(0, q));
  if (!room) return;
  const model = o.roomModel(room);
  if (model) req.headers[PAGE_HEADERS.roomModel] = model;
  const base = o.publicUrl ?? requestBase(req, o.trustProxy);
  if (base) req.headers[PAGE_HEADERS.publicBase] = base.replace(/\/+$/, '');
}
