/**
 * The address a request counts against for rate limits. The socket's peer, unless that peer is a
 * configured reverse proxy (TRUST_PROXY): then the nearest X-Forwarded-For entry the trusted
 * proxies did not add. Anyone can write X-Forwarded-For, so it is never read from other peers.
 * IPv6 clients count by their /64, the block a single household or phone is given.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** `::ffff:1.2.3.4` is the IPv4 client 1.2.3.4 on a dual-stack socket. */
function plain(address: string): string {
  const a = address.trim();
  return a.toLowerCase().startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/** The first four groups of an IPv6 address, expanded (`2001:db8::1` -> `2001:db8:0:0::/64`). */
function prefix64(address: string): string {
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function bucketKey(address: string): string {
  return isIP(address) === 6 ? prefix64(address) : address;
}

/** Whether the request's peer is one of the configured reverse proxies (so its X-Forwarded-* may be read). */
export function fromTrustedProxy(req: IncomingMessage, trustedProxies: readonly string[]): boolean {
  const peer = plain(req.socket.remoteAddress ?? 'unknown');
  return trustedProxies.some((p) => plain(p) === peer);
}

/** The rate-limit key of a request: an IPv4 address or an IPv6 /64. */
export function clientAddress(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = plain(req.socket.remoteAddress ?? 'unknown');
  const trusted = new Set(trustedProxies.map(plain));
  if (!trusted.has(peer)) return bucketKey(peer);
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map(plain).filter(Boolean);
  // Each proxy appends the address it saw: walk back from the nearest, past our own proxies.
  for (let i = hops.length - 1; i >= 0; i--) {
    if (trusted.has(hops[i])) continue;
    return isIP(hops[i]) ? bucketKey(hops[i]) : bucketKey(peer);
  }
  return bucketKey(peer);
}
