import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundServer } from '../../server/createServer.js';
import { joinRoom, startServer, type TestClient } from './helpers.js';

const TOKEN = 'an-admin-token-of-some-length';

describe('/healthz', () => {
  let server: PlaygroundServer;
  let bare: PlaygroundServer;
  let member: TestClient;
  const health = (base: string, token?: string) =>
    fetch(`${base}/healthz`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    server = await startServer({ adminToken: TOKEN });
    bare = await startServer({ adminToken: undefined });
    member = await joinRoom(server.url, 'secret-class-7', { name: 'Ada' });
  });
  afterAll(async () => {
    member.close();
    await Promise.all([server.close(), bare.close()]);
  });

  it('tells anyone ok, the version and totals, but no room ids', async () => {
    const res = await health(server.url);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('secret-class-7');
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ ready: true, status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), protocol: 1 });
    expect(body.totals).toMatchObject({ rooms: 1, participants: 1 });
    expect(body).not.toHaveProperty('rooms');
  });

  it('lists the rooms for the admin token', async () => {
    const res = await health(server.url, TOKEN);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rooms: { id: string; participants: number }[]; totals: unknown };
    expect(body.rooms).toEqual([expect.objectContaining({ id: 'secret-class-7', participants: 1 })]);
    expect(body.totals).toMatchObject({ rooms: 1 });
  });

  it('refuses a wrong token with 401 and no details', async () => {
    for (const wrong of [`${TOKEN}x`, TOKEN.slice(0, -1), '', 'x'.repeat(TOKEN.length)]) {
      const res = await health(server.url, wrong);
      expect(res.status, wrong).toBe(401);
      expect(await res.text()).not.toContain('secret-class-7');
    }
    const basic = await fetch(`${server.url}/healthz`, { headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
  });

  it('gives no details at all when no admin token is set', async () => {
    const guest = await joinRoom(bare.url, 'open-class-3', { name: 'Bo' });
    try {
      for (const token of [undefined, '', 'undefined', 'null']) {
        const res = await health(bare.url, token);
        expect(await res.text()).not.toContain('open-class-3');
      }
    } finally {
      guest.close();
    }
  });
});
