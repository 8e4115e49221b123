import { afterEach, describe, expect, it } from 'vitest';
import type { PlaygroundServer } from '../../server/createServer.js';
import { optionsFromEnv, resolveOptions } from '../../server/config.js';
import { lanAddresses } from '../../server/http/serverInfoRoute.js';
import { serverInfoSchema } from '../../shared/serverInfo.js';
import { startServer } from './helpers.js';

const iface = (address: string, internal = false) => ({ address, family: 'IPv4' as const, internal, netmask: '', mac: '', cidr: null });

describe('GET /api/server-info', () => {
  let server: PlaygroundServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('answers PUBLIC_URL and no LAN address when the server listens on loopback only', async () => {
    server = await startServer({ publicUrl: 'http://class.example:8080/' });
    const res = await fetch(`${server.url}/api/server-info`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = serverInfoSchema.parse(await res.json());
    expect(body).toEqual({ publicUrl: 'http://class.example:8080', lanUrls: [] });
  });

  it('lists the LAN addresses with the port the request came in on when listening on every interface', async () => {
    server = await startServer({ host: '0.0.0.0' });
    const body = serverInfoSchema.parse(await (await fetch(`http://127.0.0.1:${server.port}/api/server-info`)).json());
    expect(body.publicUrl).toBeNull();
    for (const url of body.lanUrls) expect(url).toMatch(new RegExp(`^http://\\d+\\.\\d+\\.\\d+\\.\\d+:${server.port}$`));
    expect(body.lanUrls).toEqual(lanAddresses({ host: '0.0.0.0' }).map((a) => `http://${a}:${server!.port}`));
  });
});

describe('the LAN addresses', () => {
  const interfaces = () => ({ lo: [iface('127.0.0.1', true)], eth0: [iface('192.168.1.20')], wlan0: [iface('169.254.3.4'), iface('10.0.0.7')] });

  it('skip loopback and link-local interfaces', () => {
    expect(lanAddresses({ interfaces })).toEqual(['192.168.1.20', '10.0.0.7']);
  });

  it('are only the listening address when the server is bound to one, and none for loopback', () => {
    expect(lanAddresses({ host: '192.168.1.20', interfaces })).toEqual(['192.168.1.20']);
    expect(lanAddresses({ host: '127.0.0.1', interfaces })).toEqual([]);
  });
});

describe('the PUBLIC_URL setting', () => {
  it('is read from the environment and refuses anything but an http(s) origin', () => {
    const env = (PUBLIC_URL: string) => ({ PUBLIC_URL }) as unknown as NodeJS.ProcessEnv;
    expect(resolveOptions(optionsFromEnv(env('https://lab.school.example/'))).publicUrl).toBe('https://lab.school.example');
    expect(() => resolveOptions(optionsFromEnv(env('ftp://x')))).toThrow(/PUBLIC_URL must be an http/);
    expect(() => resolveOptions(optionsFromEnv(env('http://x/some/path')))).toThrow(/PUBLIC_URL/);
  });
});
