import { withoutMarks } from './char-class';

/** Key for prefix matching: case-folded and without accents, so "nao" finds "não". */
export function matchKey(word: string): string {
  return withoutMarks(word.normalize('NFD')).toLowerCase();
}

/**
 * Words sorted by match key, so all words with a given prefix form one contiguous range
 * found by binary search.
 */
export class PrefixIndex {
  private readonly keys: string[];
  private readonly ids: Int32Array;

  /** ids[i] is returned for words[i]; ids let callers map back to their own tables. */
  constructor(words: readonly string[], ids: ArrayLike<number>) {
    const order = words.map((w, i) => [matchKey(w), ids[i]] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.keys = order.map((o) => o[0]);
    this.ids = Int32Array.from(order, (o) => o[1]);
  }

  /** Ids of the words whose key starts with the prefix's key. */
  lookup(prefix: string): Int32Array {
    const [lo, end] = this.range(matchKey(prefix));
    return this.ids.subarray(lo, end);
  }

  /** Positions [lo, end) of the words whose key starts with `key` (a match key already). */
  range(key: string): [number, number] {
    if (!key) return [0, this.keys.length];
    // Every key with the prefix sorts before the prefix with its last character incremented.
    const after = key.slice(0, -1) + String.fromCharCode(key.charCodeAt(key.length - 1) + 1);
    return [this.lowerBound(key), this.lowerBound(after)];
  }

  /** The first position whose key is not below `key`. */
  private lowerBound(key: string): number {
    let lo = 0, hi = this.keys.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (this.keys[m] < key) lo = m + 1; else hi = m; }
    return lo;
  }

  get size(): number { return this.keys.length; }

  /** The id of the word at a position of `range`. */
  idAt(position: number): number { return this.ids[position]; }

  /** The ids by position (read-only: for loops over a range that must not pay a call per word). */
  get idsByPosition(): Int32Array { return this.ids; }
}
