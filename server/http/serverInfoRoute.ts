/**
 * `GET /api/server-info`: the addresses to share with a class. A teacher who opened the app on
 * 127.0.0.1 would otherwise show a QR code no phone can open; the server knows its own network
 * interfaces, the page does not.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import type { ServerInfo } from '../../shared/serverInfo.js';
import { sendJson } from './respond.js';

export interface ServerInfoOptions {
  /** The PUBLIC_URL setting (already checked), or undefined. */
  publicUrl?: string;
  /** The interface the server listens on; undefined, 0.0.0.0 or :: mean all of them. */
  host?: string;
  /** For tests: the interfaces to report instead of the machine's. */
  interfaces?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

const ALL = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = /^(127\.|::1$|localhost$)/i;

/** The non-loopback IPv4 addresses a phone on the same network could reach, in interface order. */
export function lanAddresses(opts: ServerInfoOptions): string[] {
  const host = opts.host ?? '';
  if (!ALL.has(host)) return LOOPBACK.test(host) ? [] : [host];
  const all = Object.values((opts.interfaces ?? os.networkInterfaces)()).flat();
  // Link-local (169.254.x) addresses are what a machine gives itself without a network.
  return all.filter((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')).map((a) => a!.address);
}

/** The route's handler; the port comes from the connection the request arrived on. */
export function serverInfoHandler(opts: ServerInfoOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const port = req.socket.localPort;
    const body: ServerInfo = {
      publicUrl: opts.publicUrl ?? null,
      lanUrls: lanAddresses(opts).slice(0, 16).map((a) => `http://${a.includes(':') ? `[${a}]` : a}:${port}`),
    };
    sendJson(res, 200, body, { 'cache-control': 'no-store' });
  };
}
