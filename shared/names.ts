/**
 * What a name may look like on everyone's screen: participant and path names are cleaned once, at
 * the protocol boundary, so no client can show another an invisible, reversed or broken name, and
 * the database never receives half a character.
 */

/** Longest raw name input looked at (cleaning removes characters, so the raw cap is generous). */
export const NAME_INPUT_MAX = 100;

/** The outcome of cleaning a name: the name to use, or why it was refused. */
export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

// A high surrogate not followed by a low one, or a low one not preceded by a high one: the text
// is not valid UTF-16, and would be stored (and shown) as U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Characters that draw nothing or reorder what others draw: controls (C0, DEL, C1), format
// characters (bidi embeddings, overrides, isolates and marks, zero-width space, word joiner, BOM,
// soft hyphen, tags) and the blank "letters" used to make names look empty (Hangul fillers,
// braille blank).
const INVISIBLE = /[\p{Cc}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/gu;
const INVISIBLE_OR_SPACE = /[\s\p{Cc}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/u;
const ZWNJ = '\u200C';
const ZWJ = '\u200D';
// A name must show at least one letter, digit, punctuation mark or symbol (emoji are symbols);
// combining marks alone only decorate the name before them.
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** Joiners glue emoji sequences and some scripts together: keep them only between two characters. */
function keepJoiner(text: string, at: number): boolean {
  const before = text[at - 1];
  const after = text[at + 1];
  return before !== undefined && after !== undefined && !INVISIBLE_OR_SPACE.test(before) && !INVISIBLE_OR_SPACE.test(after);
}

/**
 * Cleans a name typed by a person: refuses lone surrogates, normalises to NFC, strips invisible
 * and direction-changing characters, collapses whitespace, and requires a visible character and at
 * most `maxLength` UTF-16 units (the unit the limit has always been counted in).
 */
export function cleanName(raw: string, maxLength: number): NameCheck {
  if (LONE_SURROGATE.test(raw)) return { ok: false, message: 'name holds a lone surrogate (not valid text)' };
  const stripped = raw
    .normalize('NFC')
    .replace(INVISIBLE, (ch: string, at: number, text: string) => ((ch === ZWJ || ch === ZWNJ) && keepJoiner(text, at) ? ch : ''));
  const name = stripped.replace(/\s+/g, ' ').trim();
  if (!raw.trim()) return { ok: false, message: 'name must not be empty' };
  if (!VISIBLE.test(name)) return { ok: false, message: 'name must contain a visible character' };
  if (name.length > maxLength) return { ok: false, message: `name is at most ${maxLength} characters` };
  return { ok: true, name };
}

const graphemes = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/**
 * The longest prefix of `text` of at most `maxLength` UTF-16 units that ends on a grapheme
 * boundary: cutting a name never leaves half an emoji, a flag or a letter without its accent.
 */
export function truncateName(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let out = '';
  const pieces = graphemes ? Array.from(graphemes.segment(text), (s) => s.segment) : Array.from(text);
  for (const piece of pieces) {
    if (out.length + piece.length > maxLength) break;
    out += piece;
  }
  return out;
}

/**
 * A stored or typed name made sendable: cleaned as `cleanName` does and cut (on a grapheme
 * boundary) to `maxLength`, or undefined when nothing visible is left, so a client never has a
 * join refused for the name it kept from an older version.
 */
export function fitName(raw: string | null | undefined, maxLength: number): string | undefined {
  if (!raw) return undefined;
  const checked = cleanName(raw.slice(0, NAME_INPUT_MAX), Infinity);
  return checked.ok ? truncateName(checked.name, maxLength).trimEnd() || undefined : undefined;
}

const ANON_ANIMALS = [
  'Otter', 'Badger', 'Falcon', 'Heron', 'Koala', 'Lemur', 'Lynx', 'Marmot', 'Newt', 'Owl',
  'Panda', 'Puffin', 'Quokka', 'Raven', 'Seal', 'Tapir', 'Tiger', 'Walrus', 'Wombat', 'Yak',
] as const;

/**
 * The name a cursor shows while the host hides names: an animal picked by its id, so it is the
 * same on every screen and stays put while the person steers (ids above 20 get a number too).
 */
export function anonymousName(id: number): string {
  const i = Math.max(0, id - 1);
  const round = Math.floor(i / ANON_ANIMALS.length);
  return `Anonymous ${ANON_ANIMALS[i % ANON_ANIMALS.length]}${round > 0 ? ` ${round + 1}` : ''}`;
}
