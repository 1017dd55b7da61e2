import { describe, expect, it } from 'vitest';
import { continuesTyped, correctionSpan, wordToInsert } from '../../src/page/correction';

describe('corrections in the page', () => {
  it('tells a completion (accents and case aside) from a correction', () => {
    expect(continuesTyped('rec', 'receive')).toBe(true);
    expect(continuesTyped('voce', 'você')).toBe(true);
    expect(continuesTyped('Rec', 'receive')).toBe(true);
    expect(continuesTyped('recie', 'receive')).toBe(false);
  });

  it('inserts a completion keeping the typed letters, and a correction as the word', () => {
    expect(wordToInsert('McD', 'Mcdonald')).toBe('McDonald');
    expect(wordToInsert('recieve', 'receive')).toBe('receive');
    expect(wordToInsert('voce', 'você')).toBe('você');
    expect(wordToInsert('TEH', 'the')).toBe('THE');
  });

  it.each([
    ['recie', 'receive', 3, 5],      // two letters swapped
    ['thnk', 'think', 2, 3],         // a letter left out
    ['becuase', 'because', 3, 5],    // swapped
    ['helko', 'hello', 3, 4],        // a neighbouring key
    ['yhe', 'the', 0, 1],            // the first letter
    ['thhe', 'the', 2, 3],           // a key pressed twice: the letter after it is marked
    ['ocasion', 'occasion', 1, 3],   // a doubled letter left out
    ['Cpmo', 'Como', 1, 2],          // a capital start
  ])('%s → %s marks letters within [%i, %i)', (typed, word, from, to) => {
    const span = correctionSpan(typed, word)!;
    expect(span).not.toBeNull();
    expect(span[0]).toBeGreaterThanOrEqual(from);
    expect(span[1]).toBeLessThanOrEqual(to);
    expect(span[1]).toBeGreaterThan(span[0]);
  });

  it('marks nothing in a completion', () => {
    expect(correctionSpan('voc', 'você')).toBeNull();
    expect(correctionSpan('the', 'there')).toBeNull();
    expect(correctionSpan('naô', 'não')).toBeNull(); // accents are matched, not corrected
  });
});
