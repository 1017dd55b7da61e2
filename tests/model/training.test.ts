import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny } from './fixtures';
import { DEFAULT_EMBEDDING, quantizeParams, type EmbeddingEncoding } from '../../scripts/train/package';
import { logitsFloat, stepFloat, zeroState } from '../../src/model/lstm-float';
import { Int8Lstm } from '../../src/model/lstm-int8';

function top3(scores: ArrayLike<number>): number[] {
  return Array.from(scores, (s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3).map((x) => x[1]);
}

describe('training a tiny model end to end', () => {
  const train = synthCorpus(1, 600), heldout = synthCorpus(2, 60);
  const tiny = trainTiny(train, 400);

  it('lowers the loss and raises next-word accuracy on held-out text', () => {
    const first = tiny.losses.slice(0, 20).reduce((a, b) => a + b) / 20;
    const last = tiny.losses.slice(-20).reduce((a, b) => a + b) / 20;
    console.log(`loss ${first.toFixed(3)} → ${last.toFixed(3)}`);
    expect(last).toBeLessThan(first * 0.6);
    let hits = 0, n = 0;
    for (const p of heldout) {
      const ids = tiny.vocab.encode(p);
      let st = zeroState(tiny.shape);
      for (let i = 0; i + 1 < ids.length; i++) {
        st = stepFloat(tiny.params, tiny.shape, st, ids[i]);
        hits += +top3(logitsFloat(tiny.params, tiny.shape, st.r)).includes(ids[i + 1]); n++;
      }
    }
    console.log(`held-out top-3 accuracy ${(hits / n).toFixed(3)} (uniform guess ${(3 / tiny.shape.V).toFixed(3)})`);
    expect(hits / n).toBeGreaterThan(0.5);
  });

  it.each<[string, EmbeddingEncoding]>([
    ['all int8', { bits: 8 }],
    ['the packaged split: frequent rows int8, the rest 4-bit', DEFAULT_EMBEDDING],
  ])('int8 LSTM with its embedding %s agrees with the float model on ≥ 97 % of top-3 lists on held-out text', (name, enc) => {
    const q = new Int8Lstm(quantizeParams(tiny.params, tiny.shape, enc));
    let same = 0, n = 0;
    for (const p of heldout) {
      const ids = tiny.vocab.encode(p);
      let sf = zeroState(tiny.shape), sq = zeroState(tiny.shape);
      for (const id of ids) {
        sf = stepFloat(tiny.params, tiny.shape, sf, id);
        sq = q.step(sq, id);
        const a = top3(logitsFloat(tiny.params, tiny.shape, sf.r)), b = top3(q.logits(sq.r));
        same += +(a.every((x) => b.includes(x))); n++; // the same three words shown
      }
    }
    console.log(`embedding ${name} / float top-3 agreement ${(same / n * 100).toFixed(1)} % over ${n} positions`);
    expect(same / n).toBeGreaterThanOrEqual(0.97);
  });
});
