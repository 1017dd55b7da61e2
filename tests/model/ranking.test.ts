import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from './fixtures';
import { BaseModel } from '../../src/model/base-model';
import { CandidateRanker, sentenceTail } from '../../src/model/ranking';
import { CHANNEL, QWERTY, typoVariants } from '../../src/model/typo-channel';

const corpus = synthCorpus(5, 600);
const model = tinyModelData(trainTiny(corpus, 300), corpus);
const base = new BaseModel(model);

function suggest(ranker: CandidateRanker, context: string, prefix: string, k: number): string[] {
  return ranker.cased(ranker.rank(base.nextWordProbs(context, 'f'), context, prefix, k), context, prefix);
}

describe('CandidateRanker', () => {
  const ranker = new CandidateRanker(base, { typos: false });

  it('ranks the words of the distribution, best first', () => {
    const probs = base.nextWordProbs('The cat sees ', 'f');
    const ranked = ranker.rank(probs, 'The cat sees ', '', 5);
    expect(ranked).toHaveLength(5);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].p).toBeGreaterThanOrEqual(ranked[i].p);
    expect(ranked.map((s) => s.key).some((w) => ['the', 'a', 'some'].includes(w))).toBe(true);
  });

  it('completes only words that start with the typed prefix, keeping its case', () => {
    const words = suggest(ranker, 'The cat sees the ', 'Bi', 3);
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(w.startsWith('Bi')).toBe(true);
  });

  it('completes rarer words from the lexicon', () => {
    expect(suggest(ranker, 'I like the ', 'zep', 3)).toEqual(['zeppelin']);
  });

  it('capitalises at a sentence start and never suggests tokens that are not words', () => {
    const words = suggest(ranker, '', '', 5);
    expect(words).toHaveLength(5);
    for (const w of words) expect(w).toMatch(/^\p{Lu}/u);
  });

  it('never offers a blocked word, from the vocabulary or the lexicon, and fills its place with the next best', () => {
    const r = new CandidateRanker(base, { typos: false }), context = 'The cat sees ';
    const before = r.rank(base.nextWordProbs(context, 'f'), context, '', 4).map((s) => s.key);
    r.setBlocked(new Set([before[0], 'zeppelin']));
    const after = r.rank(base.nextWordProbs(context, 'f'), context, '', 4).map((s) => s.key);
    expect(after).not.toContain(before[0]);
    expect(after).toHaveLength(4);
    expect(after.slice(0, 3)).toEqual(before.slice(1, 4));
    expect(suggest(r, 'I like the ', 'zep', 3)).toEqual([]);
    r.setBlocked(new Set());
    expect(r.rank(base.nextWordProbs(context, 'f'), context, '', 4).map((s) => s.key)).toEqual(before);
  });

  it('takes the rescorer\'s candidates and probabilities, and the user\'s own spelling', () => {
    const r = new CandidateRanker(base), context = 'I met ';
    const rescorer = { candidates: () => ['qwxyz'], p: (key: string, pb: number) => (key === 'qwxyz' ? 0.9 : pb) };
    const ranked = r.rank(base.nextWordProbs(context, 'f'), context, '', 3, rescorer);
    expect(ranked[0]).toEqual({ key: 'qwxyz', p: 0.9 });
    expect(r.cased(ranked, context, '', (k) => (k === 'qwxyz' ? 'QwXyz' : undefined))[0]).toBe('QwXyz');
  });
});

describe('CandidateRanker user words', () => {
  it('completes a word the user added from its first letters (accents optional), in their spelling, never as a next word', () => {
    const r = new CandidateRanker(base);
    const known = suggest(r, 'the ', '', 1)[0]!.toLowerCase();
    r.setUserWords([{ word: 'žorbulón', display: 'Žorbulón' }, { word: known, display: known.toUpperCase() }]);
    expect(suggest(r, 'I met ', 'zorb', 3)).toContain('Žorbulón');
    expect(suggest(r, 'I met ', 'Žor', 3)).toContain('Žorbulón');
    expect(suggest(r, 'I met ', '', 64)).not.toContain('Žorbulón');
    // A word the model knows is left to the model: offered once, in the model's own casing.
    expect(suggest(r, 'the ', known.slice(0, 1), 64).filter((w) => w.toLowerCase() === known)).toHaveLength(1);
    r.setUserWords([]);
    expect(suggest(r, 'I met ', 'zorb', 3)).not.toContain('Žorbulón');
  });
});

describe('sentenceTail', () => {
  it.each([
    ['I met the cat and the', ['cat', 'and', 'the']],
    ['The cat sat. My Dog', ['my', 'dog']],
    ['Is it? Yes it is', ['yes', 'it', 'is']],
    ['first line\nsecond', ['second']],
    ['', []],
  ])('%j → %j', (context, keys) => {
    expect([...sentenceTail(context)].sort()).toEqual([...keys].sort());
  });
});

describe('echo damping', () => {
  it('scales the probability of the sentence\'s last three words by the damping factor, and no other word', () => {
    const context = 'The cat likes the ball. My friend sees the ';
    const scores = (echoDamping: number) => new Map(new CandidateRanker(base, { echoDamping }).rank(base.nextWordProbs(context, 'f'), context, '', 60).map((s) => [s.key, s.p]));
    const plain = scores(1), damped = scores(0.25);
    expect(damped.get('the')! / plain.get('the')!).toBeCloseTo(0.25, 6);
    for (const [key, p] of plain) {
      if (!damped.has(key)) continue;
      expect(damped.get(key)).toBeCloseTo(['friend', 'sees', 'the'].includes(key) ? p * 0.25 : p, 9);
    }
  });
});

describe('CandidateRanker typo tolerance', () => {
  const context = 'The cat sees the ';

  it('offers the word meant after a neighbouring key, a swap, a left-out or an extra letter — only with typos on', () => {
    const on = new CandidateRanker(base), off = new CandidateRanker(base, { typos: false });
    for (const typed of ['bsll', 'blal', 'bll', 'baoll']) {
      expect(suggest(on, context, typed, 3)).toContain('ball');
      expect(suggest(off, context, typed, 3)).not.toContain('ball');
    }
  });

  it('ranks a correction below a likely plain completion: the slip costs its penalty', () => {
    const r = new CandidateRanker(base), probs = base.nextWordProbs(context, 'f');
    const ranked = r.rank(probs, context, 'ba', 10);
    expect(ranked[0].key.startsWith('ba')).toBe(true);
    const pBall = probs[base.vocab.wordId('ball')!];
    const fixed = r.rank(probs, context, 'bsll', 3).find((s) => s.key === 'ball')!;
    const slip = typoVariants('bsll', QWERTY).find((v) => v.key === 'ball')!.penalty; // s typed for a, one of a's four neighbours
    expect(fixed.p / pBall).toBeCloseTo(slip, 5); // exactly the neighbouring-key penalty
  });

  it('offers no correction weaker than massShare of the plain completions together', () => {
    const probs = base.nextWordProbs(context, 'f');
    // "bi" starts likely words (big, …): a correction must carry a share of their probability.
    const strict = new CandidateRanker(base, { channel: { ...CHANNEL, massShare: 1e6 } });
    expect(strict.rank(probs, context, 'bi', 10).every((s) => s.key.startsWith('bi'))).toBe(true);
    const lax = new CandidateRanker(base, { channel: { ...CHANNEL, massShare: 0 } });
    expect(lax.rank(probs, context, 'bi', 10).some((s) => !s.key.startsWith('bi'))).toBe(true);
  });

  it('never offers a blocked word as a correction', () => {
    const r = new CandidateRanker(base);
    r.setBlocked(new Set(['ball']));
    expect(suggest(r, context, 'bsll', 5)).not.toContain('ball');
  });

  it('corrects to the user\'s added words and own words too', () => {
    const r = new CandidateRanker(base);
    r.setUserWords([{ word: 'zorbulon', display: 'Zorbulon' }]);
    expect(suggest(r, 'I met ', 'zotbul', 3)).toContain('Zorbulon');
    const rescorer = { candidates: () => [], p: (_k: string, pb: number) => pb, ownWords: (key: string) => ('quxfrob'.startsWith(key) ? ['quxfrob'] : []) };
    const ranked = r.rank(base.nextWordProbs('I met ', 'f'), 'I met ', 'quxfeo', 3, rescorer);
    expect(ranked.map((s) => s.key)).toContain('quxfrob');
  });

  it('keeps at most perThree corrections in each three places while completions remain', () => {
    const probs = base.nextWordProbs(context, 'f');
    const count = (perThree: number) => {
      const r = new CandidateRanker(base, { channel: { ...CHANNEL, perThree } });
      const ranked = r.rank(probs, context, 'bi', 6).map((s) => s.key);
      return [0, 3].map((at) => ranked.slice(at, at + 3).filter((k) => !k.startsWith('bi')).length);
    };
    for (const n of count(1)) expect(n).toBeLessThanOrEqual(1);
    expect(Math.max(...count(3))).toBeGreaterThanOrEqual(Math.max(...count(1)));
  });
});
