import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from '../model/fixtures';
import { writeModelFile } from '../../src/model/model-file';
import { createEngine, type Engine } from '../../src/engine/engine';
import { FineTuner } from '../../src/learn/fine-tune';
import { OutputAdapter } from '../../src/learn/output-adapter';
import { PersonalMemory } from '../../src/learn/personal-memory';

const corpus = synthCorpus(11, 400);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 200), corpus));
/** The user's habit, which the grammar of the training text makes unlikely. */
const HABIT = 'The children reads the letter every morning.';

/** Mean −log p of a text's words under the base model with the personal adapter (no memory). */
function baseLoss(engine: Engine, text: string): number {
  let sum = 0, n = 0;
  for (const m of text.matchAll(/[\p{L}]+/gu)) { sum -= Math.log(engine.baseWordProb(text.slice(0, m.index), m[0].toLowerCase())); n++; }
  return sum / n;
}

describe('fine-tuning the output adapter', () => {
  it('lowers the base model\'s loss on the text it learned, leaving the int8 base intact', () => {
    const engine = createEngine(modelBytes);
    const before = baseLoss(engine, HABIT);
    // 30 times: at the step of 0.03 (0.1 before) ten readings lower the loss by about 0.08.
    for (let i = 0; i < 30; i++) engine.learnText(HABIT);
    const tuner = engine.personal.tuner!;
    expect(tuner.rollbacks).toBe(0);
    expect(baseLoss(engine, HABIT)).toBeLessThan(before - 0.1);
    engine.setPersonal(new PersonalMemory()); // reset: the shipped model again
    expect(baseLoss(engine, HABIT)).toBeCloseTo(before, 6);
  });

  it('restores the fine-tuned adapter from the memory checkpoint', () => {
    const a = createEngine(modelBytes), b = createEngine(modelBytes);
    for (let i = 0; i < 5; i++) a.learnText(HABIT);
    b.setPersonal(PersonalMemory.fromJSON(JSON.parse(JSON.stringify(a.personal.toJSON()))));
    expect(baseLoss(b, HABIT)).toBeCloseTo(baseLoss(a, HABIT), 5);
    expect(b.predict({ field: 'f', context: 'The children ', prefix: '', k: 3 })).toEqual(a.predict({ field: 'f', context: 'The children ', prefix: '', k: 3 }));
  });
});

describe('FineTuner guard', () => {
  it('rolls back an update that made held-out words worse, and then back to the base', () => {
    const t = new FineTuner(5, 4, 2);
    const probs = new Float32Array([0.2, 0.2, 0.2, 0.2, 0.2]), r = new Float32Array([1, 0, 0, 1]);
    t.train(r, probs, 3, 1);
    for (let i = 0; i < 100; i++) t.judge(0.2, 0.1); // the adapter helped
    expect(t.endSample()).toBe('kept');
    const accepted = Array.from(t.adapter.bias);
    t.train(r, probs, 1, 1);
    for (let i = 0; i < 100; i++) t.judge(0.05, 0.1); // this update hurt
    expect(t.endSample()).toBe('rolled back');
    expect(Array.from(t.adapter.bias)).toEqual(accepted);
    for (let i = 0; i < 100; i++) t.judge(0.05, 0.1); // still worse than the base: drop it all
    expect(t.endSample()).toBe('rolled back');
    expect(t.adapter.bias.every((x) => x === 0)).toBe(true);
    expect(t.rollbacks).toBe(2);
  });
});

describe('OutputAdapter', () => {
  it('changes nothing when fresh and round-trips through JSON', () => {
    const a = new OutputAdapter(6, 4, 2), logits = new Float32Array([1, 2, 3, 4, 5, 6]), r = new Float32Array([0.5, -1, 2, 0]);
    a.apply(r, logits);
    expect(Array.from(logits)).toEqual([1, 2, 3, 4, 5, 6]);
    a.step(r, new Float32Array(6).fill(1 / 6), 2, 1, 0.5, 0);
    const back = OutputAdapter.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    const x = new Float32Array(6), y = new Float32Array(6);
    a.apply(r, x); back.apply(r, y);
    expect(Array.from(y)).toEqual(Array.from(x));
    expect(x[2]).toBeGreaterThan(x[0]);
    expect(() => OutputAdapter.fromJSON({ V: 6, E: 4, R: 2, params: 'AAAA' })).toThrow(TypeError);
    expect(() => OutputAdapter.fromJSON({ V: 1e9, E: 4, R: 2, params: '' })).toThrow(TypeError);
    const nan = new Float32Array(6 + 8 + 12).fill(NaN);
    expect(() => OutputAdapter.fromJSON({ V: 6, E: 4, R: 2, params: Buffer.from(nan.buffer).toString('base64') })).toThrow(TypeError);
  });

  it('steps a biases-only adapter (rank 0) by −lr·weight·(p − onehot), decayed toward zero', () => {
    const a = new OutputAdapter(5, 4, 0), r = new Float32Array(4), probs = new Float32Array([0.1, 0.2, 0.4, 0.2, 0.1]);
    a.bias.set([0.5, -0.25, 0, 1, -1]);
    const before = Float32Array.from(a.bias), version = a.version;
    a.step(r, probs, 2, 0.8, 0.5, 0.01);
    const want = [...before].map((b, i) => b * 0.99 - 0.5 * 0.8 * (probs[i] - (i === 2 ? 1 : 0)));
    for (let i = 0; i < 5; i++) expect(a.bias[i]).toBeCloseTo(want[i], 6);
    expect(a.bias[2]).toBeGreaterThan(before[2]);
    expect(a.version).not.toBe(version);
  });
});

