/**
 * Slow readers and chatter over real sockets: a client that stops reading is disconnected once
 * too much is queued for it, and one client cannot make its room chatter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import { joinRoom, sleep, startServer, waitFor } from './helpers.js';

let server: PlaygroundServer;
beforeAll(async () => {
  server = await startServer({ slowReaders: { maxBufferedBytes: 4096, overForMs: 300, checkEveryMs: 50 } });
});
afterAll(async () => {
  await server.close();
});

/**
 * A long-polling engine.io client written by hand, so that it can stop polling: whatever the server
 * sends it then waits in the server's engine.io write buffer.
 */
async function pollingClient(url: string) {
  const base = `${url}/socket.io/?EIO=4&transport=polling`;
  const open = await (await fetch(base)).text();
  const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
  const endpoint = `${base}&sid=${sid}`;
  const post = async (...packets: string[]) => {
    const res = await fetch(endpoint, { method: 'POST', body: packets.join('\x1e') });
    if (!res.ok) throw new Error(`POST ${res.status}`);
  };
  const poll = async () => (await fetch(endpoint, { signal: AbortSignal.timeout(5000) })).text();
  await post('40');
  await poll(); // the namespace's connect answer; from now on nobody polls
  return { post, poll };
}

describe('a client that stops reading', () => {
  it('is disconnected with a notice once it has more than its cap queued for a while', async () => {
    const others = await joinRoom(server.url, 'poll-room', { name: 'Reader' });
    const slow = await pollingClient(server.url);
    await slow.post(`420${JSON.stringify(['join', { protocol: PROTOCOL_VERSION, room: 'poll-room', name: 'Sleeper' }])}`);
    const sleeper = () => server.manager.get('poll-room')?.snapshot().participants.find((p) => p.name === 'Sleeper');
    await waitFor(() => sleeper()?.connected, 2000, 'the sleeper to join');
    // Each ping's answer waits in its queue: about 50 bytes each.
    await slow.post(...Array.from({ length: 100 }, (_, i) => `42${i + 1}${JSON.stringify(['ping', { t: i }])}`));
    await waitFor(() => server.metrics.slowReaders === 1, 3000, 'the slow reader to be disconnected');
    expect(sleeper()?.connected).toBe(false);
    expect(others.socket.connected).toBe(true);
    expect(await slow.poll()).toContain('slow_reader');
    others.close();
  });
});

describe('a chatty client', () => {
  it('is refused renames beyond the request limit, and its room gets a few snapshots, the latest last', async () => {
    const chatty = await joinRoom(server.url, 'chat-room', { name: 'Chatty' });
    const listener = await joinRoom(server.url, 'chat-room', { name: 'Listener' });
    await sleep(300);
    listener.rooms.length = 0;
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => chatty.emit('rename', { name: `Chatty ${i}` })));
    const refused = answers.filter((a) => !a.ok).map((a) => !a.ok && a.error.code);
    expect(refused.length).toBeGreaterThan(15);
    expect(new Set(refused)).toEqual(new Set(['rate_limited']));
    const last = answers.filter((a) => a.ok).at(-1);
    await waitFor(() => listener.rooms.at(-1)?.participants.some((p) => p.name === (last?.ok && last.you.name)), 2000, 'the latest name');
    expect(listener.rooms.length).toBeLessThanOrEqual(3);
    chatty.close();
    listener.close();
  });
});
