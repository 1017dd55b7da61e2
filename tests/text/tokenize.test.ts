import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize } from '../../src/text/tokenize';
import { applyCasing, atSentenceStart } from '../../src/text/casing';
import { matchKey } from '../../src/text/prefix-index';

const kinds = (s: string) => tokenize(normalizeText(s)).map((p) => `${p.kind}:${p.text}`);

describe('tokenize', () => {
  it.each([
    ["don't stop", ['word:don\'t', 'word:stop']],
    ['Hello, world!', ['word:Hello', 'punct:,', 'word:world', 'punct:!']],
    ['it’s “quoted”', ["word:it's", 'punct:"', 'word:quoted', 'punct:"']],
    ['São Paulo é ótimo', ['word:São', 'word:Paulo', 'word:é', 'word:ótimo']],
    ['costs $4.99 now', ['word:costs', 'punct:$', 'num:4', 'punct:.', 'num:99', 'word:now']],
    ['see https://example.com/a?b=1 ok', ['word:see', 'url:https://example.com/a?b=1', 'word:ok']],
    ['mail bob.smith@example.org please', ['word:mail', 'url:bob.smith@example.org', 'word:please']],
    ['call getElementById or my_var', ['word:call', 'code:getElementById', 'word:or', 'code:my_var']],
    ['line one\nline two', ['word:line', 'word:one', 'break:\n', 'word:line', 'word:two']],
    ["'quoted' word", ["punct:'", 'word:quoted', "punct:'", 'word:word']],
    ['日本語 テキスト', ['word:日本語', 'word:テキスト']],
  ])('%j', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });
});


describe('casing', () => {
  it.each([
    ['', '', 'hello', 'Hello'],
    ['Fine. ', '', 'thanks', 'Thanks'],
    ['I said ', '', 'hello', 'hello'],
    ['I said ', 'H', 'hello', 'Hello'],
    ['I said ', 'HE', 'hello', 'HELLO'],
    ['and ', '', 'I', 'I'],
    ['we met ', '', 'NASA', 'NASA'],
    ['line\n', '', 'next', 'Next'],
  ])('after %j typing %j shows %j as %j', (context, prefix, shown, expected) => {
    expect(applyCasing(shown, context, prefix)).toBe(expected);
  });

  it('knows sentence starts', () => {
    expect(atSentenceStart('')).toBe(true);
    expect(atSentenceStart('Done! ')).toBe(true);
    expect(atSentenceStart('He said "Go.')).toBe(true);
    expect(atSentenceStart('e.g. the')).toBe(false);
  });
});

describe('matchKey', () => {
  it('ignores case and accents so "nao" finds "não"', () => {
    expect(matchKey('Não')).toBe('nao');
    expect(matchKey('fazê-lo')).toBe('faze-lo');
  });
});
