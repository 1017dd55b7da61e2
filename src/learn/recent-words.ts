import { ownString } from '../util/own-string';
import { concatBytes } from '../util/bytes';
import { raiseInTop } from './word-views';

/** How many of the heaviest recent words are kept in order. */
const TOP = 64;

/**
 * The user's word frequencies with exponential forgetting (half-life in words written), so the
 * words of their latest messages weigh most: a recency cache across documents.
 */
export class RecentWords {
  /** word → its slot in `weight` and `stamp` (numbers in typed arrays: a pair of numbers per word made two objects each) */
  private readonly slots = new Map<string, number>();
  /** by slot: the word's weight at its stamp, and the stamp */
  private weight = new Float64Array(64);
  private stamp = new Float64Array(64);
  private free: number[] = [];
  /** words learned so far: the clock */
  clock = 0;
  private mass = 0;
  private massStamp = 0;
  private topCache?: string[];

  constructor(readonly halfLife: number) {}

  private decay(from: number): number { return Math.pow(0.5, (this.clock - from) / this.halfLife); }

  /** Whether the word is in the list. */
  has(key: string): boolean { return this.slots.has(key); }

  /**
   * A word's weight on a clock-free scale: every weight fades by the same factor per word
   * written, so the order of two words changes only when one of them is written again.
   */
  private score(slot: number): number { return Math.log(this.weight[slot]) + (this.stamp[slot] * Math.LN2) / this.halfLife; }

  /** Sets a word's weight and stamp, giving it a slot if it has none. */
  private put(key: string, w: number, stamp: number): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.free.length ? this.free.pop()! : this.slots.size;
      if (slot >= this.weight.length) {
        const grow = (a: Float64Array) => { const b = new Float64Array(a.length * 2); b.set(a); return b; };
        this.weight = grow(this.weight); this.stamp = grow(this.stamp);
      }
      this.slots.set(ownString(key), slot);
    }
    this.weight[slot] = w; this.stamp[slot] = stamp;
    return slot;
  }

  private drop(key: string, slot: number): void { this.slots.delete(key); this.free.push(slot); }

  /** Counts one word (and advances the clock). */
  add(key: string): void {
    this.clock++;
    const at = this.slots.get(key);
    const w = at === undefined ? 0 : this.weight[at] * this.decay(this.stamp[at]);
    const slot = this.put(key, w + 1, this.clock);
    this.mass = this.mass * this.decay(this.massStamp) + 1; this.massStamp = this.clock;
    // The word only rose: it can only enter the top or move up in it (no rebuild of the list).
    const top = this.topCache;
    if (!top) return;
    const score = this.score(slot);
    raiseInTop(top, key, TOP, (k) => this.score(this.slots.get(k)!) > score);
  }

  /** Forgets a word (its text was deleted); the total weight loses its share. */
  delete(key: string): void {
    const at = this.slots.get(key);
    if (at === undefined) return;
    this.mass = Math.max(0, this.mass * this.decay(this.massStamp) - this.weight[at] * this.decay(this.stamp[at])); this.massStamp = this.clock;
    this.drop(key, at);
    this.topCache = undefined;
  }

  /**
   * Drops words whose weight fell below `min` (a word written once 8,000 words ago weighs
   * 2⁻¹⁶): their share is negligible, and without this the list would hold every word ever
   * written and grow every checkpoint.
   */
  prune(min = 2 ** -16): void {
    let dropped = false;
    for (const [k, at] of this.slots) if (this.weight[at] * this.decay(this.stamp[at]) < min) { this.drop(k, at); dropped = true; }
    if (dropped && this.topCache) this.topCache = this.topCache.filter((k) => this.slots.has(k));
  }

  /** Recency-weighted share of this word. */
  p(key: string): number {
    const at = this.slots.get(key);
    if (at === undefined || !this.mass) return 0;
    return (this.weight[at] * this.decay(this.stamp[at])) / (this.mass * this.decay(this.massStamp));
  }

  /** The currently heaviest words. */
  top(limit = 24): string[] {
    if (!this.topCache) {
      this.topCache = [...this.slots].map(([k, at]) => [k, this.score(at)] as const).sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k]) => k);
    }
    return this.topCache.slice(0, limit);
  }

  toJSON(): object {
    return { ...this.meta(), items: [...this.slots].map(([k, at]) => [k, [this.weight[at], this.stamp[at]]]) };
  }

  /** The list's clock without its words (what a checkpoint head keeps of it beside toBytes()). */
  meta(): { halfLife: number; clock: number; mass: number; massStamp: number } {
    return { halfLife: this.halfLife, clock: this.clock, mass: this.mass, massStamp: this.massStamp };
  }

  /**
   * The list as bytes, for a checkpoint part written with every head: float64 clock, mass, its
   * stamp and the number of words, each word's weight, each word's stamp, then the words as a
   * JSON array. Printed as JSON numbers (toJSON) the weights took 2-5 ms at 350,000 words
   * learned, most of a checkpoint slice.
   */
  toBytes(): Uint8Array {
    const n = this.slots.size, keys: string[] = new Array<string>(n), nums = new Float64Array(4 + 2 * n);
    nums[0] = this.clock; nums[1] = this.mass; nums[2] = this.massStamp; nums[3] = n;
    let i = 0;
    for (const [k, at] of this.slots) { keys[i] = k; nums[4 + i] = this.weight[at]; nums[4 + n + i] = this.stamp[at]; i++; }
    return concatBytes([new Uint8Array(nums.buffer), new TextEncoder().encode(JSON.stringify(keys))]);
  }

  /** The list toBytes() wrote; throws TypeError when the bytes are not such a list. */
  static fromBytes(bytes: Uint8Array, halfLife: number): RecentWords {
    const bad = () => new TypeError('recent words part malformed');
    if (bytes.byteLength < 32) throw bad();
    const head = new Float64Array(bytes.slice(0, 32).buffer), n = head[3];
    if (!Number.isInteger(n) || n < 0 || 32 + 16 * n > bytes.byteLength || !head.every(Number.isFinite)) throw bad();
    const nums = new Float64Array(bytes.slice(32, 32 + 16 * n).buffer);
    let keys: unknown;
    try { keys = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(32 + 16 * n))); } catch { throw bad(); }
    if (!Array.isArray(keys) || keys.length !== n || !keys.every((k) => typeof k === 'string')) throw bad();
    const r = new RecentWords(halfLife);
    [r.clock, r.mass, r.massStamp] = head;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(nums[i]) || !Number.isFinite(nums[n + i])) throw bad();
      r.put(keys[i] as string, nums[i], nums[n + i]);
    }
    return r;
  }

  static fromJSON(o: { halfLife: number; clock: number; mass: number; massStamp: number; items: [string, [number, number]][] }, halfLife: number): RecentWords {
    const r = new RecentWords(halfLife);
    r.clock = Number(o.clock) || 0; r.mass = Number(o.mass) || 0; r.massStamp = Number(o.massStamp) || 0;
    for (const e of o.items ?? []) {
      // A damaged snapshot must fail here (the learner then starts from the base model), not in top().
      if (!Array.isArray(e) || typeof e[0] !== 'string' || !Array.isArray(e[1]) || !Number.isFinite(e[1][0]) || !Number.isFinite(e[1][1])) {
        throw new TypeError('recent words snapshot has a malformed entry');
      }
      r.put(e[0], e[1][0], e[1][1]);
    }
    return r;
  }
}
