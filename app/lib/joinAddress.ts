/**
 * Which address to give a class. A phone cannot open `localhost` or `127.0.0.1`: PUBLIC_URL wins
 * when set; otherwise a page opened on a loopback address shows the server's LAN address; with
 * neither, the page's own address, with a warning in plain words.
 */
import type { ServerInfo } from '../../shared/serverInfo';

export type JoinSource = 'public' | 'page' | 'lan' | 'loopback';

export interface JoinBase {
  /** `http(s)://host[:port]` to put in front of `/r/<room>`. */
  origin: string;
  source: JoinSource;
  /** Why this address, for the presenter; a warning when phones cannot use it. */
  note: string | null;
}

/** localhost, 127.x.x.x, [::1] and *.localhost name this computer only. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export function chooseJoinBase(pageOrigin: string, info: ServerInfo | null): JoinBase {
  if (info?.publicUrl) return { origin: info.publicUrl, source: 'public', note: 'Address set by PUBLIC_URL.' };
  const host = new URL(pageOrigin).hostname;
  if (!isLoopbackHost(host)) return { origin: pageOrigin, source: 'page', note: null };
  const lan = info?.lanUrls[0];
  if (lan) {
    return { origin: lan, source: 'lan', note: `This computer's network address (phones cannot open ${host}).` };
  }
  return {
    origin: pageOrigin,
    source: 'loopback',
    note: `Phones cannot open ${host} (it means “this computer”). Serve the network (leave HOST unset) or set PUBLIC_URL.`,
  };
}
