import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { setPageHeaders, type PageHeaderOptions } from '../../server/http/pageHeaders.js';
import { PAGE_HEADERS } from '../../shared/sharing.js';

/** The parts of a request setPageHeaders reads. */
function request(url: string, headers: Record<string, string> = {}, peer = '10.0.0.5'): IncomingMessage {
  return { url, headers: { ...headers }, socket: { remoteAddress: peer } } as unknown as IncomingMessage;
}

const rooms: PageHeaderOptions = { roomModel: (id) => (id === 'gentle-gecko-79' ? 'vae' : undefined), trustProxy: [] };

describe('page headers for the room pages', () => {
  it("gives a room page its room's model and the address it was asked at", () => {
    const req = request('/r/gentle-gecko-79?host=abc', { host: 'class.example:3000' });
    setPageHeaders(req, rooms);
    expect(req.headers[PAGE_HEADERS.roomModel]).toBe('vae');
    expect(req.headers[PAGE_HEADERS.publicBase]).toBe('http://class.example:3000');
    const present = request('/r/Gentle-Gecko-79/present', { host: 'class.example' });
    setPageHeaders(present, rooms);
    expect(present.headers[PAGE_HEADERS.roomModel]).toBe('vae');
  });

  it('drops the headers a client sends itself, on every page', () => {
    const spoofed = { [PAGE_HEADERS.roomModel]: 'ae', [PAGE_HEADERS.publicBase]: 'https://evil.example', host: 'class.example' };
    const room = request('/r/gentle-gecko-79', spoofed);
    setPageHeaders(room, rooms);
    expect(room.headers[PAGE_HEADERS.roomModel]).toBe('vae');
    expect(room.headers[PAGE_HEADERS.publicBase]).toBe('http://class.example');
    const unknown = request('/r/no-such-room', spoofed);
    setPageHeaders(unknown, rooms);
    expect(unknown.headers[PAGE_HEADERS.roomModel]).toBeUndefined();
    const start = request('/', spoofed);
    setPageHeaders(start, rooms);
    expect(start.headers[PAGE_HEADERS.roomModel]).toBeUndefined();
    expect(start.headers[PAGE_HEADERS.publicBase]).toBeUndefined();
  });

  it('prefers PUBLIC_URL to the Host header, and gives no address for a Host that is not a host', () => {
    const req = request('/r/gentle-gecko-79', { host: 'internal:3000' });
    setPageHeaders(req, { ...rooms, publicUrl: 'https://play.example.org' });
    expect(req.headers[PAGE_HEADERS.publicBase]).toBe('https://play.example.org');
    for (const host of ['evil.example/"><script>', 'a b', '', 'x'.repeat(300)]) {
      const bad = request('/r/gentle-gecko-79', { host });
      setPageHeaders(bad, rooms);
      expect(bad.headers[PAGE_HEADERS.publicBase]).toBeUndefined();
    }
  });

  it('reads X-Forwarded-Proto only from a trusted proxy', () => {
    const viaProxy = request('/r/gentle-gecko-79', { host: 'play.example', 'x-forwarded-proto': 'https' }, '127.0.0.1');
    setPageHeaders(viaProxy, { ...rooms, trustProxy: ['127.0.0.1'] });
    expect(viaProxy.headers[PAGE_HEADERS.publicBase]).toBe('https://play.example');
    const direct = request('/r/gentle-gecko-79', { host: 'play.example', 'x-forwarded-proto': 'https' }, '10.0.0.9');
    setPageHeaders(direct, { ...rooms, trustProxy: ['127.0.0.1'] });
    expect(direct.headers[PAGE_HEADERS.publicBase]).toBe('http://play.example');
  });
});
