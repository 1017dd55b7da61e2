import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from './fixtures';
import { BaseModel } from '../../src/model/base-model';

const corpus = synthCorpus(5, 300);
const model = tinyModelData(trainTiny(corpus, 100), corpus);
const maxDiff = (a: Float32Array, b: Float32Array) => { let w = 0; for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i])); return w; };

describe('FieldStates.fork', () => {
  it('starts an own field from a typing field: the same distribution as from scratch, the original untouched', () => {
    const base = new BaseModel(model), fresh = new BaseModel(model);
    const context = 'The cat sees the ball. My friend ', before = Float32Array.from(base.nextWordProbs(context, 'f'));
    expect(base.fields.fork('f', '\u0000hyp')).toBe(true);
    const after = `${context}likes the `;
    expect(maxDiff(base.nextWordProbs(after, '\u0000hyp'), Float32Array.from(fresh.nextWordProbs(after, 'g')))).toBeLessThan(1e-6);
    expect(maxDiff(base.nextWordProbs(context, 'f'), before)).toBe(0);
    base.fields.forget('\u0000hyp');
    expect(base.fields.size).toBe(1);
  });

  it('forks only into the engine\'s own fields, and only from a field that has a run', () => {
    const base = new BaseModel(model);
    base.nextWordProbs('The cat ', 'f');
    expect(base.fields.fork('f', 'typing')).toBe(false);
    expect(base.fields.fork('none', '\u0000hyp')).toBe(false);
    expect(base.fields.size).toBe(1);
  });
});
