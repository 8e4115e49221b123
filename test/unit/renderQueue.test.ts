import { describe, expect, it } from 'vitest';
import { HttpFailure } from '../../server/http/HttpFailure.js';
import { LruCache } from '../../server/http/LruCache.js';
import { RenderQueue } from '../../server/http/RenderQueue.js';
import type { CachedBody } from '../../server/modelCatalog.js';

const body = (text: string): CachedBody => ({ raw: Buffer.from(text), gzip: Buffer.from(text), etag: `"${text}"` });

/** A render the test finishes by hand, noting whether the queue asked it to stop. */
function manualRender() {
  const r = { started: 0, cancelledSeen: false, finish: (_text: string) => {}, make: null as never as (cancelled: () => boolean) => Promise<CachedBody> };
  r.make = (cancelled) => {
    r.started++;
    return new Promise<CachedBody>((resolve) => {
      r.finish = (text) => {
        r.cancelledSeen = cancelled();
        resolve(body(text));
      };
    });
  };
  return r;
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const newQueue = (o: Partial<ConstructorParameters<typeof RenderQueue>[0]> = {}) =>
  new RenderQueue({ maxQueued: 2, maxPerClient: 10, cache: new LruCache<string, CachedBody>(1e6, (b) => b.raw.length), ...o });

describe('RenderQueue', () => {
  it('renders one at a time and shares one render between identical requests', async () => {
    const q = newQueue();
    const a = manualRender();
    const b = manualRender();
    const first = q.render('a', a.make, {});
    const again = q.render('a', a.make, {});
    const second = q.render('b', b.make, {});
    await tick();
    expect([a.started, b.started]).toEqual([1, 0]);
    a.finish('A');
    expect((await first).etag).toBe('"A"');
    expect((await again).etag).toBe('"A"');
    await tick();
    expect(b.started).toBe(1);
    b.finish('B');
    await second;
    expect((await q.render('a', a.make, {})).etag).toBe('"A"'); // from the cache
    expect(a.started).toBe(1);
  });

  it('answers 503 with Retry-After once the queue is full', async () => {
    const q = newQueue({ maxQueued: 2 });
    const renders = [manualRender(), manualRender(), manualRender(), manualRender()];
    const pending = renders.slice(0, 3).map((r, i) => q.render(`k${i}`, r.make, {}));
    await tick();
    const refused = await q.render('k3', renders[3].make, {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpFailure);
    expect(refused).toMatchObject({ status: 503, headers: { 'retry-after': expect.stringMatching(/^\d+$/) } });
    expect(Number((refused as HttpFailure).headers['retry-after'])).toBeGreaterThanOrEqual(1);
    for (const [i, r] of renders.slice(0, 3).entries()) {
      await tick();
      r.finish(`v${i}`);
      await pending[i];
    }
  });

  it('drops a queued render whose requests were all aborted', async () => {
    const q = newQueue();
    const running = manualRender();
    const dropped = manualRender();
    const first = q.render('running', running.make, {});
    const abort = new AbortController();
    const gone = q.render('dropped', dropped.make, { signal: abort.signal });
    abort.abort();
    await expect(gone).rejects.toMatchObject({ name: 'AbortError' });
    expect(q.stats()).toMatchObject({ queued: 0, dropped: 1 });
    await tick();
    running.finish('R');
    await first;
    await tick();
    expect(dropped.started).toBe(0);
  });

  it('keeps a render that another request still waits for, and tells a running one nobody waits', async () => {
    const q = newQueue();
    const r = manualRender();
    const a = new AbortController();
    const b = new AbortController();
    const one = q.render('k', r.make, { signal: a.signal });
    const two = q.render('k', r.make, { signal: b.signal });
    await tick();
    a.abort();
    await expect(one).rejects.toMatchObject({ name: 'AbortError' });
    b.abort();
    await expect(two).rejects.toMatchObject({ name: 'AbortError' });
    r.finish('K');
    await tick();
    expect(r.cancelledSeen).toBe(true);
  });

  it('refuses a client that already has its share of renders waiting with 429', async () => {
    const q = newQueue({ maxQueued: 10, maxPerClient: 2 });
    const rs = [manualRender(), manualRender(), manualRender()];
    const mine = [q.render('m0', rs[0].make, { client: 'x' }), q.render('m1', rs[1].make, { client: 'x' })];
    const refused = await q.render('m2', rs[2].make, { client: 'x' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 429 });
    const other = q.render('m2', rs[2].make, { client: 'y' }); // someone else may
    for (const [i, r] of rs.entries()) {
      await tick();
      r.finish(`m${i}`);
    }
    await Promise.all([...mine, other]);
  });
});

describe('LruCache', () => {
  it('holds at most its byte budget, evicting the least recently used', () => {
    const c = new LruCache<string, string>(8, (v) => v.length);
    for (const k of ['a', 'b', 'c', 'd']) c.set(k, k.repeat(2));
    c.get('a');
    c.set('e', 'ee');
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe('aa');
    expect(c.bytes).toBe(8);
  });

  it('does not keep an entry bigger than a quarter of its budget', () => {
    const c = new LruCache<string, string>(100, (v) => v.length);
    c.set('small', 'x'.repeat(25));
    c.set('big', 'x'.repeat(26));
    expect(c.get('big')).toBeUndefined();
    expect(c.get('small')).toBeDefined();
  });
});
