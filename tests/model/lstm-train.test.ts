import { describe, expect, it } from 'vitest';
import { LstmTrainer, type Batch } from '../../src/model/lstm-train';
import { logitsFloat, logSoftmax, stepFloat, zeroState } from '../../src/model/lstm-float';
import { mulberry32 } from '../../src/model/random';

const shape = { V: 24, E: 16, H: 16 };
const B = 2, T = 4;

function tinyTrainer(seed: number): { tr: LstmTrainer; batch: Batch } {
  const rand = mulberry32(seed);
  const tr = new LstmTrainer(shape, B, T, shape.V);
  const p = tr.params;
  for (let i = 0; i < p.length; i++) p[i] = (rand() - 0.5) * 0.8;
  const tokens = Int32Array.from({ length: (T + 1) * B }, () => Math.floor(rand() * shape.V));
  const cands = Int32Array.from({ length: shape.V }, (_, i) => i);
  const targetCol = tokens.slice(B); // full softmax: column = word id
  return { tr, batch: { tokens, cands, logQ: new Float32Array(shape.V), targetCol } };
}

function meanLoss(tr: LstmTrainer, batch: Batch): number {
  tr.resetState();
  const { loss, count } = tr.forwardBackward(batch);
  return loss / count;
}

describe('LstmTrainer.forwardBackward', () => {
  it('equals the step-by-step float reference over the whole sequence', () => {
    const { tr, batch } = tinyTrainer(1);
    const whole = meanLoss(tr, batch);
    let sum = 0;
    for (let b = 0; b < B; b++) {
      let st = zeroState(shape);
      for (let t = 0; t < T; t++) {
        st = stepFloat(tr.params, shape, st, batch.tokens[t * B + b]);
        sum -= logSoftmax(logitsFloat(tr.params, shape, st.r))[batch.tokens[(t + 1) * B + b]];
      }
    }
    expect(Math.abs(whole - sum / (B * T))).toBeLessThan(1e-5);
  });

  it('gives gradients equal to centred finite differences', () => {
    const { tr, batch } = tinyTrainer(2);
    meanLoss(tr, batch);
    const analytic = Float32Array.from(tr.grads);
    const p = tr.params, rand = mulberry32(3), eps = 1e-2;
    let worst = 0;
    for (let n = 0; n < 300; n++) {
      const i = Math.floor(rand() * p.length);
      const keep = p[i];
      p[i] = keep + eps; const up = meanLoss(tr, batch);
      p[i] = keep - eps; const down = meanLoss(tr, batch);
      p[i] = keep;
      const numeric = (up - down) / (2 * eps);
      const rel = Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[i]));
      worst = Math.max(worst, rel);
    }
    console.log(`largest relative gradient error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(2e-2);
  });

  it('carries the recurrent state from one batch to the next', () => {
    const { tr, batch } = tinyTrainer(4);
    tr.resetState();
    const first = tr.forwardBackward(batch).loss;
    const second = tr.forwardBackward(batch).loss;
    expect(second).not.toBeCloseTo(first, 6);
  });
});
