/** log Σ exp(x_i), stable for large logits. */
export function logSumExp(x: ArrayLike<number>): number {
  let mx = -Infinity;
  for (let i = 0; i < x.length; i++) mx = Math.max(mx, x[i]);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.exp(x[i] - mx);
  return mx + Math.log(sum);
}


/** A candidate: its folded key and score. */
export interface Scored { key: string; p: number }

/** The k best (key, p) pairs offered, best first; cheap for the many that do not qualify. */
export class TopK {
  readonly items: Scored[] = [];
  constructor(private readonly k: number) {}
  /** Whether a score would enter the list (scores are ≥ 0). */
  wants(p: number): boolean { return p > this.floor; }
  /** What an offer must beat: the last score while the list is full, −1 before (anything is wanted), Infinity for k = 0. */
  get floor(): number { return this.k <= 0 ? Infinity : this.items.length >= this.k ? this.items[this.k - 1].p : -1; }
  offer(key: string, p: number): void {
    const it = this.items, s = { key, p };
    let i = it.length === this.k ? this.k - 1 : it.length;
    it[i] = s;
    while (i > 0 && it[i - 1].p < p) { it[i] = it[i - 1]; it[i - 1] = s; i--; }
  }
}
