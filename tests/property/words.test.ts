import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocCache } from '../../src/learn/personal-cache';
import { PersonalMemory } from '../../src/learn/personal-memory';
import { foldCase } from '../../src/text/tokenize';
import { isWordKey, learnedPieces, textWords } from '../../src/text/words';

/**
 * One definition of a word across personalization: the keys the learner scores (the gate and
 * the adapter) are exactly the keys the n-gram memory counts (the words of a link or an
 * identifier as the one <unk> it keeps for it), the document cache counts the same words, and
 * every key is folded the same way, for any text.
 */

const SEED = 12;

/** Pieces where definitions of a word drift apart: apostrophes of every kind, case, accents, numbers, links, code. */
const PIECES = [
  "don't", 'don’t', 'DON’T', 'it‘s', 'rock ’n’ roll', 'O´Neil', 'São', 'SÃO', 'e\u0301te\u0301', '\u0301x', 'İstanbul', 'Straße',
  'ΣΊΣΥΦΟΣ', 'x2', '4.99', '2024', 'https://a.example/x', 'bob@mail.example', 'getElementById', 'my_var', 'Zorbulon', 'ZORBULON',
  '.', ',', '!', '?', '\n', ' ', '  ', '"', '“', '-', '—', "'", '’',
];
const anyText = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(' ')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
);

/** How many times each key occurs. */
function tally(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

describe('one definition of a word (property)', () => {
  it('the learner scores exactly what the memory counts: each word under its key, a number as <num>, a link as one <unk>', () => {
    fc.assert(fc.property(anyText, (text) => {
      const scored: string[] = [];
      const memory = new PersonalMemory();
      memory.learn(text, (_context, key) => { scored.push(key); return 1e-3; });
      const pieces = learnedPieces(text);
      expect(scored).toEqual(pieces.map((p) => p.key));
      // Prose words under their own key; numbers as <num>; the words of a link as its one <unk>.
      const prose = pieces.filter((p) => p.inLink === undefined);
      const counted = new Map([...memory.counts.uni].filter(([k]) => isWordKey(k)));
      expect(tally(prose.filter((p) => p.kind === 'word').map((p) => p.key))).toEqual(counted);
      expect(memory.counts.uni.get('<num>') ?? 0).toBe(prose.filter((p) => p.kind === 'num').length);
      const links = new Set(pieces.filter((p) => p.inLink !== undefined).map((p) => p.inLink)).size;
      expect(memory.counts.uni.get('<unk>') ?? 0).toBe(links);
      expect(scored.every((k) => k === foldCase(k))).toBe(true);
    }), { seed: SEED, numRuns: 400 });
  });

  it('the document cache counts the same keys, and every key is folded once and for all', () => {
    fc.assert(fc.property(anyText, (text) => {
      const words = textWords(text);
      const doc = new DocCache().update(text);
      expect(doc.counts).toEqual(tally(words.map((w) => w.key)));
      for (const w of words) {
        expect(w.key).toBe(foldCase(w.text));
        expect(foldCase(w.key)).toBe(w.key);
      }
    }), { seed: SEED, numRuns: 400 });
  });

  it('reads a curly apostrophe as the straight one: "don’t" is one word, "don\'t"', () => {
    expect(textWords('I don’t know, DON\'T ask').map((w) => w.key)).toEqual(['i', "don't", 'know', "don't", 'ask']);
    const memory = new PersonalMemory();
    memory.learn('I don’t know', () => 1e-3);
    expect([...memory.counts.uni.keys()]).toEqual(['i', "don't", 'know']);
  });
});
