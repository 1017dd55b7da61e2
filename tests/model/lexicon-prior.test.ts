import { describe, expect, it } from 'vitest';
import { lexiconWithPrior, subtlexCounts } from '../../scripts/train/lexicon-prior';

const corpus = [
  { word: 'whale', display: '', count: 40 },
  { word: 'harpoon', display: '', count: 10 },
];
const spoken = [
  { word: 'okay', count: 900 }, { word: 'Okay', count: 100 }, { word: 'Tuesday', count: 500 },
  { word: 'the', count: 10000 }, { word: 's', count: 5000 }, { word: 'whale', count: 100 }, { word: '911', count: 50 },
];

describe('lexiconWithPrior', () => {
  const out = lexiconWithPrior(corpus, new Set(['the']), spoken, 10);
  const byWord = new Map(out.map((e) => [e.word, e]));

  it('adds everyday spoken words the corpus lacks, folded, skipping vocabulary words and fragments', () => {
    expect([...byWord.keys()].sort()).toEqual(['harpoon', 'okay', 'tuesday', 'whale']);
  });

  it('mixes the two shares half and half (ratios of the u16 counts)', () => {
    const spokenTotal = 900 + 100 + 500 + 100;
    const p = { whale: 0.5 * (40 / 50) + 0.5 * (100 / spokenTotal), okay: 0.5 * (1000 / spokenTotal), harpoon: 0.5 * (10 / 50) };
    expect(byWord.get('okay')!.count / byWord.get('whale')!.count).toBeCloseTo(p.okay / p.whale, 2);
    expect(byWord.get('harpoon')!.count / byWord.get('whale')!.count).toBeCloseTo(p.harpoon / p.whale, 2);
    expect(out[0].word).toBe('whale');
    expect(Math.max(...out.map((e) => e.count))).toBeLessThanOrEqual(65535);
  });

  it('shows a word the subtitles only capitalize capitalized', () => {
    expect(byWord.get('tuesday')!.display).toBe('Tuesday');
    expect(byWord.get('okay')!.display).toBe('');
  });

  it('keeps the most likely `size` words', () => {
    expect(lexiconWithPrior(corpus, new Set(['the']), spoken, 2).map((e) => e.word)).toEqual(['whale', 'okay']);
  });

  it('reads the installed SUBTLEX-US list', () => {
    const list = subtlexCounts();
    expect(list.length).toBeGreaterThan(70000);
    expect(list[0]).toMatchObject({ word: 'you' });
  });
});
