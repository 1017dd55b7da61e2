import { classOf, lastCodePoint, WORD_CHAR } from '../text/char-class';
import { matchKey } from '../text/prefix-index';
import { textWords } from '../text/words';

/** Longest tail of the field's text the document cache reads (the content script sends 2,000). */
const MAX_CHARS = 2000;
/** The document's last words the cache gives no probability (see DocCache.isRecent). */
const ECHO_WORDS = 3;
/** The shortest common beginning a changed context is counted on from (a shorter one is recounted). */
const MIN_REWIND_CHARS = 64;
/** How many of a long field's first characters are looked for in the text counted when its start moved on. */
const ALIGN_PROBE = 32;
/** How many counted-out words are kept behind the window's edge, to count back in. */
const KEEP_BEHIND = 64;
/** How far back from the window's edge the piece it cuts is looked for (a longer one is cut). */
const MAX_CUT_PIECE = 256;

/** Apostrophes (as typed, before normalizing) and the underscore: a word may go on after them. */
const WORD_END_MARKS = new Set("'\u2018\u2019\u201b\u2032\u00b4`_");
/** The text ends inside a word (a letter, digit, mark or apostrophe): its last word may still grow. */
function endsInWord(text: string): boolean {
  const cp = lastCodePoint(text);
  return cp >= 0 && ((classOf(cp) & WORD_CHAR) !== 0 || WORD_END_MARKS.has(String.fromCodePoint(cp)));
}

/**
 * The words of the document being written (its last MAX_CHARS characters before the caret),
 * counted, and which word followed which: cache components, since people repeat their own
 * topic words, names and phrases within a message ("Revolution OS" … "Revolution OS").
 * Built incrementally while the text only grows after a word boundary — a new word costs one
 * tokenization of that word, and past MAX_CHARS the words leaving the window are counted out —
 * so neither a keystroke nor a long document makes it read the whole window again.
 */
export class DocCache {
  counts = new Map<string, number>();
  /** word → its match key (folded, without accents) */
  private readonly keyOf = new Map<string, string>();
  /** previous word → next word → count, within the document */
  pairs = new Map<string, Map<string, number>>();
  words = 0;
  /** the document's last word: people rarely write a word twice in a row */
  last = '';
  private text = '';
  /** the counted words in order with where each starts in the text, from `head` on (the window's) */
  private order: string[] = [];
  private starts: number[] = [];
  private head = 0;
  /** characters tokenized so far (a rebuild reads the whole window again) */
  charsRead = 0;
  /** where the text counted starts in the document (`starts` are from the document's start) */
  private base = 0;

  /** Brings the cache to `context`; returns this. */
  update(context: string): this {
    if (context === this.text) return this;
    const at = this.text.length;
    let shift = -1, cut = 0;
    if (at > 0 && context.length - at <= MAX_CHARS && !endsInWord(this.text) && context.startsWith(this.text)) {
      this.add(context.slice(at), this.base + at);
    } else if ((shift = this.shiftOf(context)) >= 0 && (cut = this.rewindPoint(context, shift)) > 0) {
      const base = this.base + shift;
      this.rewindTo(base + cut);
      this.slideTo(base); // the words the context's start moved past
      this.base = base;
      this.add(context.slice(cut), base + cut);
    } else {
      this.counts = new Map(); this.pairs = new Map(); this.keyOf.clear(); this.words = 0; this.last = '';
      this.order = []; this.starts = []; this.head = 0; this.base = 0;
      // From the start of the piece the window's edge cuts (a word begun before the edge is counted
      // out below with the rest, as when the window slides over it).
      const edge = Math.max(0, context.length - MAX_CHARS);
      let from = edge;
      while (from > 0 && edge - from < MAX_CUT_PIECE && !/\s/.test(context[from - 1])) from--;
      this.add(context.slice(from), from);
    }
    // The window's edge; a shorter context than the last one moves it back over words counted out.
    const edge = this.base + context.length - MAX_CHARS;
    this.unslideTo(Math.max(edge, this.base));
    this.slideTo(edge);
    this.text = context;
    this.followers = this.pairs.get(this.last);
    this.pairTotal = 0;
    if (this.followers) for (const n of this.followers.values()) this.pairTotal += n;
    return this;
  }

  /**
   * How far `context` starts into the text counted: 0 when they begin alike; in a long field,
   * whose context is the last MAX_CHARS characters cut at a space, the distance to where the
   * context's first characters follow a space in the text; -1 when it is not found there.
   */
  private shiftOf(context: string): number {
    const old = this.text;
    if (!old || !context) return -1;
    if (old.charCodeAt(0) === context.charCodeAt(0) && old.startsWith(context.slice(0, MIN_REWIND_CHARS))) return 0;
    const probe = context.slice(0, ALIGN_PROBE);
    if (probe.length < ALIGN_PROBE) return -1;
    for (let d = old.indexOf(probe, 1); d > 0; d = old.indexOf(probe, d + 1)) if (/\s/u.test(old[d - 1])) return d;
    return -1;
  }

  /**
   * Where a context that is not an extension of the text counted can take over from it, in the
   * context: the last space of their common beginning (the text read from `shift` on), if they
   * share more than a few words; 0 for a rebuild. The look-ahead after a word being typed
   * ("Dear Ann ", "Dear Anna ") differs only in its last word.
   */
  private rewindPoint(context: string, shift: number): number {
    const old = this.text;
    let common = 0;
    const n = Math.min(old.length - shift, context.length);
    while (common < n && old.charCodeAt(shift + common) === context.charCodeAt(common)) common++;
    let cut = common;
    while (cut > 0 && !/\s/u.test(context[cut - 1])) cut--;
    return cut >= MIN_REWIND_CHARS ? cut : 0;
  }

  /**
   * Takes out the words that start at `from` or later: counted out with their pair to the word
   * before if they are in the window, dropped if they had already left it.
   */
  private rewindTo(from: number): void {
    const { order, starts } = this;
    while (order.length && starts[starts.length - 1] >= from) {
      const i = order.length - 1, k = order.pop()!;
      starts.pop();
      if (i < this.head) { this.head = i; continue; }
      this.countOut(k);
      if (i > this.head) this.countOutPair(order[i - 1], k);
    }
    this.last = order.length > this.head ? order[order.length - 1] : '';
  }

  /** Counts back in the words that left the window but start at `from` or later (the window grew back). */
  private unslideTo(from: number): void {
    const { order, starts } = this;
    while (this.head > 0 && starts[this.head - 1] >= from) {
      const k = order[--this.head], next = order[this.head + 1];
      this.countIn(k);
      if (next !== undefined) this.countInPair(k, next);
      else this.last = k;
    }
  }

  /** One use of a word more. */
  private countIn(k: string): void {
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    if (!this.keyOf.has(k)) this.keyOf.set(k, matchKey(k));
    this.words++;
  }

  /** One time more that `next` followed `k`. */
  private countInPair(k: string, next: string): void {
    let row = this.pairs.get(k);
    if (!row) this.pairs.set(k, (row = new Map()));
    row.set(next, (row.get(next) ?? 0) + 1);
  }

  /** One use of a word less (it left the window, or the text was rewound over it). */
  private countOut(k: string): void {
    const n = this.counts.get(k)! - 1;
    if (n > 0) this.counts.set(k, n); else { this.counts.delete(k); this.keyOf.delete(k); }
    this.words--;
  }

  /** One time less that `next` followed `k` (if the pair was counted). */
  private countOutPair(k: string, next: string): void {
    const row = this.pairs.get(k);
    if (!row) return;
    const m = row.get(next)! - 1;
    if (m > 0) row.set(next, m); else if (row.delete(next) && !row.size) this.pairs.delete(k);
  }

  /** Counts the words of `text`, which starts at `offset` of the document. */
  private add(text: string, offset: number): void {
    this.charsRead += text.length;
    for (const { key: k, start } of textWords(text)) {
      this.countIn(k);
      if (this.last) this.countInPair(this.last, k);
      this.last = k;
      this.order.push(k); this.starts.push(offset + start);
    }
  }

  /** Counts out the words that start before `from` (they left the window), with their pair to the word after. */
  private slideTo(from: number): void {
    const { order, starts } = this;
    while (this.head < order.length && starts[this.head] < from) {
      const k = order[this.head], next = order[this.head + 1];
      this.countOut(k);
      if (next !== undefined) this.countOutPair(k, next);
      this.head++;
    }
    // Drop the counted-out front now and then (not at every word: that would copy the window each time).
    // A few are kept behind the edge, for a context a word shorter than the last (the look-ahead's).
    if (this.head > 256 && this.head * 2 > order.length) {
      const keep = this.head - KEEP_BEHIND;
      this.order = order.slice(keep); this.starts = starts.slice(keep); this.head = KEEP_BEHIND;
    }
  }

  /** Share of the document's words that were this word (none for its last few words). */
  p(key: string): number {
    if (!this.words || this.isRecent(key)) return 0;
    return (this.counts.get(key) ?? 0) / this.words;
  }

  /**
   * One of the document's last ECHO_WORDS words: people rarely write a word again so soon, and
   * the cache, which makes every word of the document likelier, would otherwise suggest it (on
   * en dev, before anything is learned, the first suggestion repeated one of the sentence's last
   * three words 2.3× as often as the text does with only the last word left out, 1.7× with three).
   */
  private isRecent(key: string): boolean {
    const o = this.order;
    for (let i = o.length - 1; i >= Math.max(this.head, o.length - ECHO_WORDS); i--) if (o[i] === key) return true;
    return false;
  }

  /** Words that followed the document's last word where it was written before in the document, and their total. */
  private followers?: Map<string, number>;
  pairTotal = 0;

  /** Share of the times the last word was written before in this document that `key` followed it. */
  pPair(key: string): number { return this.pairTotal ? (this.followers!.get(key) ?? 0) / this.pairTotal : 0; }

  followersWithPrefix(prefix: string): string[] {
    if (!this.followers) return [];
    const key = matchKey(prefix);
    return [...this.followers.keys()].filter((w) => this.keyOf.get(w)!.startsWith(key));
  }

  /** Words of the document with a typed prefix (all of them for an empty prefix). */
  withPrefix(prefix: string, limit = 16): string[] {
    const key = matchKey(prefix), out: string[] = [];
    for (const w of this.counts.keys()) if (w !== this.last && (!key || this.keyOf.get(w)!.startsWith(key))) { out.push(w); if (out.length >= limit) break; }
    return out;
  }
}
