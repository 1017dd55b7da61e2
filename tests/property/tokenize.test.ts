import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize, type Piece } from '../../src/text/tokenize';
import { splitAtWord } from '../../src/page/word';
import { isWordKey, textPieces } from '../../src/text/words';
import { classOf, isOneLetter, lastCodePoint, LETTER, MARK, NUMBER, withoutMarks } from '../../src/text/char-class';

/**
 * Property tests: the tokenizer and the caret split take any text a page can hold — emoji with
 * modifiers and joiners, right-to-left scripts, CJK, combining marks, lone surrogates, huge
 * inputs — without throwing, in linear time, and their pieces account for every character.
 */

const SEED = 7;

/** Characters that break naive text code, grouped so mixtures of them are likely. */
const SCRIPTS = [
  'hello world', "don't it's", 'São Paulo é ótimo', // Latin with accents and apostrophes
  'שלום עולם', 'مرحبا بالعالم', '\u200f\u200e\u202b\u202c', // Hebrew, Arabic, direction marks
  '日本語のテキスト', '你好世界', '한국어', // CJK
  'e\u0301 a\u0308 n\u0303 \u0915\u094d\u0937', // combining marks, Devanagari conjunct
  '👋🏽 👨‍👩‍👧 🏳️‍🌈 🇧🇷 ❤️', // modifiers, joiners, flags, variation selectors
  '\ud83d \udc4b \ud800', // lone surrogates (a page can put them in a field)
  'https://a.example/x?y=1 bob@mail.example www.x.org', // URLs and addresses
  '\n\r\t\u00a0\u2028\u2029 \u200b\ufeff', // line breaks and invisible spaces
  '‘’“”«»`´', // typographic quotes (normalised to ASCII)
  'getElementById my_var x2 4.99 1e9', // code-like and numbers
  '{}[];=<>|\\@._%+-', // symbols
];

/** Text mixed from the scripts above and arbitrary UTF-16 (including unpaired surrogates). */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.oneof(fc.constantFrom(...SCRIPTS), fc.string({ unit: 'grapheme-composite', maxLength: 8 })), { maxLength: 40 }).map((parts) => parts.join('')),
);

/** Checks that pieces are in order, each is the text at its offset, and only whitespace lies between them. */
function coverageProblem(text: string, pieces: Piece[]): string | undefined {
  let at = 0;
  for (const p of pieces) {
    if (p.start < at) return `piece ${JSON.stringify(p)} overlaps the one before`;
    if (text.slice(p.start, p.start + p.text.length) !== p.text) return `piece ${JSON.stringify(p)} is not the text at its offset`;
    if (p.text.length === 0) return `empty piece at ${p.start}`;
    if (!/^\s*$/u.test(text.slice(at, p.start))) return `characters ${JSON.stringify(text.slice(at, p.start))} at ${at} are in no piece`;
    at = p.start + p.text.length;
  }
  return /^\s*$/u.test(text.slice(at)) ? undefined : `the tail ${JSON.stringify(text.slice(at))} is in no piece`;
}

/**
 * The tokenizer as it was, one regular expression of Unicode properties: the definition the
 * scanner must keep piece for piece (it replaced the expression, whose compiled code V8 drops in
 * a full garbage collection; compiling it again cost 4–13 ms in a keystroke's prediction).
 */
const WORD = "[\\p{L}\\p{N}\\p{M}]+(?:'[\\p{L}\\p{N}\\p{M}]+)*";
const ORACLE_RE = new RegExp([
  "(?<url>(?:https?://|www\\.)[^\\s<>\"']+|[\\p{L}\\p{N}._%+-]{1,64}@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+)",
  `(?<word>${WORD}(?:_[\\p{L}\\p{N}_]*)?)`, '(?<brk>\\n)', '(?<punct>[^\\s])',
].join('|'), 'gu');
function oracle(text: string): Piece[] {
  return [...text.matchAll(ORACLE_RE)].map((m) => {
    const g = m.groups!, start = m.index;
    if (g.url) return { kind: 'url', text: g.url, start };
    if (g.word) {
      const w = g.word;
      const kind = /\p{N}/u.test(w) ? 'num' : /_|\p{Ll}\p{Lu}/u.test(w) || w.length > 40 ? 'code' : 'word';
      return { kind, text: w, start };
    }
    return g.brk ? { kind: 'break', text: '\n', start } : { kind: 'punct', text: g.punct!, start };
  });
}

/** Text from the pieces addresses, links, words and identifiers are made of, so their edges are met often. */
const edgyText = fc.array(fc.constantFrom(
  'a', 'Z', 'é', 'ß', 'Σ', 'ǅ', '7', '٣', 'Ⅻ', '\u0301', '日', '𝐀', '𝟘', '👋', '\ud800', "'", '_', '.', '-', '%', '+', '@', '/', ':',
  'http://', 'https://', 'www.', 'http:/', 'www', '<', '>', '"', ' ', '\n', '\u00a0', '\u2028', '\t', 'aB',
  'u@v.w', 'ex.org', `${'y'.repeat(64)}@`, `${'z'.repeat(65)}@`, `${'é'.repeat(64)}@`,
), { maxLength: 60 }).map((parts) => parts.join(''));

describe('tokenize (property)', () => {
  it('gives exactly the pieces of the regular expression it replaced', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, edgyText), (raw) => {
        const text = normalizeText(raw);
        expect(tokenize(text)).toEqual(oracle(text));
      }),
      { seed: SEED + 4, numRuns: 6000 },
    );
  });

  it('never throws, and its pieces cover every visible character of the text exactly once', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const text = normalizeText(raw);
        expect(coverageProblem(text, tokenize(text))).toBeUndefined();
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('gives the words inside links, addresses and identifiers that the word expression finds there', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, edgyText), (raw) => {
        const text = normalizeText(raw);
        const expected = oracle(text).filter((p) => p.kind === 'url' || p.kind === 'code')
          .flatMap((p) => [...p.text.matchAll(new RegExp(WORD, 'gu'))].map((m) => ({ text: m[0], start: p.start + m.index, inLink: p.start })));
        expect(textPieces(raw).filter((p) => p.inLink !== undefined).map(({ text: t, start, inLink }) => ({ text: t, start, inLink }))).toEqual(expected);
      }),
      { seed: SEED + 5, numRuns: 3000 },
    );
  });

  it('answers about classes, marks and the last code point as the Unicode expressions do', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, edgyText), (text) => {
        expect(withoutMarks(text)).toBe(text.replace(/\p{M}+/gu, ''));
        expect(isOneLetter(text)).toBe(/^\p{L}\p{M}*$/u.test(text));
        const [first = '', ...rest] = [...text];
        expect(isOneLetter(first + rest.map(() => '\u0301').join(''))).toBe(/^\p{L}$/u.test(first));
        expect(isWordKey(text)).toBe(/^[\p{L}\p{N}\p{M}]/u.test(text) && text !== '<num>');
        const last = lastCodePoint(text);
        expect(last === -1 ? '' : String.fromCodePoint(last)).toBe(text === '' ? '' : [...text].at(-1));
        if (last >= 0) expect((classOf(last) & (LETTER | NUMBER | MARK)) !== 0).toBe(/[\p{L}\p{N}\p{M}]$/u.test(text));
      }),
      { seed: SEED + 6, numRuns: 3000 },
    );
  });

  it('gives each piece a kind that matches its text', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        for (const p of tokenize(normalizeText(raw))) {
          if (p.kind === 'break') expect(p.text).toBe('\n');
          else expect(p.text).not.toMatch(/\s/u);
          if (p.kind === 'punct') expect([...p.text]).toHaveLength(1);
          if (p.kind === 'word') expect(p.text).toMatch(/^[\p{L}\p{N}\p{M}]/u);
        }
      }),
      { seed: SEED + 1, numRuns: 800 },
    );
  });

  it('normalizeText is idempotent and keeps the length of text without decomposed characters', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const once = normalizeText(raw);
        expect(normalizeText(once)).toBe(once);
        if (raw === raw.normalize('NFC')) expect(once.length).toBe(raw.length);
      }),
      { seed: SEED + 2, numRuns: 800 },
    );
  });

  // Inputs shaped to make a backtracking regular expression rescan (each 512 k characters).
  it.each([
    ['dotted run', 'a.'],
    ['hyphenated run', 'ab-'],
    ['address-like run without @', 'x.y_z%+'],
    ['@ with no domain dot', 'a@b-'],
    ['apostrophes', "a'"],
    ['underscores', 'a_'],
    ['URL prefixes', 'www.http://'],
    ['emoji and combining marks', '👋🏽e\u0301'],
    ['CJK without spaces', '日本語'],
  ])('tokenizes 512 k characters of %s in linear time', (_name, unit) => {
    const text = unit.repeat(Math.ceil(512_000 / unit.length));
    const started = performance.now();
    const pieces = tokenize(normalizeText(text));
    const ms = performance.now() - started;
    expect(pieces.length).toBeGreaterThan(0);
    // Linear: under a second; quadratic (as it was for the dotted run): about ten minutes.
    expect(ms).toBeLessThan(8000);
  });
});

describe('splitAtWord (property)', () => {
  it('splits any text into context + prefix that join back to it', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { context, prefix } = splitAtWord(text);
        expect(context + prefix).toBe(text);
        expect(prefix).toMatch(/^(?:[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’]*)?$/u);
      }),
      { seed: SEED + 3, numRuns: 1000 },
    );
  });

  it('runs in linear time on a long unbroken run (a field can hold one)', () => {
    const text = `${'a'.repeat(200_000)}!`;
    const started = performance.now();
    expect(splitAtWord(text).prefix).toBe('');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
