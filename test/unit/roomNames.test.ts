import { describe, expect, it } from 'vitest';
import { NAME_MAX, ROOM_ID_PATTERN } from '../../shared/protocol.js';
import { defaultName, readableRoomId, uniqueName } from '../../server/rooms/names.js';
import { colorAt, pickColor } from '../../server/rooms/colors.js';

describe('uniqueName', () => {
  it('keeps a free name, trimmed and with inner spaces collapsed', () => {
    expect(uniqueName('  Ada   Lovelace ', [])).toBe('Ada Lovelace');
  });

  it('numbers a taken name, comparing case-insensitively', () => {
    expect(uniqueName('Ada', ['Ada'])).toBe('Ada 2');
    expect(uniqueName('ada', ['Ada', 'ADA 2'])).toBe('ada 3');
  });

  it('stays within the name limit when it adds a number', () => {
    const long = 'x'.repeat(NAME_MAX);
    const name = uniqueName(long, [long]);
    expect(name.length).toBeLessThanOrEqual(NAME_MAX);
    expect(name.endsWith(' 2')).toBe(true);
    const crowd = [long];
    for (let i = 0; i < 12; i++) crowd.push(uniqueName(long, crowd));
    expect(new Set(crowd.map((n) => n.toLowerCase())).size).toBe(crowd.length);
    expect(crowd.every((n) => n.length <= NAME_MAX)).toBe(true);
  });
});

describe('readable ids and default names', () => {
  it('makes room ids like brave-otter-42 that pass the room id pattern', () => {
    for (let i = 0; i < 200; i++) {
      const id = readableRoomId();
      expect(id).toMatch(/^[a-z]+-[a-z]+-\d{2}$/);
      expect(id).toMatch(ROOM_ID_PATTERN);
    }
    expect(readableRoomId(() => 0)).toBe('brave-otter-10');
  });

  it('makes default names that fit the name limit', () => {
    for (let i = 0; i < 100; i++) expect(defaultName().length).toBeLessThanOrEqual(NAME_MAX);
  });
});

describe('colours', () => {
  it('gives a full room (300 participants and 8 ghosts) distinct colours', () => {
    const used: string[] = [];
    for (let i = 0; i < 308; i++) used.push(pickColor(used));
    expect(new Set(used).size).toBe(308);
    expect(used.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
  });

  it('reuses the colour of someone who left', () => {
    const first = colorAt(0);
    expect(pickColor([colorAt(1), colorAt(2)])).toBe(first);
  });
});
