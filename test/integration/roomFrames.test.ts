import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameKind } from '../../shared/frameCodec.js';
import type { PlaygroundServer } from '../../server/createServer.js';
import type { JoinResult } from '../../shared/protocol.js';
import { entries, joinRoom, startServer, steer, waitFor, type TestClient } from './helpers.js';

/** A point at fractions (fx, fy) of the room's accepted bounds. */
function at(bounds: number[], fx: number, fy: number): [number, number] {
  return [bounds[0] + (bounds[2] - bounds[0]) * fx, bounds[1] + (bounds[3] - bounds[1]) * fy];
}

describe('a room with several people', () => {
  let server: PlaygroundServer;
  const clients: (TestClient & { joined: JoinResult })[] = [];

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('lets people join and see each other with distinct names and colours', async () => {
    const a = await joinRoom(server.url, 'frames-room', { name: 'Ada' });
    const b = await joinRoom(server.url, 'frames-room', { name: 'Ada' });
    clients.push(a, b);
    expect(a.joined.hostKey).toBeTruthy(); // the first join created the room
    expect(b.joined.hostKey).toBeUndefined();
    expect(b.joined.you.name).toBe('Ada 2');
    expect(b.joined.room.participants.map((p) => p.name)).toEqual(['Ada', 'Ada 2']);
    const snap = await waitFor(() => a.rooms.find((r) => r.participants.length === 2), 2000, 'a room snapshot with both');
    expect(new Set(snap.participants.map((p) => p.color)).size).toBe(2);
    expect(snap.participants[0].host).toBe(true);
  });

  it('sends a moved cursor as a full frame to its owner and a thumbnail or position to others', async () => {
    const [a, b] = clients;
    const bounds = a.joined.room.bounds;
    a.frames.length = 0;
    b.frames.length = 0;
    for (let i = 1; i <= 6; i++) await steer(a, at(bounds, 0.3 + i * 0.02, 0.5), i);
    const own = await waitFor(() => entries(a).filter((e) => e.id === a.joined.you.id), 2000, 'own frames');
    expect(own.every((e) => e.kind === FrameKind.full && e.pixels.length === 784)).toBe(true);
    expect(Math.max(...own.map((e) => e.seq))).toBeGreaterThan(1);
    const seen = await waitFor(() => entries(b).filter((e) => e.id === a.joined.you.id).length >= 3 && entries(b).filter((e) => e.id === a.joined.you.id), 2000, 'others');
    expect(seen.every((e) => e.kind === FrameKind.thumb || e.kind === FrameKind.position)).toBe(true);
    expect(seen.some((e) => e.kind === FrameKind.thumb && e.pixels.length === 196)).toBe(true);
    // Digits are real decoder output, not blank.
    expect(own.at(-1)!.pixels.some((v) => v > 0)).toBe(true);
  });

  it('sends only the cursors that moved', async () => {
    // Tick by tick (unmoved cursors, owed thumbnails): test/unit/roomTick.test.ts. Here, the wiring.
    const [a, b] = clients;
    a.frames.length = 0;
    // b moves once: only b's cursor is in a's next messages (a's own owed thumbnail goes to others).
    await steer(b, at(b.joined.room.bounds, 0.6, 0.6), 1);
    await waitFor(() => entries(a).some((e) => e.id === b.joined.you.id && e.kind === FrameKind.thumb), 2000, 'the thumbnail of b');
    expect(new Set(entries(a).map((e) => e.id))).toEqual(new Set([b.joined.you.id]));
    // The last thing a sees of b's cursor is a thumbnail, never a stale position-only entry.
    expect(entries(a).at(-1)!.kind).toBe(FrameKind.thumb);
  });

  it('gives a newcomer every current frame right after the join ack', async () => {
    const [a, b] = clients;
    const c = await joinRoom(server.url, 'frames-room', { name: 'Cy' });
    clients.push(c);
    const first = await waitFor(() => c.frames[0], 2000, 'join frames');
    const ids = first.entries.map((e) => e.id).sort();
    expect(ids).toEqual([a.joined.you.id, b.joined.you.id].sort());
    expect(first.entries.every((e) => e.kind === FrameKind.thumb)).toBe(true);
  });

  it('sends full frames of everyone to a presenter that joined with detail full', async () => {
    const [a] = clients;
    const p = await joinRoom(server.url, 'frames-room', { name: 'Projector', detail: 'full' });
    clients.push(p);
    const first = await waitFor(() => p.frames[0], 2000, 'join frames');
    expect(first.entries.every((e) => e.kind === FrameKind.full)).toBe(true);
    p.frames.length = 0;
    for (let i = 20; i < 24; i++) await steer(a, at(a.joined.room.bounds, 0.2, 0.2 + (i - 20) * 0.03), i);
    const seen = await waitFor(() => entries(p).filter((e) => e.id === a.joined.you.id).length >= 3 && entries(p), 2000, 'presenter frames');
    expect(seen.filter((e) => e.id === a.joined.you.id).every((e) => e.kind === FrameKind.full)).toBe(true);
  });
});
