import { describe, expect, it } from 'vitest';
import { boundContext, cleanEditorText, completeWord, remainingLetters, splitAtWord } from '../../src/page/word';

describe('splitAtWord', () => {
  it.each([
    ['Hello wor', 'Hello ', 'wor'],
    ['Hello ', 'Hello ', ''],
    ['', '', ''],
    ["I don'", 'I ', "don'"],
    ['rock’n’ro', '', 'rock’n’ro'],
    ["say 'hel", "say '", 'hel'],
    ['café crè', 'café ', 'crè'],
    ['line one\nsec', 'line one\n', 'sec'],
    ['in 20', 'in ', '20'],
    ['end.', 'end.', ''],
  ])('%j → context %j, prefix %j', (text, context, prefix) => {
    expect(splitAtWord(text)).toEqual({ context, prefix });
  });
});

describe('completeWord', () => {
  it.each([
    ['Hel', 'hello', 'Hello'],
    ['hel', 'Hello', 'hello'],
    ['', 'London', 'London'],
    ['lon', 'London', 'london'],
    ['HEL', 'hello', 'HELLO'],
    ['I', "I'm", "I'm"],
    ['wor', 'hello', null],
  ])('%j + %j → %j', (prefix, suggestion, word) => {
    expect(completeWord(prefix, suggestion)).toBe(word);
  });

  it('gives the ghost letters', () => {
    expect(remainingLetters('Hel', 'hello')).toBe('lo');
    expect(remainingLetters('x', 'hello')).toBe('');
  });
});

describe('boundContext', () => {
  it('keeps short text whole and cuts long text at a word boundary', () => {
    expect(boundContext('short text', 100)).toBe('short text');
    const long = `${'a'.repeat(50)} the end of it`;
    expect(boundContext(long, 20)).toBe('the end of it');
  });
});

describe('cleanEditorText', () => {
  it('drops zero-width characters and turns no-break spaces into spaces', () => {
    expect(cleanEditorText('a\u00A0b\uFEFF\u200Bc')).toBe('a bc');
  });
});
