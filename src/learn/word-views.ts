import { matchKey } from '../text/prefix-index';
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
  /** match key → limit → words */
  withPrefix: Map<string, Map<number, string[]>>;
  rows: Map<number, { words: RowWords; byPrefix: Map<string, string[]> }>;
}
/** Bounds of the memo's maps (cleared when full: they refill from what is typed next). */
const MEMO_PREFIXES = 4096, MEMO_ROWS = 512, MEMO_ROW_PREFIXES = 64;

function memo(c: PersonalCounts): Memo {
  return (derived(c).memo ??= { withPrefix: new Map(), rows: new Map() });
}

/** A counted word's match key: the key ids keep it; a word no longer counted has lost its id. */
const keyOfWord = (c: PersonalCounts, w: string): string => c.bi.ids.wordKey(c.bi.ids.id(w)) ?? matchKey(w);

/** Drops the memo: the counts changed everywhere (pruned, or loaded). */
export function forgetAnswers(c: PersonalCounts): void {
  if (c.cache) c.cache.memo = undefined;
}

/**
 * Drops the answers that one more (or one less) `key` after bigram row `biRow` and trigram row
 * `triRow` changes: those two rows' followers, and the words of every prefix of the key. The
 * rest stay: dropping the whole memo after each learned sample made the next keystroke sort
 * the largest rows again (at 350,000 words a good part of a prediction's p95).
 */
export function changedAnswers(c: PersonalCounts, key: string, biRow: number, triRow: number): void {
  const m = c.cache?.memo;
  if (!m) return;
  if (biRow >= 0) m.rows.delete(biRow * 2);
  if (triRow >= 0) m.rows.delete(triRow * 2 + 1);
  if (!m.withPrefix.size || !isWordKey(key)) return;
  const mk = keyOfWord(c, key);
  for (let i = 0; i <= mk.length; i++) m.withPrefix.delete(mk.slice(0, i));
}


/** The `limit` most frequent followers in row `r` whose match key starts with `key` (memoized). */
export function followersWithPrefix(c: PersonalCounts, t: NgramTable, r: number, tri: 0 | 1, key: string, limit: number): string[] {
  const rows = memo(c).rows, id = r * 2 + tri;
  let m = rows.get(id);
  if (!m) {
    if (rows.size >= MEMO_ROWS) rows.clear();
    rows.set(id, (m = { words: rowWords(t, r), byPrefix: new Map() }));
  }
  const k = `${key}\u0000${limit}`;
  let best = m.byPrefix.get(k);
  if (!best) {
    best = mostFrequentOf(t, m.words, key, limit);
    if (m.byPrefix.size >= MEMO_ROW_PREFIXES) m.byPrefix.clear();
    m.byPrefix.set(k, best);
  }
  return best;
}

/** A row's words: their key ids and counts, in row order (two arrays, not an array per word: rows are rebuilt often and can be long). */
interface RowWords { ids: Int32Array; counts: Int32Array }

/** A row's words (keys that are words), in row order. */
function rowWords(t: NgramTable, r: number): RowWords {
  const ids = new Int32Array(t.rowSize(r)), counts = new Int32Array(ids.length);
  let n = 0;
  t.forEachIn(r, (w, count) => { if (t.ids.wordKey(w) !== undefined) { ids[n] = w; counts[n++] = count; } });
  return { ids: ids.subarray(0, n), counts: counts.subarray(0, n) };
}

/**
 * The `limit` most frequent of `words` whose match key starts with `key`, ties in row order:
 * one pass, no sort (a large row, "the …", has thousands of words and is asked for a dozen).
 */
function mostFrequentOf(t: NgramTable, words: RowWords, key: string, limit: number): string[] {
  const best: number[] = []; // indexes into words, most frequent first
  const { ids, counts } = words;
  for (let i = 0; i < ids.length; i++) {
    const n = counts[i];
    if ((best.length >= limit && n <= counts[best[best.length - 1]]) || !t.ids.wordKey(ids[i])!.startsWith(key)) continue;
    let at = best.length;
    while (at > 0 && counts[best[at - 1]] < n) at--;
    best.splice(at, 0, i);
    if (best.length > limit) best.pop();
  }
  return best.map((i) => t.ids.keys[ids[i]]);
}


const TOP = 64;

/** Where (match key, word) is or would go in the sorted view (by match key, then word). */
function sortedAt(v: SortedView, key: string, w: string): number {
  let lo = 0, hi = v.keys.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1, k = v.keys[m];
    if (k < key || (k === key && v.words[m] < w)) lo = m + 1; else hi = m;
  }
  return lo;
}

/** The words sorted by match key, as two arrays (an array per word made 25,000 small objects at 350,000 words learned). */
interface SortedView { keys: string[]; words: string[] }

function derived(c: PersonalCounts): Required<NonNullable<PersonalCounts['cache']>> {
  if (!c.cache) {
    const pairs = [...c.uni.keys()].filter(isWordKey).map((w): [string, string] => [keyOfWord(c, w), w]);
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    c.cache = { sorted: { keys: pairs.map((e) => e[0]), words: pairs.map((e) => e[1]) } };
  }
  c.cache.top ??= mostFrequent(c, c.cache.sorted.words);
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

/**
 * Keeps the views current after a word's count went down (a text was forgotten or replaced):
 * a word no longer counted leaves the sorted view; the top list is remade, in one pass, only
 * when a word of it went down (one outside it may now rank above).
 */
export function uncounted(cache: NonNullable<PersonalCounts['cache']>, c: PersonalCounts, w: string): void {
  if (!c.uni.has(w)) {
    const v = cache.sorted, at = sortedAt(v, keyOfWord(c, w), w);
    if (v.words[at] === w) { v.keys.splice(at, 1); v.words.splice(at, 1); }
  }
  if (cache.top?.includes(w)) cache.top = undefined;
}

/** Keeps the views current after a word's count went up (a count only rising can only enter the top). */
export function counted(cache: NonNullable<PersonalCounts['cache']>, c: PersonalCounts, w: string, isNew: boolean): void {
  if (isNew) {
    const v = cache.sorted, key = keyOfWord(c, w), at = sortedAt(v, key, w);
    v.keys.splice(at, 0, key); v.words.splice(at, 0, w);
  }
  const top = cache.top;
  if (!top) return;
  const n = c.uni.get(w) ?? 0;
  raiseInTop(top, w, TOP, (a) => { const m = c.uni.get(a) ?? 0; return m > n || (m === n && a < w); });
}

/** The user's `limit` most frequent words that start with a typed prefix (accent- and case-insensitive). */
export function wordsWithPrefix(c: PersonalCounts, prefix: string, limit = Infinity): string[] {
  const key = matchKey(prefix), sorted = derived(c).sorted, { keys, words: sortedWords } = sorted, answers = memo(c).withPrefix;
  const known = answers.get(key)?.get(limit);
  if (known) return known.slice();
  // Words sorted by match key: the prefix's words are one range, from the first key not below it.
  const lo = sortedAt(sorted, key, '');
  // The `limit` most frequent of the range, kept sorted (count descending, then in key order).
  const best: [string, number][] = [];
  for (let i = lo; i < keys.length && keys[i].startsWith(key); i++) {
    const w = sortedWords[i], n = c.uni.get(w) ?? 0;
    if (best.length >= limit && n <= best[best.length - 1][1]) continue;
    let at = best.length;
    while (at > 0 && best[at - 1][1] < n) at--;
    best.splice(at, 0, [w, n]);
    if (best.length > limit) best.pop();
  }
  const words = best.map((e) => e[0]);
  if (answers.size >= MEMO_PREFIXES) answers.clear();
  let byLimit = answers.get(key);
  if (!byLimit) answers.set(key, (byLimit = new Map()));
  byLimit.set(limit, words);
  return words.slice();
}

/** The user's most frequent words, most frequent first. */
export function topWords(c: PersonalCounts): string[] {
  return derived(c).top;
}

/**
 * Puts `key`, whose rank only rose, in its place in `top` (at most `limit` words, best first):
 * `above(k)` says whether k still ranks before it. No sort, no rebuild.
 */
export function raiseInTop(top: string[], key: string, limit: number, above: (k: string) => boolean): void {
  let at = top.indexOf(key);
  if (at < 0) {
    if (top.length >= limit && above(top[top.length - 1])) return;
    at = top.push(key) - 1;
  }
  while (at > 0 && !above(top[at - 1])) { top[at] = top[at - 1]; top[at - 1] = key; at--; }
  if (top.length > limit) top.pop();
}
