import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from './fixtures';
import { ECHO_DAMPING, Predictor, sentenceTail } from '../../src/model/predictor';

const corpus = synthCorpus(5, 600);
const model = tinyModelData(trainTiny(corpus, 300), corpus);

describe('Predictor', () => {
  it('gives the same distribution incrementally as from scratch', () => {
    const warm = new Predictor(model), cold = new Predictor(model);
    const text = 'The cat sees the ball in the garden. My friend likes the big house';
    for (let i = 1; i <= text.length; i++) warm.nextWordProbs(text.slice(0, i), 'f');
    const a = warm.nextWordProbs(text, 'f'), b = cold.nextWordProbs(text, 'g');
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-6);
  });

  it('recovers when the user deletes text', () => {
    const p = new Predictor(model), fresh = new Predictor(model);
    p.nextWordProbs('The old man reads the letter every', 'f');
    expect(p.predict('The old man ', '', 3, 'f')).toEqual(fresh.predict('The old man ', '', 3, 'x'));
  });

  it('predicts what the grammar allows next', () => {
    const words = new Predictor(model).predict('The cat sees ', '', 3).map((w) => w.toLowerCase());
    expect(words.some((w) => ['the', 'a', 'some'].includes(w))).toBe(true);
  });

  it('completes only words that start with the typed prefix, keeping its case', () => {
    const words = new Predictor(model).predict('The cat sees the ', 'Bi', 3);
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(w.startsWith('Bi')).toBe(true);
  });

  it('completes rarer words from the lexicon', () => {
    expect(new Predictor(model).predict('I like the ', 'zep', 3)).toEqual(['zeppelin']);
  });

  it('capitalises at a sentence start and never suggests tokens that are not words', () => {
    const words = new Predictor(model).predict('', '', 5);
    expect(words).toHaveLength(5);
    for (const w of words) expect(w).toMatch(/^\p{Lu}/u);
  });
});

describe('Predictor user words', () => {
  it('completes a word the user added from its first letters (accents optional), in their spelling, never as a next word', () => {
    const p = new Predictor(model);
    const known = p.predict('the ', '', 1)[0]!.toLowerCase();
    p.setUserWords([{ word: 'žorbulón', display: 'Žorbulón' }, { word: known, display: known.toUpperCase() }]);
    expect(p.predict('I met ', 'zorb', 3)).toContain('Žorbulón');
    expect(p.predict('I met ', 'Žor', 3)).toContain('Žorbulón');
    expect(p.predict('I met ', '', 64)).not.toContain('Žorbulón');
    // A word the model knows is left to the model: offered once, in the model's own casing.
    expect(p.predict('the ', known.slice(0, 1), 64).filter((w) => w.toLowerCase() === known)).toHaveLength(1);
    p.setUserWords([]);
    expect(p.predict('I met ', 'zorb', 3)).not.toContain('Žorbulón');
  });
});

describe('Predictor state cache', () => {
  it('runs only the new tokens when the content script’s text window slides forward', () => {
    const p = new Predictor(model);
    let steps = 0;
    const step = p.lstm.step.bind(p.lstm);
    p.lstm.step = (s, t) => { steps++; return step(s, t); };
    const text = synthCorpus(9, 400).join(' ');
    const windowed = (end: number) => text.slice(Math.max(0, end - 1500), end);
    let end = 3000;
    while (text[end] !== ' ') end++;
    p.predict(windowed(end + 1), '', 3, 'f');
    const next = text.indexOf(' ', end + 1) + 1;
    steps = 0;
    p.predict(windowed(next), '', 3, 'f');
    expect(steps).toBe(1);
  });
});

describe('Predictor.contextIds', () => {
  it('tokenizes only the new text after a word boundary, with the same result as from scratch', () => {
    const p = new Predictor(model);
    const text = 'The cat sees the ball. My friend likes some fresh bread every morning, and then goes home!';
    for (let i = 1; i <= text.length; i++) p.nextWordProbs(text.slice(0, i), 'f');
    expect(p.contextIds(text + ' I', undefined)).toEqual(new Predictor(model).contextIds(text + ' I'));
    p.nextWordProbs(text + ' ', 'f');
    expect(p.contextIds(text + ' I said', (p as unknown as { fields: Map<string, never> }).fields.get('f'))).toEqual(p.contextIds(text + ' I said'));
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
  it('scales the probability of the sentence\'s last three words by ECHO_DAMPING.factor, and no other word', () => {
    const context = 'The cat likes the ball. My friend sees the ';
    const scores = (factor: number) => {
      const saved = ECHO_DAMPING.factor;
      ECHO_DAMPING.factor = factor;
      try { return new Map(new Predictor(model).rank(context, '', 60).map((s) => [s.key, s.p])); } finally { ECHO_DAMPING.factor = saved; }
    };
    const plain = scores(1), damped = scores(0.25);
    expect(damped.get('the')! / plain.get('the')!).toBeCloseTo(0.25, 6);
    for (const [key, p] of plain) {
      if (!damped.has(key)) continue;
      expect(damped.get(key)).toBeCloseTo(['friend', 'sees', 'the'].includes(key) ? p * 0.25 : p, 9);
    }
  });
});
