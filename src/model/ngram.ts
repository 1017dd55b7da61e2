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

/** The evidence of context u,v without the distribution (what the gate is indexed by). */
export function ngramEvidence(ng: NgramData, u: number, v: number): NgramEvidence {
  const c = findTrigramContext(ng, u, v);
  return { triTotal: c < 0 ? 0 : ng.triTotal[c], biTotal: ng.biTotal[v] };
}

/** A context's backoff weights: g2 on the unigram under the bigram level, g3 on the bigram level under the trigram's (1 where a level is absent). */
function backoffs(ng: NgramData, v: number, c: number): { g2: number; g3: number } {
  const { D } = ng, bt = ng.biTotal[v];
  let kept = 0;
  for (let i = ng.biOffsets[v]; i < ng.biOffsets[v + 1]; i++) kept += Math.max(ng.biCount[i] - D, 0);
  let keptT = 0;
  if (c >= 0) for (let i = ng.triOffsets[c]; i < ng.triOffsets[c + 1]; i++) keptT += Math.max(ng.triCount[i] - D, 0);
  return { g2: bt > 0 ? 1 - kept / bt : 1, g3: c >= 0 ? 1 - keptT / ng.triTotal[c] : 1 };
}

/**
 * out = keep · out + weight · p(· | u, v), in one dense pass over V plus the sparse rows
 * (the distribution is never written out on its own). Returns the evidence.
 */
export function ngramMix(ng: NgramData, u: number, v: number, out: Float32Array, keep: number, weight: number): NgramEvidence {
  const { D, uni } = ng, c = findTrigramContext(ng, u, v), bt = ng.biTotal[v], { g2, g3 } = backoffs(ng, v, c);
  const dense = weight * g2 * g3;
  for (let w = 0; w < ng.V; w++) out[w] = keep * out[w] + dense * uni[w];
  if (bt > 0) {
    const s = (weight * g3) / bt;
    for (let i = ng.biOffsets[v]; i < ng.biOffsets[v + 1]; i++) out[ng.biNext[i]] += s * Math.max(ng.biCount[i] - D, 0);
  }
  if (c < 0) return { triTotal: 0, biTotal: bt };
  const tt = ng.triTotal[c];
  for (let i = ng.triOffsets[c]; i < ng.triOffsets[c + 1]; i++) out[ng.triNext[i]] += (weight / tt) * Math.max(ng.triCount[i] - D, 0);
  return { triTotal: tt, biTotal: bt };
}

/** p(w | u, v) for one word (binary searches in the sorted rows). */
export function ngramProb(ng: NgramData, u: number, v: number, w: number): number {
  const { D } = ng, c = findTrigramContext(ng, u, v), bt = ng.biTotal[v], { g2, g3 } = backoffs(ng, v, c);
  let p = g2 * g3 * ng.uni[w];
  const bi = rowIndex(ng.biNext, ng.biOffsets[v], ng.biOffsets[v + 1], w);
  if (bt > 0 && bi >= 0) p += (g3 * Math.max(ng.biCount[bi] - D, 0)) / bt;
  const tri = c < 0 ? -1 : rowIndex(ng.triNext, ng.triOffsets[c], ng.triOffsets[c + 1], w);
  if (tri >= 0) p += Math.max(ng.triCount[tri] - D, 0) / ng.triTotal[c];
  return p;
}

/** Where `w` is in next[lo, hi) (ascending), or −1. */
function rowIndex(next: Uint16Array, lo: number, hi: number, w: number): number {
  hi--;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, x = next[mid];
    if (x === w) return mid;
    if (x < w) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/** Bytes the tables take (what the model file stores for them). */
export function ngramBytes(ng: NgramData): number {
  return [ng.uni, ng.biOffsets, ng.biNext, ng.biCount, ng.biTotal, ng.triKeys, ng.triOffsets, ng.triNext, ng.triCount, ng.triTotal]
    .reduce((n, a) => n + a.byteLength, 0);
}
