import { describe, expect, it, vi } from 'vitest';
import { createBrowserStorage } from '../../app/lib/browserStorage';
import { createEmbeddingLoader } from '../../app/lib/embeddingLoader';
import { absorbHostLink, hostLinkUrl, isHostKey } from '../../app/lib/hostLink';
import { chooseJoinBase, isLoopbackHost } from '../../app/lib/joinAddress';
import { canonicalRoom, queryOf } from '../../app/lib/roomAddress';
import type { Embedding } from '../../app/lib/api';
import { memoryStorage } from './appFixtures';

const KEY = 'k'.repeat(24);

describe('the address given to a class', () => {
  it('is PUBLIC_URL when set, whatever the page was opened on', () => {
    expect(chooseJoinBase('http://127.0.0.1:3000', { publicUrl: 'https://lab.example', lanUrls: ['http://10.0.0.2:3000'] })).toMatchObject({ origin: 'https://lab.example', source: 'public' });
  });

  it('is the LAN address when the page was opened on a loopback address, and says why', () => {
    const base = chooseJoinBase('http://localhost:3000', { publicUrl: null, lanUrls: ['http://192.168.1.20:3000'] });
    expect(base).toMatchObject({ origin: 'http://192.168.1.20:3000', source: 'lan' });
    expect(base.note).toContain('localhost');
  });

  it('is the page’s own address when phones can already reach it', () => {
    expect(chooseJoinBase('http://192.168.1.20:3000', { publicUrl: null, lanUrls: ['http://10.0.0.2:3000'] })).toEqual({ origin: 'http://192.168.1.20:3000', source: 'page', note: null });
  });

  it('warns in plain words when only loopback is there', () => {
    const base = chooseJoinBase('http://127.0.0.1:3000', { publicUrl: null, lanUrls: [] });
    expect(base.source).toBe('loopback');
    expect(base.note).toMatch(/Phones cannot open 127\.0\.0\.1/);
    expect(chooseJoinBase('http://[::1]:3000', null).source).toBe('loopback');
  });

  it('knows the loopback names', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost'].every(isLoopbackHost)).toBe(true);
    expect(['192.168.1.2', 'example.com', '10.0.0.1'].some(isLoopbackHost)).toBe(false);
  });
});

describe('the host link', () => {
  it('stores the key for the room and takes it out of the address, keeping a point link', () => {
    const storage = createBrowserStorage(memoryStorage(), memoryStorage());
    const replaceState = vi.fn();
    const taken = absorbHostLink('calm-otter', storage, { href: `http://10.0.0.2:3000/r/calm-otter?host=${KEY}#z=1,2` } as Location, { state: null, replaceState } as unknown as History);
    expect(taken).toBe(true);
    expect(storage.hostKey('calm-otter')).toBe(KEY);
    expect(replaceState).toHaveBeenCalledWith(null, '', '/r/calm-otter#z=1,2');
  });

  it('takes a malformed key out of the address without storing it', () => {
    const storage = createBrowserStorage(memoryStorage(), memoryStorage());
    const replaceState = vi.fn();
    expect(absorbHostLink('calm-otter', storage, { href: 'http://x/r/calm-otter?host=short&a=1' } as Location, { state: null, replaceState } as unknown as History)).toBe(false);
    expect(storage.hostKey('calm-otter')).toBeNull();
    expect(replaceState).toHaveBeenCalledWith(null, '', '/r/calm-otter?a=1');
  });

  it('is built from the class’s address', () => {
    expect(hostLinkUrl('http://10.0.0.2:3000', 'calm-otter', KEY)).toBe(`http://10.0.0.2:3000/r/calm-otter?host=${KEY}`);
    expect(isHostKey(KEY)).toBe(true);
    expect(isHostKey('a b')).toBe(false);
  });
});

describe('room addresses', () => {
  it('are case-insensitive and keep their query', () => {
    expect(canonicalRoom('Gentle-Gecko-79')).toBe('gentle-gecko-79');
    expect(canonicalRoom('not_a_room')).toBeNull();
    expect(canonicalRoom('%E0%A4%A')).toBeNull();
    expect(queryOf({ host: KEY, x: ['1', '2'], y: undefined })).toBe(`?host=${KEY}&x=1&x=2`);
    expect(queryOf({})).toBe('');
  });
});

describe('what the browser remembers for a reload', () => {
  it('keeps your cursor and view per room and tab, and ignores what does not look right', () => {
    const tab = memoryStorage();
    const s = createBrowserStorage(memoryStorage(), tab);
    s.setPlane('calm-otter', { z: [1, 2] });
    s.setPlane('calm-otter', { region: [-1, -1, 1, 1] });
    expect(s.plane('calm-otter')).toEqual({ z: [1, 2], region: [-1, -1, 1, 1] });
    expect(s.plane('other-room')).toEqual({ z: null, region: null });
    tab.setItem('lp:plane:calm-otter', '{"z":[1,"x"],"region":[1,1,0,0]}');
    expect(s.plane('calm-otter')).toEqual({ z: null, region: null });
  });

  it('keeps a skipped name prompt and the background per browser', () => {
    const local = memoryStorage();
    createBrowserStorage(local, memoryStorage()).setNameSkipped();
    createBrowserStorage(local, memoryStorage()).setBackground('both');
    const later = createBrowserStorage(local, memoryStorage());
    expect(later.nameSkipped()).toBe(true);
    expect(later.background()).toBe('both');
  });
});

describe('the embedding loader', () => {
  it('downloads a model once for whoever asks, and again after a failure', async () => {
    const value: Embedding = { count: 0, z: new Float32Array(), labels: new Uint8Array() };
    const load = vi.fn().mockResolvedValueOnce({ ok: false, status: 503, message: 'loading' }).mockResolvedValue({ ok: true, value });
    const loader = createEmbeddingLoader(load);
    expect((await loader.get('vae')).ok).toBe(false);
    const [a, b] = await Promise.all([loader.get('vae'), loader.get('vae')]);
    expect(a).toBe(b);
    expect(a.ok).toBe(true);
    await loader.get('vae');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
