/**
 * Mixture weights per context cell, fitted online by EM on the user's own words. Each word is
 * scored before it is learned (prequential), so a component is trusted exactly as much as it
 * has earned on this user's writing: one that does not help this user fades to nothing.
 */
export class MixtureGate {
  /** (cells, K): Σ responsibility of each component */
  private readonly resp: Float64Array;
  /** (cells): observations (decayed) */
  private readonly seen: Float64Array;

  /**
   * @param cells number of context cells
   * @param prior (K) prior weights, summing to 1
   * @param priorN how many observations the prior is worth
   * @param decay per-observation fading of older evidence (1 = none)
   */
  constructor(readonly cells: number, readonly prior: readonly number[], readonly priorN: number, readonly decay: number) {
    this.resp = new Float64Array(cells * prior.length);
    this.seen = new Float64Array(cells);
  }

  get k(): number { return this.prior.length; }

  /**
   * Weights of the components in `cell` (K), renormalized over the components that are
   * `available` there (a component with nothing to say gets no weight).
   */
  weights(cell: number, available: readonly boolean[], out = new Float64Array(this.k)): Float64Array {
    const K = this.k, n = this.seen[cell] + this.priorN;
    let sum = 0;
    for (let j = 0; j < K; j++) {
      out[j] = available[j] ? (this.resp[cell * K + j] + this.prior[j] * this.priorN) / n : 0;
      sum += out[j];
    }
    for (let j = 0; j < K; j++) out[j] /= sum;
    return out;
  }

  /** One online EM step: the word had probability p[j] under each component. */
  observe(cell: number, available: readonly boolean[], p: ArrayLike<number>): void {
    const K = this.k, w = this.weights(cell, available);
    let mix = 0;
    for (let j = 0; j < K; j++) mix += w[j] * p[j];
    if (!(mix > 0)) return;
    if (this.decay < 1) {
      for (let i = 0; i < this.resp.length; i++) this.resp[i] *= this.decay;
      for (let i = 0; i < this.seen.length; i++) this.seen[i] *= this.decay;
    }
    // An unavailable component keeps its prior share, so the cell's other weights stay comparable.
    let off = 0;
    for (let j = 0; j < K; j++) if (!available[j]) off += this.prior[j];
    for (let j = 0; j < K; j++) this.resp[cell * K + j] += available[j] ? ((w[j] * p[j]) / mix) * (1 - off) : this.prior[j];
    this.seen[cell] += 1;
  }

  toJSON(): { resp: number[]; seen: number[] } { return { resp: [...this.resp], seen: [...this.seen] }; }

  /** Restores fitted evidence; false if the shapes do not match (then the prior stands). */
  load(o: { resp?: number[]; seen?: number[] }): boolean {
    if (o.resp?.length !== this.resp.length || o.seen?.length !== this.seen.length) return false;
    if (![...o.resp, ...o.seen].every((x) => Number.isFinite(x) && x >= 0)) return false;
    this.resp.set(o.resp); this.seen.set(o.seen);
    return true;
  }
}
