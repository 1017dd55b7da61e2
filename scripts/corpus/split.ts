/**
 * Deterministic bookkeeping for the corpus files: seeded shuffling, a seeded
 * held-out split by document id, the document file format, and removal of
 * evaluation paragraphs from training text.
 */
import { mulberry32 } from '../../src/model/random';
import type { CorpusDocument } from './english';
import { countWords, squash } from './text';

/** Fisher-Yates shuffle of a copy of `items`, driven by `seed`. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A uniform number in [0, 1) from `seed` and `key` (FNV-1a, then one PRNG step); stable per key. */
export function keyedUniform(seed: number, key: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${key}`) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return mulberry32(h)();
}

/** Splits documents into `held` (a `fraction` of them, chosen by id and seed) and `kept`. */
export function splitHeldOut(
  docs: readonly CorpusDocument[],
  fraction: number,
  seed: number,
): { kept: CorpusDocument[]; held: CorpusDocument[] } {
  const kept: CorpusDocument[] = [];
  const held: CorpusDocument[] = [];
  for (const d of docs) (keyedUniform(seed, d.id) < fraction ? held : kept).push(d);
  return { kept, held };
}

/** File text for documents: one paragraph per line, a blank line after each document. */
export function formatDocuments(docs: readonly CorpusDocument[]): string {
  return docs
    .filter((d) => d.paragraphs.length > 0)
    .map((d) => `${d.paragraphs.join('\n')}\n\n`)
    .join('');
}

/** Paragraphs of a file in the evaluation format (blocks separated by blank lines), whitespace squashed. */
export function parseParagraphBlocks(text: string): string[] {
  return text.split(/\n\s*\n/).map(squash).filter(Boolean);
}

/** Evaluation paragraphs at least this long are also searched for inside training paragraphs. */
const CONTAINED_MIN_WORDS = 12;

/**
 * Removes from `docs` (in place) every paragraph equal to an evaluation paragraph
 * or containing a long one. Returns how many training paragraphs were removed,
 * how many distinct evaluation paragraphs they matched, and a few examples.
 */
export function removeEvalOverlap(
  docs: CorpusDocument[],
  evalParagraphs: readonly string[],
): { removed: number; matched: number; examples: string[] } {
  const all = docs.flatMap((d) => d.paragraphs);
  const starts: number[] = [];
  let offset = 0;
  for (const p of all) {
    starts.push(offset);
    offset += p.length + 1;
  }
  const joined = all.join('\n'); // paragraphs never contain newlines, so no match spans two
  const hits = new Set<number>(); // indices into `all`
  const matched = new Set<string>();
  const exact = new Map<string, number[]>();
  all.forEach((p, i) => exact.set(p, [...(exact.get(p) ?? []), i]));
  for (const e of new Set(evalParagraphs)) {
    for (const i of exact.get(e) ?? []) {
      hits.add(i);
      matched.add(e);
    }
    if (countWords(e) < CONTAINED_MIN_WORDS) continue;
    for (let at = joined.indexOf(e); at >= 0; at = joined.indexOf(e, at + 1)) {
      hits.add(paragraphAt(starts, at));
      matched.add(e);
    }
  }
  const examples = [...hits].slice(0, 5).map((i) => all[i]);
  let index = 0;
  for (const d of docs) d.paragraphs = d.paragraphs.filter(() => !hits.has(index++));
  return { removed: hits.size, matched: matched.size, examples };
}

/** Index of the paragraph whose text covers character `at` of the joined text (binary search). */
function paragraphAt(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
