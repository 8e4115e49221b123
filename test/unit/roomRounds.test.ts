/**
 * Challenge rounds in-process: a fake decoder whose classifier is a rule on z (x >= 3 is a clear 7,
 * x <= -3 a uniform blend), the hand clock, fake connections. The real classifier's own test is
 * roundKnownSeven.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoundState } from '../../shared/protocol.js';
import { createFakeDecoder, createRoomTestServer, type RoomTestServer, type TestConnection } from '../helpers/roomTestServer.js';

let server: RoomTestServer;
afterEach(() => server?.close());

const SEVEN: [number, number] = [3.5, 0];
const BLEND: [number, number] = [-3.5, 0];
const NOTHING: [number, number] = [0, 0];

function setup(dbFile?: string) {
  const decoder = createFakeDecoder();
  decoder.probsAt = ([x]) => {
    if (x >= 3) return [0, 0, 0, 0, 0, 0, 0, 0.95, 0.05, 0];
    if (x <= -3) return new Array<number>(10).fill(0.1);
    return [0.9, 0.02, 0.02, 0.02, 0.02, 0.02, 0, 0, 0, 0];
  };
  server = createRoomTestServer({ decoder, dbFile });
  return { server, decoder };
}

let seq = 1;
const move = (c: TestConnection, z: [number, number]) => c.request('cursor', { z, seq: seq++ });
const last = (c: TestConnection): RoundState => c.rounds.at(-1)!;

async function classOf(room: string, n: number) {
  const host = await server.joined(room);
  const students = [];
  for (let i = 0; i < n; i++) students.push(await server.joined(room, { name: `s${i}` }));
  return { host, students };
}

/** Ticks `ms` of room time in 50 ms steps. */
async function run(ms: number) {
  for (let t = 0; t < ms; t += 50) await server.tick(50);
}

describe('a find round', () => {
  it('is won by the first student to hold p(target) >= 0.9 for one second, and only they win', async () => {
    setup();
    const { host, students: [a, b] } = await classOf('find-room', 2);
    await move(a, SEVEN);
    await move(b, NOTHING);
    const start = await host.request('round:start', { kind: 'find', target: 7 });
    expect(start.ok && start.round.phase).toBe('running');
    await run(1200);
    const state = last(host);
    expect(state.winners).toEqual([a.you.id]);
    expect(state.players.find((p) => p.id === a.you.id)?.reachedMs).toBeGreaterThanOrEqual(1000);
    expect(state.players.find((p) => p.id === b.you.id)).toMatchObject({ reachedMs: null, points: 0 });
    expect(state.players.find((p) => p.id === b.you.id)?.value).toBeCloseTo(0);
  });

  it('needs the digit held: leaving it before one second resets the hold', async () => {
    setup();
    const { host, students: [a] } = await classOf('hold-room', 1);
    await move(a, SEVEN);
    await host.request('round:start', { kind: 'find', target: 7 });
    await run(700);
    await move(a, NOTHING);
    await run(200);
    await move(a, SEVEN);
    await run(700);
    expect(last(host).winners).toEqual([]);
    await run(600);
    expect(last(host).winners).toEqual([a.you.id]);
  });

  it('gives the win to both students who reach it at the same tick (a tie), and ends once everyone has', async () => {
    setup();
    const { host, students: [a, b] } = await classOf('tie-room', 2);
    await move(a, SEVEN);
    await move(b, [4, 1]);
    await host.request('round:start', { kind: 'find', target: 7 });
    await run(1500);
    const state = last(host);
    expect(state.winners.sort()).toEqual([a.you.id, b.you.id].sort());
    expect(state.phase).toBe('done');
    expect(state.ended).toBe('all');
    expect(state.players[0].points).toBe(state.players[1].points);
  });

  it('gives more points to who found it faster', async () => {
    setup();
    const { host, students: [a, b, c] } = await classOf('speed-room', 3);
    await move(a, SEVEN);
    await move(b, NOTHING);
    await move(c, NOTHING);
    await host.request('round:start', { kind: 'find', target: 7, seconds: 10 });
    await run(3000);
    await move(b, SEVEN);
    await run(3000);
    await server.tick(5000);
    const state = last(host);
    expect(state.phase).toBe('done');
    const points = (id: number) => state.players.find((p) => p.id === id)!.points;
    expect(points(a.you.id)).toBeGreaterThan(points(b.you.id));
    expect(points(b.you.id)).toBeGreaterThan(0);
    expect(points(c.you.id)).toBe(0);
    expect(state.leaderboard.map((e) => e.name)).toEqual(['s0', 's1', 's2']);
  });

  it('ends when the host stops it, with the points earned so far; students may not stop or start one', async () => {
    setup();
    const { host, students: [a, b] } = await classOf('stop-room', 2);
    await move(a, SEVEN);
    await host.request('round:start', { kind: 'find', target: 7 });
    const refused = await b.request('round:stop', {});
    expect(!refused.ok && refused.error.code).toBe('not_host');
    expect((await b.request('round:start', {})).ok).toBe(false);
    await run(1200);
    const stopped = await host.request('round:stop', {});
    expect(stopped.ok && stopped.round).toMatchObject({ phase: 'done', ended: 'stopped', winners: [a.you.id] });
    const again = await host.request('round:stop', {});
    expect(!again.ok && again.error.code).toBe('not_allowed');
  });

  it('stands still while the class is paused: no time runs out, nothing is scored, and it goes on after', async () => {
    setup();
    const { host, students: [a] } = await classOf('pause-room', 1);
    await move(a, NOTHING);
    await host.request('round:start', { kind: 'find', target: 7, seconds: 5 });
    await run(2000);
    await host.request('host', { action: 'pause', paused: true });
    await run(100);
    const atPause = last(host);
    expect(atPause).toMatchObject({ phase: 'running', paused: true });
    // Steering is refused while paused, and time goes by.
    expect((await move(a, SEVEN)).ok).toBe(false);
    await run(10_000);
    expect(last(host)).toMatchObject({ phase: 'running', paused: true, winners: [], remainingMs: atPause.remainingMs });
    await host.request('host', { action: 'pause', paused: false });
    await run(100);
    const resumed = last(host);
    expect(resumed).toMatchObject({ phase: 'running', paused: false });
    expect(resumed.remainingMs).toBeGreaterThan(atPause.remainingMs - 200);
    await move(a, SEVEN);
    await run(1200);
    // Found after about 2 s of round time and a 1 s hold, the 10 s pause not counted.
    const found = last(host).players.find((p) => p.id === a.you.id)!;
    expect(found.reachedMs).toBeGreaterThanOrEqual(3000);
    expect(found.reachedMs).toBeLessThan(3500);
    await run(3000);
    expect(last(host)).toMatchObject({ phase: 'done', ended: 'all', paused: false });
  });

  it('drops a student who leaves mid-round, and the round goes on for the others', async () => {
    setup();
    const { host, students: [a, b] } = await classOf('leave-room', 2);
    await move(a, NOTHING);
    await move(b, SEVEN);
    await host.request('round:start', { kind: 'find', target: 7, seconds: 5 });
    await run(200);
    a.disconnect();
    await server.tick(2 * 60_000 + 1); // the reconnect grace ends: a is removed
    expect(last(host).players.map((p) => p.id)).toEqual([b.you.id]);
    await run(1200);
    expect(last(host)).toMatchObject({ phase: 'done', ended: 'all', winners: [b.you.id] });
  });

  it('sends the tick’s frames before the classifier answers, and scores from its verdict at the next tick', async () => {
    const { decoder } = setup();
    const { host, students: [a] } = await classOf('latency-room', 1);
    await move(a, NOTHING);
    await host.request('round:start', { kind: 'find', target: 7, seconds: 20 });
    await server.tick();
    decoder.holdClassify();
    await move(a, SEVEN);
    const frames = a.entries().length;
    const ticking = server.tick();
    // The frame of the move is out while its classification still waits.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(a.entries().length).toBeGreaterThan(frames);
    expect(a.entries().filter((e) => e.id === a.you.id).at(-1)?.pixels.length).toBe(784);
    decoder.release();
    await ticking;
    await run(600); // the round's next progress message
    expect(last(host).players[0].value).toBeCloseTo(0.95);
  });

  it('classifies at the tick only while a round runs', async () => {
    const { decoder } = setup();
    const { host, students: [a] } = await classOf('classify-room', 1);
    await move(a, NOTHING);
    await server.tick();
    expect(decoder.classified).toBe(0);
    await host.request('round:start', { kind: 'find', target: 7, seconds: 5 });
    await server.tick(); // the digit decoded before the round is classified, not decoded again
    expect(decoder.classified).toBe(1);
    expect(decoder.calls).toHaveLength(1);
    await server.tick(); // nothing new to judge
    expect(decoder.classified).toBe(1);
    await host.request('round:stop', {});
    await move(a, SEVEN);
    await server.tick();
    expect(decoder.classified).toBe(1);
    expect(decoder.calls).toHaveLength(2);
  });
});

describe('the other variants', () => {
  it('the ambiguous round is won by the digit with the highest entropy at the end', async () => {
    setup();
    const { host, students: [a, b] } = await classOf('blend-room', 2);
    await move(a, BLEND);
    await move(b, SEVEN);
    await host.request('round:start', { kind: 'ambiguous', seconds: 5 });
    await run(5100);
    const state = last(host);
    expect(state).toMatchObject({ phase: 'done', ended: 'time', winners: [a.you.id] });
    expect(state.players.find((p) => p.id === a.you.id)?.points).toBe(1000);
  });

  it('the lookalike round puts the digits the classifier calls X to the class vote', async () => {
    setup();
    const { host, students: [a, b, c] } = await classOf('vote-room', 3);
    await move(a, SEVEN);
    await move(b, [3.2, 1]);
    await move(c, NOTHING);
    await host.request('round:start', { kind: 'lookalike', target: 7, looksLike: 1, seconds: 5 });
    await run(5100);
    const voting = last(host);
    expect(voting.phase).toBe('voting');
    expect(voting.candidates.map((x) => x.id).sort()).toEqual([a.you.id, b.you.id].sort());
    expect(Buffer.from(voting.candidates[0].frame, 'base64')).toHaveLength(784);
    expect((await a.request('round:vote', { cursor: a.you.id })).ok).toBe(false);
    expect((await c.request('round:vote', { cursor: c.you.id })).ok).toBe(false);
    expect((await a.request('round:vote', { cursor: b.you.id })).ok).toBe(true);
    expect((await c.request('round:vote', { cursor: b.you.id })).ok).toBe(true);
    await run(15_100);
    expect(last(host)).toMatchObject({ phase: 'done', winners: [b.you.id] });
    expect(last(host).players.find((p) => p.id === b.you.id)?.points).toBe(400);
    // The history keeps what the digit was to look like, and the votes' points.
    const [stored] = server.store.rounds.list('vote-room');
    expect(stored).toMatchObject({ kind: 'lookalike', target: 7, looksLike: 1 });
    expect(stored.results.find((r) => r.name === 's1')?.points).toBe(400);
  });
});

describe('the round history', () => {
  it('tells everyone who joins that no round has run yet, so a page that rejoins drops the round it showed', async () => {
    setup();
    const a = await server.joined('fresh-room', { name: 's0' });
    expect(a.rounds).toEqual([expect.objectContaining({ id: null, phase: 'done', players: [], leaderboard: [] })]);
  });


  it('is stored and its leaderboard survives a restart', async () => {
    const dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'rounds-')), 'rooms.db');
    setup(dbFile);
    const { host, students: [a] } = await classOf('history-room', 1);
    await move(a, SEVEN);
    await host.request('round:start', { kind: 'find', target: 7 });
    await run(1200);
    const points = last(host).leaderboard[0].points;
    expect(points).toBeGreaterThan(0);
    const session = a.joinResult.session;
    server.close();

    setup(dbFile);
    const back = await server.joined('history-room', { session, name: 's0' });
    expect(server.store.rounds.list('history-room')).toHaveLength(1);
    expect(last(back).leaderboard).toEqual([{ name: 's0', points, last: points, id: back.you.id }]);
  });
});
