import { matchKey } from '../text/prefix-index';
import { isWordKey } from '../text/words';

/**
 * The personal n-gram rows in flat typed arrays. Maps of Maps took about 70 MB at 350,000 words
 * learned (185,000 trigram rows, most of them one word long); these arrays take about a third of
 * that, and are written to and read from a checkpoint as plain bytes.
 *
 * Keys are interned (KeyIds); a row is a context — one key (a bigram row) or two (a trigram
 * row) — with a linked list of its entries (next key, count).
 */

const grow = (a: Int32Array, n: number): Int32Array => {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
};

/** Hash slots at most 70 % full: below, most probes are short; at 50 %, 350,000 words' entries needed twice the slots. */
const MAX_LOAD_TENTHS = 7;

/** Hash of a pair of ints ≥ -1. */
function mix(a: number, b: number): number {
  let h = Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
  return h >>> 0;
}

/**
 * A map from pairs of ints (a ≥ -1, b ≥ 0) to dense indices, freed ones reused: open
 * addressing with linear probing and backward-shift deletion. `a[i] === -2` marks a free index.
 */
export class PairIndex {
  a: Int32Array = new Int32Array(16);
  b: Int32Array = new Int32Array(16);
  /** indices handed out so far (live or free) */
  used = 0;
  live = 0;
  private free: number[] = [];
  private slots: Int32Array = new Int32Array(32);

  /** Bytes its arrays take as allocated (room to grow included). */
  get allocatedBytes(): number { return this.a.byteLength + this.b.byteLength + this.slots.byteLength; }

  find(a: number, b: number): number {
    const mask = this.slots.length - 1;
    for (let s = mix(a, b) & mask; ; s = (s + 1) & mask) {
      const i = this.slots[s] - 1;
      if (i < 0) return -1;
      if (this.a[i] === a && this.b[i] === b) return i;
    }
  }

  /** Adds an absent pair; returns its index (parallel arrays of the owner must cover `used`). */
  add(a: number, b: number): number {
    const i = this.free.length ? this.free.pop()! : this.used++;
    this.a = grow(this.a, this.used); this.b = grow(this.b, this.used);
    this.a[i] = a; this.b[i] = b;
    this.live++;
    if (this.live * 10 > this.slots.length * MAX_LOAD_TENTHS) this.rehash(this.slots.length * 2);
    else this.place(i);
    return i;
  }

  remove(i: number): void {
    const mask = this.slots.length - 1;
    let s = mix(this.a[i], this.b[i]) & mask;
    while (this.slots[s] - 1 !== i) s = (s + 1) & mask;
    // Backward shift: move later entries of the run into the hole so no search stops early.
    for (let j = (s + 1) & mask; this.slots[j]; j = (j + 1) & mask) {
      const k = this.slots[j] - 1, home = mix(this.a[k], this.b[k]) & mask;
      if ((j > s && (home <= s || home > j)) || (j < s && home <= s && home > j)) { this.slots[s] = this.slots[j]; s = j; }
    }
    this.slots[s] = 0;
    this.a[i] = -2; this.free.push(i); this.live--;
  }

  /** Rebuilds the hash and the free list from `a`, `b` and `used` (after loading them). */
  rebuild(): void {
    this.free = []; this.live = 0;
    for (let i = this.used - 1; i >= 0; i--) if (this.a[i] === -2) this.free.push(i); else this.live++;
    let n = 32;
    while (this.live * 10 > n * MAX_LOAD_TENTHS) n *= 2;
    this.rehash(n);
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n);
    for (let i = 0; i < this.used; i++) if (this.a[i] !== -2) this.place(i);
  }

  private place(i: number): void {
    const mask = this.slots.length - 1;
    let s = mix(this.a[i], this.b[i]) & mask;
    while (this.slots[s]) s = (s + 1) & mask;
    this.slots[s] = i + 1;
  }
}

/** A key's match key if it is a word, else undefined. */
const wordMatchKey = (k: string): string | undefined => (isWordKey(k) ? matchKey(k) : undefined);

/** Interned keys, each alive while a row refers to it. */
export class KeyIds {
  keys: string[] = [];
  /** by id: the key's match key if it is a word, else undefined (so a row's followers are read without a lookup per entry) */
  private words: (string | undefined)[] = [];
  private ids = new Map<string, number>();
  private refs: Int32Array = new Int32Array(16);
  private free: number[] = [];

  id(key: string): number { return this.ids.get(key) ?? -1; }

  /** The key's id, made if needed, with one more reference. */
  ref(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.free.length ? this.free.pop()! : this.keys.length;
      this.keys[id] = key; this.ids.set(key, id); this.words[id] = wordMatchKey(key);
      this.refs = grow(this.refs, this.keys.length);
    }
    this.refs[id]++;
    return id;
  }

  /** Drops one reference; the key is forgotten (its text gone) with its last one. */
  unref(id: number): void {
    if (--this.refs[id] > 0) return;
    this.ids.delete(this.keys[id]); this.keys[id] = ''; this.words[id] = undefined; this.free.push(id);
  }

  /** The match key of key `id` if it is a word (see isWordKey), else undefined. */
  wordKey(id: number): string | undefined { return this.words[id]; }

  /** Loads keys ('' for a free id) and their reference counts. */
  load(keys: string[], refs: Int32Array): void {
    this.keys = keys; this.refs = refs; this.ids = new Map(); this.free = []; this.words = keys.map((k) => (k ? wordMatchKey(k) : undefined));
    keys.forEach((k, id) => { if (k) this.ids.set(k, id); else this.free.push(id); });
    this.free.reverse();
  }

  get refCounts(): Int32Array { return this.refs.subarray(0, this.keys.length); }
}

/**
 * Rows of counts: context (a, b) → next key → count, with each row's total and size. A bigram
 * row has a = -1. Counts reaching 0 are removed, and rows with them.
 */
export class NgramTable {
  readonly rows = new PairIndex();
  private total: Int32Array = new Int32Array(16);
  private size: Int32Array = new Int32Array(16);
  private head: Int32Array = new Int32Array(16);
  /** each row's last entry: entries are kept in the order first counted, as the Maps they replace were */
  private tail: Int32Array = new Int32Array(16);
  readonly entries = new PairIndex();
  private count: Int32Array = new Int32Array(16);
  private next: Int32Array = new Int32Array(16);

  constructor(readonly ids: KeyIds) {}

  /** The row of a context, or -1. */
  row(a: number, b: number): number { return a < -1 || b < 0 ? -1 : this.rows.find(a, b); }
  rowTotal(r: number): number { return this.total[r]; }
  rowSize(r: number): number { return this.size[r]; }
  /** The count of key id `w` in row `r`. */
  countIn(r: number, w: number): number {
    const e = w < 0 ? -1 : this.entries.find(r, w);
    return e < 0 ? 0 : this.count[e];
  }
  /** Calls `f(next key id, count)` for every entry of row `r`. */
  forEachIn(r: number, f: (w: number, n: number) => void): void {
    for (let e = this.head[r]; e >= 0; e = this.next[e]) f(this.entries.b[e], this.count[e]);
  }

  /**
   * Adds `by` (±1) to the count of `w` after context (a, b) (keys as ids; a new key is
   * referenced). Returns the row that changed, or -1 if none did.
   */
  bump(a: string | undefined, b: string, w: string, by: number): number {
    const ids = this.ids;
    const ai = a === undefined ? -1 : ids.id(a), bi = ids.id(b), wi = ids.id(w);
    let r = (a !== undefined && ai < 0) || bi < 0 ? -1 : this.rows.find(ai, bi);
    if (r < 0) {
      if (by < 0) return -1;
      r = this.rows.add(a === undefined ? -1 : ids.ref(a), ids.ref(b));
      const n = this.rows.used;
      this.total = grow(this.total, n); this.size = grow(this.size, n); this.head = grow(this.head, n); this.tail = grow(this.tail, n);
      this.total[r] = 0; this.size[r] = 0; this.head[r] = -1; this.tail[r] = -1;
    }
    let e = wi < 0 ? -1 : this.entries.find(r, wi);
    if (e < 0) {
      if (by < 0) return -1;
      e = this.entries.add(r, ids.ref(w));
      const n = this.entries.used;
      this.count = grow(this.count, n); this.next = grow(this.next, n);
      this.count[e] = 0; this.next[e] = -1; this.size[r]++;
      if (this.tail[r] >= 0) this.next[this.tail[r]] = e; else this.head[r] = e;
      this.tail[r] = e;
    }
    const n = Math.max(0, this.count[e] + by);
    this.total[r] += n - this.count[e]; this.count[e] = n;
    if (n === 0) this.dropEntry(r, e);
    return r;
  }

  private dropEntry(r: number, e: number): void {
    let p = -1;
    if (this.head[r] === e) this.head[r] = this.next[e];
    else { p = this.head[r]; while (this.next[p] !== e) p = this.next[p]; this.next[p] = this.next[e]; }
    if (this.tail[r] === e) this.tail[r] = p;
    this.ids.unref(this.entries.b[e]); this.entries.remove(e);
    if (--this.size[r] > 0) return;
    const a = this.rows.a[r], b = this.rows.b[r];
    this.rows.remove(r);
    if (a >= 0) this.ids.unref(a);
    this.ids.unref(b);
  }

  /** Where the last prune stopped: entries are numbered about in the order first counted, so it goes oldest first. */
  private pruneAt = 0;

  /**
   * Drops entries counted once, oldest first, until at most `keep` entries are left or none
   * counted once is; returns how many it dropped. (A word's rows go, never the word's unigram.)
   */
  pruneSingles(keep: number): number {
    const e = this.entries;
    let dropped = 0;
    for (let seen = 0; e.live > keep && seen < e.used; seen++, this.pruneAt = (this.pruneAt + 1) % e.used) {
      const i = this.pruneAt;
      if (e.a[i] !== -2 && this.count[i] === 1) { this.total[e.a[i]]--; this.count[i] = 0; this.dropEntry(e.a[i], i); dropped++; }
    }
    return dropped;
  }

  /** Bytes the live rows and entries need (their arrays, and hash slots at half load). */
  get liveBytes(): number { return this.rows.live * (6 + 4) * 4 + this.entries.live * (4 + 2) * 4; }

  /** Bytes its arrays take as allocated, with their room to grow (what the heap holds of it). */
  get allocatedBytes(): number {
    return this.rows.allocatedBytes + this.entries.allocatedBytes
      + [this.total, this.size, this.head, this.tail, this.count, this.next].reduce((n, x) => n + x.byteLength, 0);
  }

  /** Every row as [context keys, next key → count] (for comparisons and tests; not fast). */
  *[Symbol.iterator](): IterableIterator<[string, Map<string, number>]> {
    const keys = this.ids.keys;
    for (let r = 0; r < this.rows.used; r++) {
      const a = this.rows.a[r];
      if (a === -2) continue;
      const row = new Map<string, number>();
      this.forEachIn(r, (w, n) => row.set(keys[w], n));
      yield [(a >= 0 ? keys[a] + '\u0001' : '') + keys[this.rows.b[r]], row];
    }
  }

  /** The arrays a checkpoint stores: rows' keys, entries' rows, keys and counts (length `used` each). */
  arrays(): Int32Array[] {
    const { rows: r, entries: e } = this;
    return [r.a.subarray(0, r.used), r.b.subarray(0, r.used), e.a.subarray(0, e.used), e.b.subarray(0, e.used), this.count.subarray(0, e.used)];
  }

  /** Loads arrays() output (copies); throws TypeError when they do not fit together. */
  load([ra, rb, ea, eb, count]: Int32Array[]): void {
    if (!ra || ra.length !== rb?.length || !ea || ea.length !== eb?.length || ea.length !== count?.length) throw new TypeError('n-gram table arrays of unequal lengths');
    const keys = this.ids.keys.length, rowsN = ra.length;
    for (let i = 0; i < rowsN; i++) if (ra[i] !== -2 && (ra[i] < -1 || ra[i] >= keys || rb[i] < 0 || rb[i] >= keys)) throw new TypeError('n-gram row with an unknown key');
    this.rows.a = ra.slice(); this.rows.b = rb.slice(); this.rows.used = rowsN; this.rows.rebuild();
    this.entries.a = ea.slice(); this.entries.b = eb.slice(); this.count = count.slice(); this.entries.used = ea.length;
    this.total = new Int32Array(rowsN); this.size = new Int32Array(rowsN); this.head = new Int32Array(rowsN).fill(-1); this.tail = new Int32Array(rowsN).fill(-1);
    this.next = new Int32Array(ea.length).fill(-1);
    for (let e = 0; e < ea.length; e++) {
      const r = ea[e];
      if (r === -2) continue;
      if (r < 0 || r >= rowsN || this.rows.a[r] === -2 || eb[e] < 0 || eb[e] >= keys || !(count[e] > 0)) throw new TypeError('n-gram entry out of range');
      if (this.tail[r] >= 0) this.next[this.tail[r]] = e; else this.head[r] = e;
      this.tail[r] = e; this.size[r]++; this.total[r] += count[e];
    }
    this.entries.rebuild();
  }
}
