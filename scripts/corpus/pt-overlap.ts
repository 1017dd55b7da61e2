/**
 * The stricter dev-set scrub the Portuguese corpus needs, because its dev text
 * was cut from the very pages we train on, by a slightly different extractor
 * (it dropped inline code, so "montado com "noatime"." became "montado com ""."),
 * so exact matching (`removeEvalOverlap` in split.ts) misses some of them. Here
 * two paragraphs overlap when most word 5-grams of the shorter one occur in the
 * longer one: that covers containment either way and near-copies.
 */
import type { CorpusDocument } from './english';
import { WORD_RE } from './text';

/** Word n-grams of a paragraph, lower-cased, punctuation ignored. */
export function wordShingles(paragraph: string, n: number): string[] {
  const words = (paragraph.match(WORD_RE) ?? []).map((w) => w.toLowerCase());
  const out: string[] = [];
  for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}

/** How to decide that a training paragraph copies a dev paragraph. */
export interface OverlapRule {
  /** Words per shingle. */
  shingle: number;
  /** Paragraphs with fewer words than this are only matched exactly (split.ts). */
  minWords: number;
  /** Shared shingles over the shingles of the shorter paragraph at or above which both count as one text. */
  threshold: number;
}

export const DEV_OVERLAP_RULE: Readonly<OverlapRule> = Object.freeze({ shingle: 3, minWords: 8, threshold: 0.7 });

/**
 * Removes from `docs` (in place) each paragraph that overlaps a dev paragraph
 * under `rule` (overlap coefficient of word shingles). Returns how many
 * paragraphs were removed and a few examples.
 */
export function removeNearDevCopies(
  docs: Pick<CorpusDocument, 'paragraphs'>[],
  dev: readonly string[],
  rule: Readonly<OverlapRule> = DEV_OVERLAP_RULE,
): { removed: number; examples: string[] } {
  const minShingles = rule.minWords - rule.shingle + 1;
  const devSizes: number[] = [];
  const devOf = new Map<string, number[]>(); // shingle -> dev paragraphs holding it
  dev.forEach((d, i) => {
    const shingles = new Set(wordShingles(d, rule.shingle));
    devSizes.push(shingles.size);
    if (shingles.size < minShingles) return;
    for (const s of shingles) devOf.set(s, [...(devOf.get(s) ?? []), i]);
  });

  const copiesDev = (p: string): boolean => {
    const shingles = new Set(wordShingles(p, rule.shingle));
    if (shingles.size < minShingles) return false;
    const shared = new Map<number, number>(); // dev paragraph -> shingles shared with p
    for (const s of shingles) for (const i of devOf.get(s) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    for (const [i, n] of shared) if (n >= rule.threshold * Math.min(shingles.size, devSizes[i])) return true;
    return false;
  };

  const examples: string[] = [];
  let removed = 0;
  for (const doc of docs) {
    doc.paragraphs = doc.paragraphs.filter((p) => {
      if (!copiesDev(p)) return true;
      removed++;
      if (examples.length < 5) examples.push(p);
      return false;
    });
  }
  return { removed, examples };
}
