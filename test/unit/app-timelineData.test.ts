/** The browser's side of the training timeline: loading it, morphing the scatter, and whose position a page shows. */
import { describe, expect, it } from 'vitest';
import { createTimelineData, morphCodes, roomPosition, shownPosition, type LoadedTimeline } from '../../app/lib/timelineData';
import type { TimelineState } from '../../shared/protocol';

const state = (o: Partial<TimelineState> = {}): TimelineState => ({
  open: true, model: 'vae', count: 5, position: 1, snapshot: 1, step: 10, playing: false, speed: 2, compare: false, studentsScrub: false, ...o,
});

/** A fetch that serves a two-snapshot timeline of 2 digits, counting requests. */
function fakeServer() {
  const urls: string[] = [];
  const body = (v: unknown, status = 200) => new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json' } });
  const impl = (async (url: string) => {
    urls.push(url);
    if (url === '/api/models/vae/timeline') {
      return body({ snapshots: [0, 7].map((step) => ({ step, epoch: 0, imagesSeen: 0, trainLoss: 500 - step, testLoss: 501 - step, embedding: `/e/${step}` })) });
    }
    if (url === '/e/0') return body({ count: 2, z: [0, 0, 0, 0], labels: [3, 4] });
    if (url === '/e/7') return body({ count: 2, z: [2, -2, -4, 6], labels: [3, 4] });
    return body({ error: { code: 'not_found', message: 'no timeline' } }, 404);
  }) as typeof fetch;
  return { urls, impl };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('timeline data in the browser', () => {
  it('loads the list and every snapshot embedding once, and says when a model has none', async () => {
    const server = fakeServer();
    const data = createTimelineData(server.impl);
    let told = 0;
    data.subscribe(() => told++);
    expect(data.get('vae').state).toBe('loading');
    expect(data.get('ae').state).toBe('loading');
    for (let i = 0; i < 5 && told < 2; i++) await settle();
    const vae = data.get('vae');
    expect(vae.state).toBe('ready');
    const t = (vae as { timeline: LoadedTimeline }).timeline;
    expect(t.count).toBe(2);
    expect([...t.labels]).toEqual([3, 4]);
    expect(t.extent).toEqual([-4, -2, 2, 6]);
    expect(data.get('ae').state).toBe('none');
    data.get('vae');
    expect(server.urls.filter((u) => u.startsWith('/e/'))).toHaveLength(2);
  });

  it('moves each digit linearly from one snapshot code to the next', async () => {
    const server = fakeServer();
    const data = createTimelineData(server.impl);
    data.get('vae');
    for (let i = 0; i < 5; i++) await settle();
    const t = (data.get('vae') as { timeline: LoadedTimeline }).timeline;
    const out = new Float32Array(4);
    expect([...morphCodes(t, 0.5, out)]).toEqual([1, -1, -2, 3]);
    expect([...morphCodes(t, 1, out)]).toEqual([2, -2, -4, 6]);
    // Out of range positions hold the ends.
    expect([...morphCodes(t, 9, out)]).toEqual([2, -2, -4, 6]);
    expect([...morphCodes(t, -1, out)]).toEqual([0, 0, 0, 0]);
  });

  it("plays on from the last message at the room's speed and stops at the last snapshot", () => {
    expect(roomPosition(state(), 1000, 5000)).toBe(1);
    expect(roomPosition(state({ playing: true }), 1000, 1500)).toBe(2);
    expect(roomPosition(state({ playing: true }), 1000, 60_000)).toBe(4);
  });

  it("shows a student's own position only while the host allows it, and never the host's own", () => {
    expect(shownPosition(state({ studentsScrub: true }), 0, 0, 3.5, false)).toBe(3.5);
    expect(shownPosition(state({ studentsScrub: false }), 0, 0, 3.5, false)).toBe(1);
    expect(shownPosition(state({ studentsScrub: true }), 0, 0, 3.5, true)).toBe(1);
    expect(shownPosition(state({ studentsScrub: true }), 0, 0, null, false)).toBe(1);
  });
});
