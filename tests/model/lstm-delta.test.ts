import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from './fixtures';
import { Int8Lstm } from '../../src/model/lstm-int8';
import { LstmDelta } from '../../src/model/lstm-delta';
import { AdaptNormaliser, adaptStatsLength, SegmentGradient, unpackAdaptStats, type Segment } from '../../src/model/lstm-delta-grad';
import { zeroState } from '../../src/model/lstm-float';
import { mulberry32 } from '../../src/model/random';
import { applyUpdate, DynamicEval } from '../../src/learn/dynamic-eval';

const corpus = synthCorpus(5, 200);
const tiny = trainTiny(corpus, 40);
const model = tinyModelData(tiny, corpus);
const lstm = new Int8Lstm(model.weights);
const { shape } = tiny;
const ids = tiny.vocab.encode(corpus[0] + ' ' + corpus[1]);
const segment: Segment = { start: lstm.step(zeroState(shape), ids[0]), inputs: ids.slice(1, 7), targets: ids.slice(2, 8) };
/** A small head, so some of the segment's tokens take the rows after it. */
const HEAD = Math.min(...segment.inputs) + 1;
const grad = new SegmentGradient(model.weights, lstm, 6, HEAD);
const outBias = (t: number) => model.weights.outBias[t];

function randomDelta(seed: number, scale = 0.05, gates = false): LstmDelta {
  const r = mulberry32(seed), d = new LstmDelta(shape, gates);
  for (const a of [d.db, d.dWp, d.dW]) for (let i = 0; i < a.length; i++) a[i] = (r() - 0.5) * scale;
  for (const t of [...segment.inputs.slice(0, 3), segment.targets[5]]) { const row = d.row(t, true)!; for (let e = 0; e < row.length; e++) row[e] = (r() - 0.5) * scale; }
  d.touch();
  return d;
}

/** Uniform statistics: every adapted value has the same RMS, so the decay pulls each alike. */
const uniformNorm = new AdaptNormaliser(unpackAdaptStats(new Float32Array(adaptStatsLength(shape)).fill(1e-4), shape), shape);

describe('LSTM deltas (dynamic evaluation)', () => {
  it('the segment gradient agrees with finite differences of the loss', () => {
    expect(segment.inputs.some((t) => t >= HEAD) && segment.inputs.some((t) => t < HEAD)).toBe(true);
    const delta = randomDelta(1, 0.05, true), g = grad.compute(segment, delta, outBias);
    const loss = () => grad.compute(segment, delta, outBias, false, false).loss;
    const h = 5e-3, r = mulberry32(2);
    const check = (a: Float32Array, i: number, analytic: number) => {
      const x = a[i];
      a[i] = x + h; const up = loss();
      a[i] = x - h; const down = loss();
      a[i] = x;
      expect(Math.abs((up - down) / (2 * h) - analytic)).toBeLessThan(2e-3 + 0.03 * Math.abs(analytic));
    };
    for (let k = 0; k < 6; k++) { const j = Math.floor(r() * delta.db.length); check(delta.db, j, g.db[j]); }
    for (let k = 0; k < 6; k++) { const j = Math.floor(r() * delta.dWp.length); check(delta.dWp, j, g.dWp[j]); }
    // The gate weights: inputs of the embedding half and of the recurrent half.
    for (const k of [3, shape.E + 5]) for (const j of [2, shape.H + 7, 3 * shape.H + 1]) check(delta.dW, k * 4 * shape.H + j, g.dW![k * 4 * shape.H + j]);
    for (const t of [segment.inputs[0], segment.inputs.find((x) => x >= HEAD)!, segment.targets[5]]) {
      const row = delta.row(t, true)!;
      for (const e of [0, 17, 63]) check(row, e, g.rows.get(t)![e]);
    }
    // Some gradient is far from zero, so the comparison is not vacuous.
    expect(Math.max(...g.db.map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('inference applies the deltas the gradient was taken with', () => {
    const delta = randomDelta(3, 0.2, true);
    lstm.delta = delta;
    try {
      const cands = new Set<number>([...Array(HEAD).keys(), ...segment.inputs, ...segment.targets]);
      let state = segment.start, sum = 0;
      for (let i = 0; i < segment.inputs.length; i++) {
        state = lstm.step(state, segment.inputs[i]);
        const logits = lstm.logits(state.r);
        let mx = -Infinity; for (const c of cands) mx = Math.max(mx, logits[c]);
        let z = 0; for (const c of cands) z += Math.exp(logits[c] - mx);
        sum += -(logits[segment.targets[i]] - mx - Math.log(z));
      }
      expect(grad.compute(segment, delta, outBias, false, false).loss).toBeCloseTo(sum / segment.inputs.length, 3);
    } finally { lstm.delta = undefined; }
  });

  it('an update follows the rule and lowers the segment\'s loss', () => {
    const delta = randomDelta(4), before = delta.clone(), g = grad.compute(segment, delta, outBias);
    const lossBefore = g.loss, lr = 1e-6, decay = 0.01;
    applyUpdate(delta, g, uniformNorm, lr, decay, 1e-5);
    const rms = Math.sqrt(1e-4), pull = Math.min(1, (decay * rms) / uniformNorm.mean);
    expect(delta.db[7]).toBeCloseTo(before.db[7] * (1 - pull) - (lr * g.db[7]) / (rms + 1e-5), 7);
    expect(grad.compute(segment, delta, outBias, false, false).loss).toBeLessThan(lossBefore);
  });

  it('decay brings the deltas back to zero when no new text comes', () => {
    const delta = randomDelta(5, 0.05, true), zero = { db: new Float32Array(delta.db.length), dWp: new Float32Array(delta.dWp.length), dW: new Float32Array(delta.dW.length), rows: new Map() };
    expect(delta.magnitude).toBeGreaterThan(0.01);
    for (let i = 0; i < 200; i++) applyUpdate(delta, zero, uniformNorm, 1e-4, 0.1, 1e-5);
    expect(delta.magnitude).toBeLessThan(1e-7);
    expect(delta.rows.size).toBe(0);
  });

  it('a rollback restores the last accepted deltas exactly, a second one the shipped model', () => {
    const dyn = new DynamicEval(shape, 'tiny-test', true);
    dyn.delta.copyFrom(randomDelta(6, 0.05, true));
    expect(dyn.endSample()).toBe('kept');
    const accepted = dyn.delta.toBytes();
    applyUpdate(dyn.delta, grad.compute(segment, dyn.delta, outBias), uniformNorm, 1e-3, 0.01, 1e-5);
    expect(dyn.delta.toBytes()).not.toEqual(accepted);
    for (let i = 0; i < 40; i++) dyn.guard.judge(0.01, 0.02); // the deltas did worse on held-out words
    expect(dyn.endSample()).toBe('rolled back');
    expect(dyn.delta.toBytes()).toEqual(accepted);
    for (let i = 0; i < 40; i++) dyn.guard.judge(0.01, 0.02);
    expect(dyn.endSample()).toBe('rolled back');
    expect(dyn.delta.magnitude).toBe(0);
  });

  it('round-trips through its snapshot and refuses one for another model shape', () => {
    const dyn = new DynamicEval(shape, 'tiny-test', true);
    dyn.delta.copyFrom(randomDelta(7, 0.05, true)); dyn.endSample();
    const back = DynamicEval.fromJSON(JSON.parse(JSON.stringify(dyn.toJSON())));
    expect(back.delta.toBytes()).toEqual(dyn.delta.toBytes());
    expect(back.model).toBe('tiny-test');
    expect(() => LstmDelta.fromBytes(dyn.delta.toBytes(), { ...shape, V: shape.V + 1 })).toThrow(TypeError);
    expect(() => LstmDelta.fromBytes(dyn.delta.toBytes().subarray(0, 100))).toThrow(TypeError);
  });
});
