import { describe, expect, it } from 'vitest';
import { buildNgram, countNgrams } from '../../scripts/train/ngram-build';
import { ngramDistribution, ngramEvidence, ngramMix, ngramProb } from '../../src/model/ngram';
import { BOS } from '../../src/text/vocab';
import { synthCorpus, tinyVocabulary } from './fixtures';

const corpus = synthCorpus(5, 400), vocab = tinyVocabulary(corpus);
const ids = corpus.map((p) => Int32Array.from(vocab.encode(p)));
const ng = buildNgram(countNgrams(vocab.size, [{ ids, weight: 1 }]), 2, 2);

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
