import { describe, expect, it } from 'vitest';
import { buildNgram, countNgrams } from '../../scripts/train/ngram-build';
import { findTrigramContext, ngramEvidence, ngramMix, ngramProb, type NgramData, type NgramEvidence } from '../../src/model/ngram';
import { BOS } from '../../src/text/vocab';
import { synthCorpus, tinyVocabulary } from './fixtures';

const corpus = synthCorpus(5, 400), vocab = tinyVocabulary(corpus);
const ids = corpus.map((p) => Int32Array.from(vocab.encode(p)));
const ng = buildNgram(countNgrams(vocab.size, [{ ids, weight: 1 }]), 2, 2);

/**
 * The reference: the interpolated absolute-discount trigram written out over all V words, level
 * by level (the bigram's discounted counts plus its leftover mass on the unigram, then the same
 * for the trigram over that), as the tables define it.
 */
function ngramDistribution(ng: NgramData, u: number, v: number, out: Float32Array): NgramEvidence {
  const { D } = ng, b0 = ng.biOffsets[v], b1 = ng.biOffsets[v + 1], bt = ng.biTotal[v];
  let kept = 0;
  for (let i = b0; i < b1; i++) kept += Math.max(ng.biCount[i] - D, 0);
  const g2 = bt > 0 ? 1 - kept / bt : 1;
  for (let w = 0; w < ng.V; w++) out[w] = g2 * ng.uni[w];
  if (bt > 0) for (let i = b0; i < b1; i++) out[ng.biNext[i]] += Math.max(ng.biCount[i] - D, 0) / bt;
  const c = findTrigramContext(ng, u, v);
  if (c < 0) return { triTotal: 0, biTotal: bt };
  const t0 = ng.triOffsets[c], t1 = ng.triOffsets[c + 1], tt = ng.triTotal[c];
  let keptT = 0;
  for (let i = t0; i < t1; i++) keptT += Math.max(ng.triCount[i] - D, 0);
  for (let w = 0; w < ng.V; w++) out[w] *= 1 - keptT / tt;
  for (let i = t0; i < t1; i++) out[ng.triNext[i]] += Math.max(ng.triCount[i] - D, 0) / tt;
  return { triTotal: tt, biTotal: bt };
}

/** Contexts of every kind: a seen trigram, a bigram alone, an unseen word, the paragraph start. */
function contexts(): [number, number][] {
  const unseen = ng.biTotal.findIndex((n) => n === 0); // a token nothing was counted after
  const out: [number, number][] = [[BOS, BOS], [BOS, ids[0][1]], [BOS, unseen], [unseen, ids[0][2]]];
  for (const p of ids.slice(0, 40)) for (let i = 2; i < p.length; i++) out.push([p[i - 2], p[i - 1]]);
  return out;
}

describe('ngramMix and ngramProb: the n-gram distribution without writing it out', () => {
  it('mix into a distribution equals keep · it + weight · ngramDistribution, and evidence matches', () => {
    const dist = new Float32Array(ng.V), base = Float32Array.from({ length: ng.V }, (_, i) => ((i * 7919) % 13) / 100 + 1e-3);
    let kinds = 0;
    for (const [u, v] of contexts()) {
      const ev = ngramDistribution(ng, u, v, dist), out = base.slice();
      expect(ngramMix(ng, u, v, out, 0.7, 0.3)).toEqual(ev);
      expect(ngramEvidence(ng, u, v)).toEqual(ev);
      if (ev.triTotal > 0) kinds |= 1; else if (ev.biTotal > 0) kinds |= 2; else kinds |= 4;
      for (let w = 0; w < ng.V; w++) expect(out[w]).toBeCloseTo(0.7 * base[w] + 0.3 * dist[w], 6);
    }
    expect(kinds).toBe(7); // trigram, bigram-only and unseen contexts were all checked
  });

  it('ngramProb is one entry of ngramDistribution, and the distribution sums to 1', () => {
    const dist = new Float32Array(ng.V);
    for (const [u, v] of contexts().slice(0, 30)) {
      ngramDistribution(ng, u, v, dist);
      let sum = 0;
      for (let w = 0; w < ng.V; w++) { sum += ngramProb(ng, u, v, w); expect(ngramProb(ng, u, v, w)).toBeCloseTo(dist[w], 6); }
      expect(sum).toBeCloseTo(1, 5);
    }
  });
});
