/**
 * A challenge round over real socket.io with the shipped VAE and digit classifier: a student steered
 * onto a 7 wins "find a 7", the round is in the room's history (`GET /api/rooms/:room/rounds`), and a
 * server restarted on the same SQLite file still has it: the returning student gets the room's
 * leaderboard with their points at the join.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PlaygroundServer } from '../../server/createServer.js';
import { PROTOCOL_VERSION, ServerEvent, type JoinResult, type RegionsResponse, type RoundState } from '../../shared/protocol.js';
import { connect, startServer, steer, tempDbFile, waitFor, type TestClient } from './helpers.js';

let server: PlaygroundServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await server?.close();
  server = undefined;
});

/** Joins with a listener for `round` in place first (the state comes with the join). */
async function joinWithRounds(url: string, room: string, extra: Record<string, unknown> = {}) {
  const c = await connect(url);
  clients.push(c);
  const rounds: RoundState[] = [];
  c.socket.on(ServerEvent.round, (r: RoundState) => rounds.push(r));
  const ack = await c.emit('join', { protocol: PROTOCOL_VERSION, room, model: 'vae', ...extra });
  if (!ack.ok) throw new Error(ack.error.message);
  return Object.assign(c, { joined: ack as JoinResult, rounds });
}

/** The regions cell the classifier is surest is a 7. */
async function aSeven(url: string): Promise<[number, number]> {
  const r = (await (await fetch(`${url}/api/models/vae/regions?n=32&range=3`)).json()) as RegionsResponse;
  let best = -1;
  r.labels.forEach((l, i) => {
    if (l === 7 && (best < 0 || r.confidence[i] > r.confidence[best])) best = i;
  });
  expect(r.confidence[best]).toBeGreaterThan(0.95);
  return [r.xMin + ((best % r.n) * (r.xMax - r.xMin)) / (r.n - 1), r.yMax - (Math.floor(best / r.n) * (r.yMax - r.yMin)) / (r.n - 1)];
}

describe('challenge rounds between real clients', () => {
  it('keeps a finished round in the room’s history and its leaderboard over a restart', async () => {
    const dbFile = tempDbFile();
    server = await startServer({ dbFile });
    const host = await joinWithRounds(server.url, 'round-int');
    const ada = await joinWithRounds(server.url, 'round-int', { name: 'Ada' });
    expect(host.joined.you.host).toBe(true);
    await steer(ada, await aSeven(server.url), 1);
    const start = await host.emit('round:start', { kind: 'find', target: 7, seconds: 5 });
    expect(start.ok).toBe(true);
    // Ada is the only player: holding her 7 for a second ends the round ('all').
    const done = await waitFor(() => ada.rounds.find((r) => r.phase === 'done' && r.id !== null), 10_000, 'the round to end');
    expect(done).toMatchObject({ ended: 'all', winners: [ada.joined.you.id], kind: 'find', target: 7 });
    const points = done.players[0].points;
    expect(points).toBeGreaterThan(500);
    expect(done.leaderboard).toEqual([{ name: 'Ada', points, last: points, id: ada.joined.you.id }]);

    const history = async () => (await (await fetch(`${server!.url}/api/rooms/round-int/rounds`)).json()) as { rounds: Record<string, unknown>[] };
    const before = await history();
    expect(before.rounds).toHaveLength(1);
    expect(before.rounds[0]).toMatchObject({ id: done.id, kind: 'find', target: 7, ended: 'all', results: [{ name: 'Ada', points }] });
    expect(JSON.stringify(before)).not.toContain('session');
    expect((await fetch(`${server.url}/api/rooms/no-such-room/rounds`)).status).toBe(404);

    clients.splice(0).forEach((c) => c.close());
    await server.close();
    server = await startServer({ dbFile });
    const back = await joinWithRounds(server.url, 'round-int', { name: 'Ada', session: ada.joined.session });
    const first = await waitFor(() => back.rounds[0], 5000, 'the round state at the join');
    expect(first).toMatchObject({ id: null, players: [], leaderboard: [{ name: 'Ada', points, last: points, id: back.joined.you.id }] });
    expect(await history()).toEqual(before);
  });
});
