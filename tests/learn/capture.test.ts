import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  captureSample, collapseWhitespace, withoutRanges, type CaptureInput, type CaptureResult,
} from '../../src/learn/capture';
import { lastChars } from '../../src/text/words';

const input = (over: Partial<CaptureInput> = {}): CaptureInput => ({
  text: 'Thanks Priya, see you at the standup tomorrow.',
  pastedRanges: [],
  field: { sensitive: false },
  site: { blocked: false, incognito: false },
  settings: { learning: true },
  ...over,
});
const refused = (reason: string): CaptureResult => ({ ok: false, reason } as CaptureResult);

describe('captureSample', () => {
  const quote = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.';
  const typed = 'I agree with this part: ';
  it.each<[string, Partial<CaptureInput>, CaptureResult]>([
    ['keeps ordinary typing', {}, { ok: true, text: 'Thanks Priya, see you at the standup tomorrow.' }],
    ['refuses when learning is off', { settings: { learning: false } }, refused('learning-off')],
    ['refuses in a private window', { site: { blocked: false, incognito: true } }, refused('incognito')],
    ['refuses on a blocked site', { site: { blocked: true, incognito: false } }, refused('blocked')],
    ['refuses a sensitive field', { field: { sensitive: true } }, refused('sensitive')],
    ['refuses too few words', { text: 'ok thanks' }, refused('too-short')],
    ['refuses empty text', { text: '   \n ' }, refused('too-short')],
    ['refuses text that is all pasted', { text: quote, pastedRanges: [[0, quote.length]] }, refused('pasted')],
    ['refuses text left too short by removing a paste', { text: `ok ${quote}`, pastedRanges: [[3, 3 + quote.length]] }, refused('pasted')],
    [
      'removes a pasted block, leaving a line break in its place',
      { text: `${typed}${quote} and I would add more.`, pastedRanges: [[typed.length, typed.length + quote.length]] },
      { ok: true, text: 'I agree with this part:\nand I would add more.' },
    ],
    [
      'merges overlapping and out-of-range paste ranges',
      { text: 'one two three four five six', pastedRanges: [[8, 14], [4, 10], [24, 99], [-5, 0]] },
      { ok: true, text: 'one\nfour five' },
    ],
    ['collapses whitespace, keeping line breaks', { text: '  Hi   team,\r\n\r\n  the\tdemo is\u00a0at noon.  ' }, { ok: true, text: 'Hi team,\nthe demo is at noon.' }],
    ['refuses a list of links', { text: 'https://a.example/x https://b.example/y see www.c.example' }, refused('not-prose')],
    ['refuses numbers', { text: 'total 1234 5678 9012 3456 ok' }, refused('not-prose')],
    ['refuses code', { text: 'const total = items.reduce((a, b) => a + b, 0); return total;' }, refused('not-prose')],
    ['refuses identifiers', { text: 'call fooBar with baz_qux quuxValue' }, refused('not-prose')],
    ['keeps prose with a link in it', { text: 'The notes are at https://wiki.example/notes if you need them.' }, { ok: true, text: 'The notes are at https://wiki.example/notes if you need them.' }],
  ])('%s', (_name, over, expected) => {
    expect(captureSample(input(over))).toEqual(expected);
  });

  it('keeps the last maxChars characters, starting at a word boundary', () => {
    const text = 'alpha beta gamma delta epsilon zeta';
    expect(captureSample(input({ text }), { maxChars: 18, minWords: 2 })).toEqual({ ok: true, text: 'delta epsilon zeta' });
    expect(captureSample(input({ text }), { maxChars: 17, minWords: 2 })).toEqual({ ok: true, text: 'epsilon zeta' });
    expect(captureSample(input({ text }), { maxChars: 12, minWords: 2 })).toEqual({ ok: true, text: 'epsilon zeta' });
    expect(captureSample(input({ text }), { maxChars: 11, minWords: 1 })).toEqual({ ok: true, text: 'zeta' });
  });

  it('never returns more than maxChars or a word cut in half (property)', () => {
    const word = fc.constantFrom<string>('the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dogs', 'again');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 200 }), (words, maxChars) => {
        const result = captureSample(input({ text: words.join(' ') }), { maxChars, minWords: 1 });
        if (!result.ok) return result.reason === 'too-short';
        return result.text.length <= maxChars && result.text.split(' ').every((w) => words.includes(w));
      }),
      { seed: 4 },
    );
  });
});

describe('withoutRanges', () => {
  it.each<[string, [number, number][], string]>([
    ['abcdef', [], 'abcdef'],
    ['abcdef', [[2, 4]], 'ab\nef'],
    ['abcdef', [[0, 6]], '\n'],
    ['abcdef', [[4, 2]], 'abcdef'],
    ['abcdef', [[3, 5], [1, 2]], 'a\nc\nf'],
  ])('%s without %j is %j', (text, ranges, expected) => {
    expect(withoutRanges(text, ranges)).toBe(expected);
  });
});

describe('collapseWhitespace / lastChars', () => {
  it.each([
    ['a  b', 'a b'],
    ['a \n\n b', 'a\nb'],
    ['\t a \u2028 b ', 'a\nb'],
  ])('collapses %j to %j', (text, expected) => {
    expect(collapseWhitespace(text)).toBe(expected);
  });

  it.each<[string, number, string]>([
    ['one two three', 20, 'one two three'],
    ['one two three', 5, 'three'],
    ['one two three', 6, 'three'],
    ['one two three', 4, ''],
    ['one two\nthree', 9, 'two\nthree'],
  ])('last chars of %j within %d is %j', (text, max, expected) => {
    expect(lastChars(text, max)).toBe(expected);
  });
});
