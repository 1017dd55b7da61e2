import { matchKey } from '../text/prefix-index';
import { raiseInTop } from './personal-cache';
import type { NgramTable } from './ngram-table';
import type { PersonalCounts } from './personal-ngram';
import { isWordKey } from '../text/words';

/**
 * The views of the personal counts that suggestions read — the words sorted by match key (a
 * prefix's words are one range), the most frequent words, a row's followers by count — kept up
 * to date as texts are counted in and out, and the answers given since the counts last changed.
 */

/**
 * Answers reused until the counts change (a keystroke asks the same as the one before, with
 * one more letter): wordsWithPrefix by prefix and limit; a row's followers by count, and its
 * best ones by prefix. Sorting a large row ("the …") for every keystroke cost a third of a
 * prediction at 350,000 words.
 */
export interface Memo {
  withPrefix: Map<string, string[]>;
  rows: Map<number, { words: RowWord[]; byPrefix: Map<string, string[]> }>;
}
/** Bounds of the memo's maps (cleared when full: they refill from what is typed next). */
const MEMO_PREFIXES = 4096, MEMO_ROWS = 512, MEMO_ROW_PREFIXES = 64;

function memo(c: PersonalCounts): Memo {
  return (derived(c).memo ??= { withPrefix: new Map(), rows: new Map() });
}

/** Drops the memo: the counts changed (counted, forgotten or pruned). */
export function forgetAnswers(c: PersonalCounts): void {
  if (c.cache) c.cache.memo = undefined;
}


/** The `limit` most frequent followers in row `r` whose match key starts with `key` (memoized). */
export function followersWithPrefix(c: PersonalCounts, t: NgramTable, r: number, tri: 0 | 1, key: string, limit: number): string[] {
  const rows = memo(c).rows, id = r * 2 + tri;
  let m = rows.get(id);
  if (!m) {
    if (rows.size >= MEMO_ROWS) rows.clear();
    rows.set(id, (m = { words: rowWords(c, t, r), byPrefix: new Map() }));
  }
  const k = `${key}\u0000${limit}`;
  let best = m.byPrefix.get(k);
  if (!best) {
    best = mostFrequentOf(m.words, key, limit);
    if (m.byPrefix.size >= MEMO_ROW_PREFIXES) m.byPrefix.clear();
    m.byPrefix.set(k, best);
  }
  return best;
}

/** A row's word: [match key, word, count]. */
type RowWord = [string, string, number];

/** A row's words, in row order. */
function rowWords(c: PersonalCounts, t: NgramTable, r: number): RowWord[] {
  const keyOf = derived(c).keyOf, keys = t.ids.keys, out: RowWord[] = [];
  t.forEachIn(r, (w, n) => { const k = keys[w]; if (isWordKey(k)) out.push([keyOf.get(k) ?? matchKey(k), k, n]); });
  return out;
}

/**
 * The `limit` most frequent of `words` whose match key starts with `key`, ties in row order:
 * one pass, no sort (a large row, "the …", has thousands of words and is asked for a dozen).
 */
function mostFrequentOf(words: readonly RowWord[], key: string, limit: number): string[] {
  const best: RowWord[] = [];
  for (const e of words) {
    if (!e[0].startsWith(key) || (best.length >= limit && e[2] <= best[best.length - 1][2])) continue;
    let at = best.length;
    while (at > 0 && best[at - 1][2] < e[2]) at--;
    best.splice(at, 0, e);
    if (best.length > limit) best.pop();
  }
  return best.map((e) => e[1]);
}


const TOP = 64;
const byKey = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

function derived(c: PersonalCounts): Required<NonNullable<PersonalCounts['cache']>> {
  if (!c.cache) {
    const sorted = [...c.uni.keys()].filter(isWordKey).map((w): [string, string] => [matchKey(w), w]).sort(byKey);
    c.cache = { sorted, keyOf: new Map(sorted.map(([k, w]) => [w, k])) };
  }
  c.cache.top ??= mostFrequent(c, c.cache.sorted.map((e) => e[1]));
  return c.cache as Required<NonNullable<PersonalCounts['cache']>>;
}

/** The TOP most frequent of `words` (distinct), most frequent first (ties: by spelling); one pass, no sort of them all. */
function mostFrequent(c: PersonalCounts, words: Iterable<string>): string[] {
  const best: [string, number][] = [];
  for (const w of words) {
    const n = c.uni.get(w) ?? 0;
    const before = (e: [string, number]) => e[1] > n || (e[1] === n && e[0] < w);
    if (n <= 0 || (best.length >= TOP && before(best[best.length - 1]))) continue;
    let at = best.length;
    while (at > 0 && !before(best[at - 1])) at--;
    best.splice(at, 0, [w, n]);
    if (best.length > TOP) best.pop();
  }
  return best.map((e) => e[0]);
}

/** Where [match key, word] is or would go in the sorted view. */
function sortedAt(sorted: [string, string][], e: [string, string]): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (byKey(sorted[m], e) < 0) lo = m + 1; else hi = m; }
  return lo;
}

/**
 * Keeps the views current after a word's count went down (a text was forgotten or replaced):
 * a word no longer counted leaves the sorted view; the top list is remade, in one pass, only
 * when a word of it went down (one outside it may now rank above).
 */
export function uncounted(cache: NonNullable<PersonalCounts['cache']>, c: PersonalCounts, w: string): void {
  if (!c.uni.has(w)) {
    const key = cache.keyOf.get(w) ?? matchKey(w), at = sortedAt(cache.sorted, [key, w]);
    if (cache.sorted[at]?.[1] === w) cache.sorted.splice(at, 1);
    cache.keyOf.delete(w);
  }
  if (cache.top?.includes(w)) cache.top = undefined;
}

/** Keeps the views current after a word's count went up (a count only rising can only enter the top). */
export function counted(cache: NonNullable<PersonalCounts['cache']>, c: PersonalCounts, w: string, isNew: boolean): void {
  if (isNew) {
    const e: [string, string] = [matchKey(w), w];
    cache.sorted.splice(sortedAt(cache.sorted, e), 0, e);
    cache.keyOf.set(w, e[0]);
  }
  const top = cache.top;
  if (!top) return;
  const n = c.uni.get(w) ?? 0;
  raiseInTop(top, w, TOP, (a) => { const m = c.uni.get(a) ?? 0; return m > n || (m === n && a < w); });
}

/** The user's `limit` most frequent words that start with a typed prefix (accent- and case-insensitive). */
export function wordsWithPrefix(c: PersonalCounts, prefix: string, limit = Infinity): string[] {
  const key = matchKey(prefix), d = derived(c), answers = memo(c).withPrefix, asked = `${key}\u0000${limit}`;
  const known = answers.get(asked);
  if (known) return known.slice();
  // Words sorted by match key: the prefix's words are one range, found by binary search.
  let lo = 0, hi = d.sorted.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (d.sorted[m][0] < key) lo = m + 1; else hi = m; }
  // The `limit` most frequent of the range, kept sorted (count descending, then in key order).
  const best: [string, number][] = [];
  for (let i = lo; i < d.sorted.length && d.sorted[i][0].startsWith(key); i++) {
    const w = d.sorted[i][1], n = c.uni.get(w) ?? 0;
    if (best.length >= limit && n <= best[best.length - 1][1]) continue;
    let at = best.length;
    while (at > 0 && best[at - 1][1] < n) at--;
    best.splice(at, 0, [w, n]);
    if (best.length > limit) best.pop();
  }
  const words = best.map((e) => e[0]);
  if (answers.size >= MEMO_PREFIXES) answers.clear();
  answers.set(asked, words);
  return words.slice();
}

/** The user's most frequent words, most frequent first. */
export function topWords(c: PersonalCounts): string[] {
  return derived(c).top;
}
