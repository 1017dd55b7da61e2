/**
 * Negative sampling for the sampled softmax: draws from unigram^α with Walker's alias method and
 * gives each candidate the log of its probability of being in the candidate set, used to correct
 * the logits (logQ) so the trained scores estimate the full softmax.
 */
export class NegativeSampler {
  private readonly prob: Float32Array;
  private readonly alias: Int32Array;
  /** proposal probability of each word id */
  readonly q: Float64Array;
  /** unigram probability of each id in the data (targets of a batch are also candidates) */
  readonly u: Float64Array;

  constructor(counts: ArrayLike<number>, readonly firstWord: number, alpha = 0.75) {
    const n = counts.length;
    this.q = new Float64Array(n);
    this.u = new Float64Array(n);
    let total = 0, totalU = 0;
    for (let i = 0; i < n; i++) { this.q[i] = Math.pow(counts[i], alpha); total += this.q[i]; totalU += counts[i]; }
    for (let i = 0; i < n; i++) { this.q[i] /= total; this.u[i] = counts[i] / totalU; }
    // Walker alias table
    this.prob = new Float32Array(n);
    this.alias = new Int32Array(n);
    const scaled = Array.from(this.q, (p) => p * n);
    const small: number[] = [], large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length && large.length) {
      const s = small.pop()!, l = large.pop()!;
      this.prob[s] = scaled[s]; this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) { this.prob[i] = 1; this.alias[i] = i; }
  }

  draw(rand: () => number): number {
    const i = Math.floor(rand() * this.prob.length);
    return rand() < this.prob[i] ? i : this.alias[i];
  }

  /**
   * Candidate set = the targets ∪ k sampled negatives. Returns ids, their logQ and, for each
   * target, its column in the candidate list.
   */
  candidates(targets: Int32Array, k: number, rand: () => number): { cands: Int32Array; logQ: Float32Array; targetCol: Int32Array } {
    const col = new Map<number, number>();
    const ids: number[] = [];
    const add = (id: number) => { if (!col.has(id)) { col.set(id, ids.length); ids.push(id); } };
    for (const t of targets) add(t);
    for (let i = 0; i < k; i++) add(this.draw(rand));
    const n = targets.length;
    const logQ = Float32Array.from(ids, (id) => {
      const miss = Math.pow(1 - this.q[id], k) * Math.pow(1 - this.u[id], n);
      return Math.log(Math.max(1e-12, 1 - miss));
    });
    return { cands: Int32Array.from(ids), logQ, targetCol: Int32Array.from(targets, (t) => col.get(t)!) };
  }
}
