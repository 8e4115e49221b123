import { describe, expect, it } from 'vitest';
import { createBrowserStorage } from '../../app/lib/browserStorage';
import { memoryStorage } from './appFixtures';

describe('what the browser remembers', () => {
  it('keeps host keys per room and sessions per tab', () => {
    const local = memoryStorage();
    const tab1 = createBrowserStorage(local, memoryStorage());
    const tab2 = createBrowserStorage(local, memoryStorage());
    tab1.setHostKey('calm-otter', 'k'.repeat(20));
    tab1.setSession('calm-otter', 's'.repeat(20));
    expect(tab2.hostKey('calm-otter')).toBe('k'.repeat(20));
    expect(tab2.session('calm-otter')).toBeNull();
  });

  it('lists recent rooms newest first, at most eight, remembering host status', () => {
    const s = createBrowserStorage(memoryStorage(), memoryStorage());
    for (let i = 0; i < 10; i++) s.rememberRoom({ room: `room-${i}`, model: 'ae', host: i === 9 }, 1000 + i);
    s.rememberRoom({ room: 'room-9', model: 'vae', host: false }, 5000);
    const list = s.recentRooms();
    expect(list).toHaveLength(8);
    expect(list[0]).toEqual({ room: 'room-9', model: 'vae', host: true, visitedAt: 5000 });
    s.forgetRoom('room-9');
    expect(s.recentRooms()[0].room).toBe('room-8');
  });

  it('survives storage that throws or holds garbage', () => {
    const broken = memoryStorage();
    broken.setItem = () => {
      throw new Error('QuotaExceeded');
    };
    broken.setItem.bind(broken);
    const s = createBrowserStorage(broken, null);
    expect(() => s.setName('Ada')).not.toThrow();
    expect(s.session('x-room')).toBeNull();
    const garbage = memoryStorage();
    garbage.setItem('lp:recent', '{not json');
    expect(createBrowserStorage(garbage, null).recentRooms()).toEqual([]);
  });
});
