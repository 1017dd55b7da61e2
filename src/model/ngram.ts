/**
 * A pruned, interpolated Kneser-Ney-style trigram over the LSTM's token ids, stored as sorted
 * compressed-row tables. It remembers exact phrases, which a small regularised LSTM smooths
 * away; the predictor trusts it per context (see gate.ts).
 */
export interface NgramData {
  V: number;
  /** absolute discount */
  D: number;
  /** (V) continuation unigram probability */
  uni: Float32Array;
  /** bigram rows by first word: entries [biOffsets[v], biOffsets[v+1]) */
  biOffsets: Uint32Array;   // (V+1)
  biNext: Uint16Array;      // (nBi) next word, ascending within a row
  biCount: Uint16Array;     // (nBi)
  biTotal: Uint32Array;     // (V) unpruned count of the context
  /** trigram rows by context key u·V+v, keys ascending */
  triKeys: Uint32Array;     // (nCtx)
  triOffsets: Uint32Array;  // (nCtx+1)
  triNext: Uint16Array;     // (nTri)
  triCount: Uint16Array;    // (nTri)
  triTotal: Uint32Array;    // (nCtx)
}

/** How much the n-gram knows about a context: the counts the gate is indexed by. */
export interface NgramEvidence { triTotal: number; biTotal: number }

/** Index of the trigram context u,v, or −1. */
export function findTrigramContext(ng: NgramData, u: number, v: number): number {
  const key = u * ng.V + v;
  let lo = 0, hi = ng.triKeys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, k = ng.triKeys[mid];
    if (k === key) return mid;
    if (k < key) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/**
 * Writes the n-gram distribution p(· | u, v) over all V ids into `out` and returns the evidence.
 * Cost O(V) for the dense backoff plus the sparse rows.
 */
export function ngramDistribution(ng: NgramData, u: number, v: number, out: Float32Array): NgramEvidence {
  const { D } = ng;
  // Bigram level: discounted counts plus the backoff mass spread over the unigram.
  const b0 = ng.biOffsets[v], b1 = ng.biOffsets[v + 1], bt = ng.biTotal[v];
  let kept = 0;
  for (let i = b0; i < b1; i++) kept += Math.max(ng.biCount[i] - D, 0);
  const g2 = bt > 0 ? 1 - kept / bt : 1;
  for (let w = 0; w < ng.V; w++) out[w] = g2 * ng.uni[w];
  if (bt > 0) for (let i = b0; i < b1; i++) out[ng.biNext[i]] += Math.max(ng.biCount[i] - D, 0) / bt;
  // Trigram level.
  const c = findTrigramContext(ng, u, v);
  if (c < 0) return { triTotal: 0, biTotal: bt };
  const t0 = ng.triOffsets[c], t1 = ng.triOffsets[c + 1], tt = ng.triTotal[c];
  let keptT = 0;
  for (let i = t0; i < t1; i++) keptT += Math.max(ng.triCount[i] - D, 0);
  const g3 = 1 - keptT / tt;
  for (let w = 0; w < ng.V; w++) out[w] *= g3;
  for (let i = t0; i < t1; i++) out[ng.triNext[i]] += Math.max(ng.triCount[i] - D, 0) / tt;
  return { triTotal: tt, biTotal: bt };
}

/** Bytes the tables take (what the model file stores for them). */
export function ngramBytes(ng: NgramData): number {
  return [ng.uni, ng.biOffsets, ng.biNext, ng.biCount, ng.biTotal, ng.triKeys, ng.triOffsets, ng.triNext, ng.triCount, ng.triTotal]
    .reduce((n, a) => n + a.byteLength, 0);
}
