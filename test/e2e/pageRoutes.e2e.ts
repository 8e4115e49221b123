/**
 * Requests the web app cannot route, sent over a raw socket to the real server (Next included):
 * each gets a 400 with a JSON error, never a 500, and the pages still serve.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

/** Sends one request line as is (fetch would normalise it) and returns the status and body. */
function rawRequest(requestLine: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => {
      socket.write(`${requestLine}\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
    });
    let raw = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (raw += d));
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
      resolve({ status, body: raw.slice(raw.indexOf('\r\n\r\n') + 4) });
    });
    socket.on('error', reject);
    socket.setTimeout(30_000, () => socket.destroy(new Error(`no answer to ${requestLine}`)));
  });
}

describe('page routes', () => {
  it('answer 400 to an asterisk-form GET or OPTIONS', async () => {
    for (const line of ['GET * HTTP/1.1', 'OPTIONS * HTTP/1.1']) {
      const res = await rawRequest(line);
      expect(res.status, line).toBe(400);
      expect(res.body, line).toContain('"bad_request"');
    }
  });

  it('answer 400 to malformed percent-encoding in the path', async () => {
    for (const path of ['/r/%E0%A4%A', '/r/%E0%A4%A/present', '/r/%FF', '/r/%C0%AF', '/%ZZ']) {
      const res = await rawRequest(`GET ${path} HTTP/1.1`);
      expect(res.status, path).toBe(400);
      expect(res.body, path).toContain('"bad_request"');
    }
  });

  it('still serve the pages and the API', async () => {
    expect((await rawRequest('GET /r/good-room-1 HTTP/1.1')).status).toBe(200);
    expect((await rawRequest('GET /r/good-room-1/present HTTP/1.1')).status).toBe(200);
    expect((await rawRequest('GET /healthz HTTP/1.1')).status).toBe(200);
    expect((await rawRequest('GET /r/caf%C3%A9 HTTP/1.1')).status).not.toBe(500);
  });
});
