import { describe, expect, it } from 'vitest';
import { cleanName as clean, fitName, truncateName } from '../../shared/names.js';
import { clientSchemas, NAME_MAX } from '../../shared/protocol.js';
import { uniqueName } from '../../server/rooms/names.js';

const cleanName = (raw: string) => clean(raw, NAME_MAX);
const EMOJI = '\u{1F600}'; // one code point, two UTF-16 units
const loneHigh = '\uD83D';
const loneLow = '\uDE00';

/** True when every surrogate in `s` is half of a pair. */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('cleanName', () => {
  it('keeps an ordinary name, trimmed and with inner spaces collapsed', () => {
    expect(cleanName('  Ada \t  Lovelace ')).toEqual({ ok: true, name: 'Ada Lovelace' });
  });

  it('normalises to NFC, so the same name typed two ways is one name', () => {
    const decomposed = 'Zoe\u0308'; // e + combining diaeresis
    const result = cleanName(decomposed);
    expect(result).toEqual({ ok: true, name: 'Zo\u00EB' });
  });

  it('strips control, bidi-override and zero-width characters', () => {
    expect(cleanName('A\u0000d\u0007a\u007F\u0085')).toEqual({ ok: true, name: 'Ada' });
    expect(cleanName('\u202Eadmin\u202C')).toEqual({ ok: true, name: 'admin' });
    expect(cleanName('\u2066Ada\u2069\u200E\u200F\u061C')).toEqual({ ok: true, name: 'Ada' });
    expect(cleanName('A\u200Bd\u2060a\uFEFF')).toEqual({ ok: true, name: 'Ada' });
  });

  it('keeps a zero-width joiner inside an emoji sequence but drops a stray one', () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    expect(cleanName(family)).toEqual({ ok: true, name: family });
    expect(cleanName('\u200DAda\u200D')).toEqual({ ok: true, name: 'Ada' });
  });

  it('refuses a name with no visible character', () => {
    for (const blank of ['', '   ', '\u200B\u200B', '\u202E', '\u3164\u3164', '\u2800', '\u0301\u0301', '\u00A0\u3000']) {
      const result = cleanName(blank);
      expect(result.ok, JSON.stringify(blank)).toBe(false);
    }
  });

  it('refuses lone surrogates instead of storing replacement characters', () => {
    expect(cleanName(`Ada${loneHigh}`)).toMatchObject({ ok: false, message: expect.stringMatching(/surrogate/) });
    expect(cleanName(`${loneLow}Ada`)).toMatchObject({ ok: false });
  });

  it('refuses a name longer than the limit once cleaned', () => {
    expect(cleanName('x'.repeat(NAME_MAX)).ok).toBe(true);
    expect(cleanName('x'.repeat(NAME_MAX + 1))).toMatchObject({ ok: false, message: expect.stringMatching(/at most/) });
    // Stripped characters do not count against the limit.
    expect(cleanName(`${'x'.repeat(NAME_MAX)}\u200B\u200B`).ok).toBe(true);
  });
});

describe('truncateName', () => {
  it('never splits a surrogate pair or a grapheme', () => {
    const name = `a${EMOJI.repeat(11)}`; // 23 UTF-16 units
    const cut = truncateName(name, 22);
    expect(cut).toBe(`a${EMOJI.repeat(10)}`);
    expect(wellFormed(cut)).toBe(true);
    const flag = '\u{1F1EB}\u{1F1F7}'; // a flag: two regional indicators, one grapheme
    expect(truncateName(`ab${flag}`, 5)).toBe('ab');
  });

  it('leaves a short name alone', () => {
    expect(truncateName('Ada', 24)).toBe('Ada');
  });
});

describe('fitName', () => {
  it('makes a kept name sendable: cleaned and cut without splitting an emoji', () => {
    expect(fitName(` a${EMOJI.repeat(12)}`, NAME_MAX)).toBe(`a${EMOJI.repeat(11)}`);
    expect(fitName('Ada\u202E', NAME_MAX)).toBe('Ada');
  });

  it('gives nothing for a name the server would refuse', () => {
    for (const bad of [null, undefined, '', '\u200B', `Ada${loneHigh}`]) expect(fitName(bad, NAME_MAX)).toBeUndefined();
  });
});

describe('uniqueName', () => {
  it("numbers 'a' + 11 emoji without splitting an emoji", () => {
    const name = `a${EMOJI.repeat(11)}`;
    const second = uniqueName(name, [name]);
    expect(second).toBe(`a${EMOJI.repeat(10)} 2`);
    expect(wellFormed(second)).toBe(true);
    expect(second.length).toBeLessThanOrEqual(NAME_MAX);
  });
});

describe('the name schema at the protocol boundary', () => {
  const rename = clientSchemas.rename;

  it('hands handlers the cleaned name', () => {
    expect(rename.parse({ name: ' \u202EZoe\u0308\u200B ' })).toEqual({ name: 'Zo\u00EB' });
  });

  it('refuses lone surrogates, invisible names and overlong input with a message', () => {
    for (const name of [`Ada${loneHigh}`, '\u200B\u200D', 'x'.repeat(25), 'y'.repeat(10_000)]) {
      const r = rename.safeParse({ name });
      expect(r.success, name.slice(0, 30)).toBe(false);
    }
  });

  it('cleans path names and join names the same way', () => {
    expect(clientSchemas['record:stop'].parse({ name: 'walk\u0007' })).toEqual({ name: 'walk' });
    expect(clientSchemas['path:rename'].safeParse({ id: 'p1', name: '\u2066\u2069' }).success).toBe(false);
    const join = clientSchemas.join.parse({ protocol: 1, room: 'abc', name: 'Ada\u200B' });
    expect(join.name).toBe('Ada');
  });
});
