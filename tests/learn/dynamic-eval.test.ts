import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from '../model/fixtures';
import { writeModelFile } from '../../src/model/model-file';
import { createEngine, type Engine } from '../../src/engine/engine';
import { PersonalMemory } from '../../src/learn/personal-memory';
import { LEARN_FIELD } from '../../src/learn/personalization';
import { FineTuner } from '../../src/learn/fine-tune';
import { adaptStats } from '../../scripts/train/adapt-stats';

const corpus = synthCorpus(11, 400);
const data = tinyModelData(trainTiny(corpus, 200), corpus);
data.adaptMs = adaptStats(data, corpus.join('\n'), 200);
const modelBytes = writeModelFile(data);
/** The user's habit, which the grammar of the training text makes unlikely. */
const ON = { lstmAdapt: true };
const HABIT = 'The children reads the letter every morning. Our teacher reads the letter in the garden.';

/** Mean −log p of a text's words under the base model with the personal deltas (no memory). */
function baseLoss(engine: Engine, text: string): number {
  let sum = 0, n = 0;
  for (const m of text.matchAll(/[\p{L}]+/gu)) { sum -= Math.log(engine.baseWordProb(text.slice(0, m.index), m[0].toLowerCase())); n++; }
  return sum / n;
}

/** `engine` learns the habit; copies of its memory as saved, with and without the LSTM deltas. */
function learnedMemory(engine: Engine): { copy(): PersonalMemory; withoutDeltas(): PersonalMemory } {
  for (let i = 0; i < 4; i++) engine.learnText(HABIT);
  const json = JSON.stringify(engine.personal.toJSON());
  const copy = () => PersonalMemory.fromJSON(JSON.parse(json));
  return { copy, withoutDeltas: () => { const m = copy(); m.tuner!.lstm = undefined; return m; } };
}

describe('dynamic evaluation of the LSTM in the engine', () => {
  it('reads the model file\'s normaliser', () => {
    const back = createEngine(modelBytes, { lstmAdapt: true });
    expect(back.info().params).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) back.learnText(HABIT);
    expect(back.personal.tuner?.lstm?.delta.magnitude).toBeGreaterThan(0);
  });

  it('adapts the LSTM\'s weights to the text learned; reset gives the shipped model exactly', () => {
    const on = createEngine(modelBytes, ON), off = createEngine(modelBytes, { lstmAdapt: false }), byDefault = createEngine(modelBytes);
    const before = baseLoss(on, HABIT);
    for (let i = 0; i < 6; i++) { on.learnText(HABIT); off.learnText(HABIT); byDefault.learnText(HABIT); }
    expect(off.personal.tuner?.lstm).toBeUndefined();
    expect(byDefault.personal.tuner?.lstm).toBeUndefined(); // off by default (src/learn/dynamic-eval.ts, DYNAMIC.on)
    expect(on.personal.tuner!.lstm!.rollbacks).toBe(0);
    expect(baseLoss(on, HABIT)).toBeLessThan(baseLoss(off, HABIT));
    on.setPersonal(new PersonalMemory());
    expect(baseLoss(on, HABIT)).toBeCloseTo(before, 6);
  });

  it('the deltas are saved and restored with the personal memory', () => {
    const a = createEngine(modelBytes, ON), b = createEngine(modelBytes, ON);
    for (let i = 0; i < 4; i++) a.learnText(HABIT);
    b.setPersonal(PersonalMemory.fromJSON(JSON.parse(JSON.stringify(a.personal.toJSON()))));
    expect(b.personal.tuner!.lstm!.delta.toBytes()).toEqual(a.personal.tuner!.lstm!.delta.toBytes());
    a.forgetField(LEARN_FIELD); // its states were run while the deltas changed
    expect(baseLoss(b, HABIT)).toBeCloseTo(baseLoss(a, HABIT), 5);
  });

  it('the deltas travel in the checkpoint\'s binary part, after the adapter\'s parameters', () => {
    const a = createEngine(modelBytes, ON);
    for (let i = 0; i < 3; i++) a.learnText(HABIT);
    const tuner = a.personal.tuner!, meta = JSON.parse(JSON.stringify(tuner.meta())) as object;
    expect(JSON.stringify(meta).length).toBeLessThan(1000); // no parameters in the head
    const back = FineTuner.fromJSON(meta, tuner.adapterParams());
    expect(back.lstm!.delta.toBytes()).toEqual(tuner.lstm!.delta.toBytes());
    expect(back.adapterParams()).toEqual(tuner.adapterParams());
    expect(() => FineTuner.fromJSON(meta, tuner.adapterParams().subarray(0, tuner.adapterParams().length - 1))).toThrow(TypeError);
  });

  it('an engine with the switch off ignores deltas a loaded memory carries', () => {
    const a = createEngine(modelBytes, ON), off = createEngine(modelBytes, { lstmAdapt: false }), plain = createEngine(modelBytes, ON);
    const learned = learnedMemory(a);
    off.setPersonal(learned.copy());
    plain.setPersonal(learned.withoutDeltas());
    expect(baseLoss(off, HABIT)).toBeCloseTo(baseLoss(plain, HABIT), 6);
    expect(baseLoss(off, HABIT)).not.toBeCloseTo(baseLoss(a, HABIT), 4);
  });

  it('deltas made over another file of the same name (a retrained model) are not applied', () => {
    const retrained = writeModelFile({ ...data, weights: { ...data.weights, gateBias: data.weights.gateBias.map((b, i) => b + (i % 7) * 0.01) } });
    const a = createEngine(modelBytes, ON), b = createEngine(retrained, ON), plain = createEngine(retrained, ON);
    expect(b.info().model).toBe(a.info().model);
    const learned = learnedMemory(a);
    b.setPersonal(learned.copy());
    plain.setPersonal(learned.withoutDeltas());
    expect(baseLoss(b, HABIT)).toBeCloseTo(baseLoss(plain, HABIT), 6);
    // The same file takes them: it is the weights, not the memory, that decide.
    const same = createEngine(modelBytes, ON);
    same.setPersonal(learned.copy());
    a.forgetField(LEARN_FIELD);
    expect(baseLoss(same, HABIT)).toBeCloseTo(baseLoss(a, HABIT), 5);
  });
});
