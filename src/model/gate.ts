import type { NgramEvidence } from './ngram';
import { bucketOf } from '../util/buckets';

/**
 * The context gate: how much to trust the n-gram over the LSTM, by how often the n-gram saw
 * the trigram and bigram context. A fixed blend weight is not enough — where a phrase was seen
 * many times the n-gram is nearly always right, where it was never seen it only adds noise.
 */
export const GATE_EDGES = [1, 3, 10, 40, 200] as const; // bucket i holds counts in [edge[i−1], edge[i])
export const GATE_BUCKETS = GATE_EDGES.length + 1;

export function gateBucket(count: number): number {
  return bucketOf(count, GATE_EDGES);
}

/** Index into the (trigram bucket, bigram bucket) table. */
export function gateCell(e: NgramEvidence): number {
  return gateBucket(e.triTotal) * GATE_BUCKETS + gateBucket(e.biTotal);
}

/**
 * Fits the n-gram weight of each gate cell by EM on held-out tokens: given each token's
 * probability under both models and its cell, maximises the likelihood of the mixture.
 */
export function fitGate(pLstm: Float64Array, pNgram: Float64Array, cells: Int32Array, iterations = 30): Float32Array {
  const n = GATE_BUCKETS * GATE_BUCKETS;
  const lambda = new Float32Array(n).fill(0.3);
  for (let it = 0; it < iterations; it++) {
    const num = new Float64Array(n), den = new Float64Array(n);
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i], a = lambda[c] * pNgram[i], b = (1 - lambda[c]) * pLstm[i];
      num[c] += a / Math.max(a + b, 1e-30); den[c] += 1;
    }
    // A weak prior toward 0.3 keeps sparse cells sensible.
    for (let c = 0; c < n; c++) lambda[c] = (num[c] + 0.3 * 2) / (den[c] + 2);
  }
  return lambda;
}
