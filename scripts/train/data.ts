import { readFileSync } from 'node:fs';
import { foldCase, normalizeText, tokenize } from '../../src/text/tokenize';
import { Vocabulary } from '../../src/text/vocab';
import { mulberry32 } from '../../src/model/random';

/** A training source: its documents and how many times each epoch sees it. */
export interface Source { name: string; docs: string[]; weight: number }

/** Documents of a split file: one paragraph per line, blank lines between documents. */
export function readDocs(path: string): string[] {
  return readFileSync(path, 'utf8').split(/\n\s*\n/).map((d) => d.split(/\s+/).join(' ').trim()).filter(Boolean);
}

const SENTENCE_END = new Set(['.', '!', '?', '\n']);

export interface VocabBuild {
  vocab: Vocabulary;
  /** extra words beyond the LSTM vocabulary, for completing rarer words: folded, shown, weighted count */
  lexicon: { word: string; display: string; count: number }[];
  /** weighted token counts per vocabulary id (for the negative sampler) */
  counts: Float64Array;
}

/**
 * Builds the case-folded vocabulary of the `size` most frequent words (counts weighted by each
 * source's weight) and the casing table from mid-sentence spellings.
 */
export function buildVocabulary(sources: Source[], size: number, lexiconSize: number): VocabBuild {
  const count = new Map<string, number>();
  const shapes = new Map<string, Map<string, number>>();
  for (const src of sources) for (const doc of src.docs) {
    let prev = '\n';
    for (const p of tokenize(normalizeText(doc))) {
      if (p.kind === 'word') {
        const f = foldCase(p.text);
        count.set(f, (count.get(f) ?? 0) + src.weight);
        if (!SENTENCE_END.has(prev)) {
          let m = shapes.get(f);
          if (!m) shapes.set(f, (m = new Map()));
          m.set(p.text, (m.get(p.text) ?? 0) + 1);
        }
      }
      prev = p.text;
    }
  }
  const ranked = [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const display = (w: string) => {
    const m = shapes.get(w);
    if (!m) return '';
    let best = w, bestN = 0, total = 0;
    for (const [s, n] of m) { total += n; if (n > bestN) { best = s; bestN = n; } }
    return best !== w && bestN >= 0.6 * total ? best : '';
  };
  const words = ranked.slice(0, size).map(([w]) => w);
  const vocab = new Vocabulary(words, words.map(display));
  const lexicon = ranked.slice(size, size + lexiconSize).filter(([, n]) => n >= 2)
    .map(([word, n]) => ({ word, display: display(word), count: n }));
  const counts = new Float64Array(vocab.size).fill(1);
  for (const src of sources) for (const doc of src.docs) for (const id of vocab.encode(doc)) counts[id] += src.weight;
  return { vocab, lexicon, counts };
}

/** Token ids of every document of every source, encoded once. */
export function encodeSources(vocab: Vocabulary, sources: Source[]): { ids: Int32Array[]; weight: number }[] {
  return sources.map((s) => ({ ids: s.docs.map((d) => Int32Array.from(vocab.encode(d))), weight: s.weight }));
}

/**
 * The token stream of one epoch: every document repeated by its source weight (fractional
 * weights sample the remainder), shuffled with a seed derived from the epoch.
 */
export function epochStream(encoded: { ids: Int32Array[]; weight: number }[], epoch: number, seed: number): Int32Array {
  const rand = mulberry32(seed * 1000003 + epoch);
  const docs: Int32Array[] = [];
  for (const { ids, weight } of encoded) for (const d of ids) {
    const reps = Math.floor(weight) + (rand() < weight % 1 ? 1 : 0);
    for (let r = 0; r < reps; r++) docs.push(d);
  }
  for (let i = docs.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [docs[i], docs[j]] = [docs[j], docs[i]]; }
  const out = new Int32Array(docs.reduce((n, d) => n + d.length, 0));
  let o = 0;
  for (const d of docs) { out.set(d, o); o += d.length; }
  return out;
}
