import { isWordKey, textPieces } from '../text/words';
import { ownString } from '../util/own-string';
import { matchKey } from '../text/prefix-index';
import { KeyIds, NgramTable } from './ngram-table';
import { changedAnswers, counted, followersWithPrefix, topWords, uncounted, type Memo } from './word-views';

/** The user's own n-gram memory, over words as strings so new words (names, jargon) count too. */
export interface PersonalCounts {
  uni: Map<string, number>;
  /** previous key → next key → count (rows iterate as [v, row]) */
  bi: NgramTable;
  /** (u, v) → next key → count (rows iterate as ["u\u0001v", row]); shares `bi`'s key ids */
  tri: NgramTable;
  /** key → how often the user wrote it mid-sentence in each form other than the key itself ("Quendolyn", "NASA") */
  forms: Map<string, Map<string, number>>;
  /** key → how often the user wrote it mid-sentence as the key itself (in lowercase) */
  lower: Map<string, number>;
  /** derived from `forms` and `lower`: the form a word is shown in, when the user writes it so at least as often as in lowercase */
  display: Map<string, string>;
  total: number;
  /**
   * derived views, kept up to date as words are counted in or out (built when first asked
   * for after a snapshot is loaded): the most frequent words, the words and their match keys
   * sorted by match key (a prefix's words are one range)
   */
  cache?: { top?: string[]; sorted: { keys: string[]; words: string[] }; memo?: Memo };
}

const BOUNDARY = '<s>';
const D = 0.5; // absolute discount: personal counts are small
const UNIGRAM_SHARE = 0.5; // how far the backoff leans toward the user's own word frequencies

/**
 * Context keys of the personal memory: folded words, punctuation, <s>, <num>, and <unk> for a
 * link or identifier (see textPieces).
 */
export function personalKeys(text: string): { keys: string[]; shown: (string | undefined)[] } {
  const keys: string[] = [], shown: (string | undefined)[] = [];
  let sentenceStart = true, link = -1;
  for (const p of textPieces(text)) {
    if (p.inLink !== undefined) {
      if (p.inLink !== link) { keys.push('<unk>'); shown.push(undefined); link = p.inLink; }
      sentenceStart = false;
      continue;
    }
    switch (p.kind) {
      case 'word': keys.push(p.key); shown.push(sentenceStart ? undefined : p.text); break;
      case 'num': keys.push('<num>'); shown.push(undefined); break;
      case 'break': keys.push(BOUNDARY); shown.push(undefined); break;
      case 'punct': keys.push(p.text); shown.push(undefined); break;
    }
    sentenceStart = p.kind === 'break' || (p.kind === 'punct' && /[.!?]/.test(p.text));
  }
  return { keys, shown };
}


export function emptyCounts(): PersonalCounts {
  const ids = new KeyIds();
  return { uni: new Map(), bi: new NgramTable(ids), tri: new NgramTable(ids), forms: new Map(), lower: new Map(), display: new Map(), total: 0 };
}

function bump<K>(m: Map<K, number>, k: K, by: number): void {
  const n = (m.get(k) ?? 0) + by;
  // A count that reaches 0 is removed, so forgetting a text leaves no trace of its keys.
  if (n > 0) m.set(k, n); else m.delete(k);
}
function bumpRow<K>(m: Map<K, Map<string, number>>, k: K, next: string, by: number): void {
  let r = m.get(k);
  if (!r) { if (by < 0) return; m.set(k, (r = new Map())); }
  bump(r, r.has(next) ? next : ownString(next), by);
  if (!r.size) m.delete(k);
}

/** Adds a text to the counts (each paragraph starts a fresh context). */
export function addText(c: PersonalCounts, text: string): void {
  new TextCounter(c, text, 1).run(() => true);
}

/**
 * Subtracts a text added before: every count is a sum over texts, so after removing one the
 * counts equal those of adding only the others, spellings (`forms`) included.
 */
export function removeText(c: PersonalCounts, text: string): void {
  new TextCounter(c, text, -1).run(() => true);
}

/** Keys counted between two looks at the clock (a few microseconds each). */
const KEYS_PER_LOOK = 32;

/**
 * Counts a text in (`by` 1) or out (-1) a few keys at a time, so a long sample need not be
 * counted in one go: after any step the counts hold a prefix of the text, the same as if that
 * prefix had been counted whole.
 */
export class TextCounter {
  /** the text's keys (personalKeys), in order */
  readonly keys: string[];
  private readonly shown: (string | undefined)[];
  private i = 0;
  private u = BOUNDARY;
  private v = BOUNDARY;

  constructor(private readonly c: PersonalCounts, text: string, private readonly by: 1 | -1) {
    ({ keys: this.keys, shown: this.shown } = personalKeys(text));
  }

  /** Counts keys while `more()` (asked every few keys) says so; returns whether the text is all counted. */
  run(more: () => boolean): boolean {
    const { keys } = this;
    while (this.i < keys.length) {
      for (const end = Math.min(keys.length, this.i + KEYS_PER_LOOK); this.i < end; this.i++) this.count(keys[this.i], this.shown[this.i]);
      if (this.i < keys.length && !more()) return false;
    }
    return true;
  }

  private count(cut: string, s: string | undefined): void {
    const { c, by, u, v } = this, ids = c.bi.ids;
    // One string per key in every map, and none a view into the text (see ownString).
    const known = ids.id(cut), k = known >= 0 ? ids.keys[known] : ownString(cut);
    const had = c.uni.get(k) ?? 0;
    if (by > 0 || had > 0) c.total += by;
    bump(c.uni, k, by);
    const biRow = c.bi.bump(undefined, v, k, by), triRow = c.tri.bump(u, v, k, by);
    // After the rows: a new word has its key id (and match key) then.
    if (c.cache && isWordKey(k)) {
      if (by > 0) counted(c.cache, c, k, had === 0);
      else if (had > 0) uncounted(c.cache, c, k);
    }
    changedAnswers(c, k, biRow, triRow);
    if (s && isWordKey(k)) { if (s !== k) bumpRow(c.forms, k, s, by); else bump(c.lower, k, by); }
    if (c.forms.has(k) || c.display.has(k)) refreshDisplay(c, k);
    this.u = v; this.v = k;
  }
}

/**
 * The form a word is shown in: its most frequent mid-sentence form other than the key, if the
 * user wrote it so at least as often as in lowercase mid-sentence (sums, like every count:
 * deleting a text takes its spellings with it).
 */
export function refreshDisplay(c: PersonalCounts, k: string): void {
  let best: string | undefined, n = 0;
  for (const [form, m] of c.forms.get(k) ?? []) if (m > n || (m === n && best !== undefined && form < best)) { best = form; n = m; }
  if (best !== undefined && n >= (c.lower.get(k) ?? 0)) c.display.set(k, best); else c.display.delete(k);
}

/** What the memory knows about a context: counts of its bigram and trigram context. */
export interface PersonalEvidence { bi: number; tri: number }

/** The personal distribution for a context (last two keys), evaluated per word. */
export class PersonalContext {
  readonly evidence: PersonalEvidence;
  private readonly biRow: number;
  private readonly triRow: number;
  private readonly biTotal: number;
  private readonly triTotal: number;

  constructor(private readonly c: PersonalCounts, u: string, v: string) {
    const ids = c.bi.ids, vi = ids.id(v), ui = ids.id(u);
    this.biRow = c.bi.row(-1, vi); this.triRow = ui < 0 ? -1 : c.tri.row(ui, vi);
    this.biTotal = this.biRow < 0 ? 0 : c.bi.rowTotal(this.biRow);
    this.triTotal = this.triRow < 0 ? 0 : c.tri.rowTotal(this.triRow);
    this.evidence = { bi: this.biTotal, tri: this.triTotal };
  }

  /**
   * p_user(word | context): the user's trigram and bigram counts with absolute discounting,
   * backing off to the base model's probability lifted slightly toward the user's unigram.
   */
  p(key: string, pBase: number): number {
    const c = this.c;
    let p = c.total ? (1 - UNIGRAM_SHARE) * pBase + (UNIGRAM_SHARE * (c.uni.get(key) ?? 0)) / c.total : pBase;
    if (!this.biTotal) return p;
    const w = c.bi.ids.id(key);
    p = discounted(c.bi, this.biRow, this.biTotal, w, p);
    if (this.triTotal) p = discounted(c.tri, this.triRow, this.triTotal, w, p);
    return p;
  }

  /** How often the user wrote `key` after both words of this context (0 where they never wrote the two together). */
  triCount(key: string): number {
    const w = this.c.bi.ids.id(key);
    return this.triRow < 0 || w < 0 ? 0 : this.c.tri.countIn(this.triRow, w);
  }

  /**
   * Words this context has been followed by that start with `prefix` (the `limit` most frequent
   * of each row), and without a prefix also the user's most frequent words.
   */
  candidates(prefix: string, limit = 12): string[] {
    const key = matchKey(prefix), out: string[] = [];
    if (this.triRow >= 0) out.push(...followersWithPrefix(this.c, this.c.tri, this.triRow, 1, key, limit));
    if (this.biRow >= 0) out.push(...followersWithPrefix(this.c, this.c.bi, this.biRow, 0, key, limit));
    if (!key) out.push(...topWords(this.c).slice(0, limit));
    return out;
  }
}

function discounted(t: NgramTable, r: number, total: number, w: number, lower: number): number {
  const backoff = (D * t.rowSize(r)) / total;
  return Math.max(t.countIn(r, w) - D, 0) / total + backoff * lower;
}

export { BOUNDARY as PERSONAL_BOUNDARY };
export { forgetAnswers, wordsWithPrefix } from './word-views';
