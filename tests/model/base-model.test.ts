import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from './fixtures';
import { BaseModel } from '../../src/model/base-model';
import { FieldStates } from '../../src/model/field-states';
import { zeroState } from '../../src/model/lstm-float';
import { normalizeText } from '../../src/text/tokenize';
import type { ModelData } from '../../src/model/model-file';
import { QGROUP, type QuantizedRows } from '../../src/model/quantize';
import { quantizeSplit } from '../../src/model/quantize4';

const corpus = synthCorpus(5, 600);
const model = tinyModelData(trainTiny(corpus, 300), corpus);

const maxDiff = (a: Float32Array, b: Float32Array) => { let w = 0; for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i])); return w; };

describe('BaseModel', () => {
  it('gives the same distribution typed one character at a time as from scratch', () => {
    const warm = new BaseModel(model), cold = new BaseModel(model);
    const text = 'The cat sees the ball in the garden. My friend likes the big house';
    for (let i = 1; i <= text.length; i++) warm.nextWordProbs(text.slice(0, i), 'f');
    expect(maxDiff(warm.nextWordProbs(text, 'f'), Float32Array.from(cold.nextWordProbs(text, 'g')))).toBeLessThan(1e-6);
  });

  it('recovers when the user deletes text', () => {
    const p = new BaseModel(model), fresh = new BaseModel(model);
    p.nextWordProbs('The old man reads the letter every', 'f');
    expect(maxDiff(p.nextWordProbs('The old man ', 'f'), Float32Array.from(fresh.nextWordProbs('The old man ', 'x')))).toBeLessThan(1e-6);
  });

  it('is a distribution: the LSTM and n-gram mixed by the gate sum to one', () => {
    const probs = new BaseModel(model).nextWordProbs('The cat sees ', 'f');
    let sum = 0;
    for (const p of probs) { expect(p).toBeGreaterThanOrEqual(0); sum += p; }
    expect(sum).toBeCloseTo(1, 5);
  });

  it('applies the logit adjuster it is given, and recomputes when its version changes', () => {
    const b = new BaseModel(model), id = b.vocab.wordId('ball')!;
    const before = b.nextWordProbs('The cat sees the ', 'f')[id];
    const adjuster = { version: 1, boost: 0, apply(_r: Float32Array, logits: Float32Array) { logits[id] += this.boost; } };
    b.setAdjuster(() => adjuster);
    expect(b.nextWordProbs('The cat sees the ', 'f')[id]).toBeCloseTo(before, 6);
    adjuster.boost = 3; adjuster.version = 2;
    expect(b.nextWordProbs('The cat sees the ', 'f')[id]).toBeGreaterThan(before * 2);
  });

  it('detailed() returns the parts the mixture is made of', () => {
    const b = new BaseModel(model), id = b.vocab.wordId('ball')!;
    const d = b.detailed('The cat sees the ', 'f', id);
    expect(d.probs[id]).toBeCloseTo((1 - d.lambda) * d.lstmProbs[id] + d.lambda * d.ngramProb(id), 6);
    expect(d.plain).toBeCloseTo(d.lstmProbs[id], 6); // no adjuster: the plain LSTM is the LSTM
  });
});

describe('FieldStates', () => {
  const base = new BaseModel(model);
  const fresh = () => new FieldStates(base.lstm, base.vocab, 4);

  it('keeps the incremental token ids and states equal to a from-scratch run while typing, deleting and typing on', () => {
    const f = fresh(), text = 'The cat sees the ball. My friend likes some fresh bread every morning, and then goes home!';
    const typed = [...Array(text.length).keys()].map((i) => text.slice(0, i + 1));
    const edits = [...typed, text.slice(0, 40), text.slice(0, 41) + 'x', text + ' I said '];
    for (const context of edits) {
      const run = f.run('f', context);
      expect(run.ids).toEqual(base.vocab.encode(normalizeText(context)));
      let st = zeroState(base.lstm.shape);
      for (const id of run.ids) st = base.lstm.step(st, id);
      expect(maxDiff(run.states[run.ids.length - 1].r, st.r)).toBeLessThan(1e-6);
    }
  });

  it('runs only the new tokens when the content script’s text window slides forward', () => {
    const f = fresh();
    let steps = 0;
    const lstm = Object.create(base.lstm) as typeof base.lstm;
    lstm.step = (s, t) => { steps++; return base.lstm.step(s, t); };
    const g = new FieldStates(lstm, base.vocab, 4);
    const text = synthCorpus(9, 400).join(' ');
    const windowed = (end: number) => text.slice(Math.max(0, end - 1500), end);
    let end = 3000;
    while (text[end] !== ' ') end++;
    g.run('f', windowed(end + 1));
    const next = text.indexOf(' ', end + 1) + 1;
    steps = 0;
    g.run('f', windowed(next));
    expect(steps).toBe(1);
    expect(f.size).toBe(0);
  });

  it('runs only the new tokens when the end of a long text tokenizes into fewer tokens (the window reaches further back)', () => {
    let steps = 0;
    const lstm = Object.create(base.lstm) as typeof base.lstm;
    lstm.step = (s, t) => { steps++; return base.lstm.step(s, t); };
    const g = new FieldStates(lstm, base.vocab, 4);
    const text = synthCorpus(9, 400).join(' ').slice(0, 1900); // more than MAX_TOKENS tokens, less than the character window
    const before = g.run('f', `${text} don'`).ids, after = `${text} don't `; // "don" "'" become "don't"
    expect(before.length).toBe(257);
    steps = 0;
    const run = g.run('f', after);
    expect(steps).toBeLessThanOrEqual(2);
    expect(run.ids.slice(-1)).toEqual(base.vocab.encode(normalizeText("don't")).slice(-1));
    // A text that is all in the window keeps what was written before its old start.
    const shortLength = g.run('s', 'the cat sat on the mat and the dog sat on the rug ').ids.length;
    const longer = g.run('s', 'so the cat sat on the mat and the dog sat on the rug ').ids;
    expect(longer).toEqual(base.vocab.encode(normalizeText('so the cat sat on the mat and the dog sat on the rug ')));
    expect(longer.length).toBe(shortLength + 1);
  });

  it('realigns on the old head even where the window starts with a repeated token', () => {
    let steps = 0;
    const lstm = Object.create(base.lstm) as typeof base.lstm;
    lstm.step = (s, t) => { steps++; return base.lstm.step(s, t); };
    const g = new FieldStates(lstm, base.vocab, 4);
    // The last 256 tokens start inside the run of "ball": the token before the old head is the
    // head's own, so the heads look alike one token later than they really are.
    const text = `${'ball '.repeat(300)}${synthCorpus(3, 12).join(' ')}`;
    expect(g.run('f', `${text} don'`).ids.length).toBe(257);
    steps = 0;
    const run = g.run('f', `${text} don't `);
    expect(steps).toBeLessThanOrEqual(2);
    expect(run.ids.slice(-200)).toEqual(new FieldStates(base.lstm, base.vocab, 4).run('g', `${text} don't `).ids.slice(-200));
  });

  it('learning a long text word by word runs only each word\'s own tokens, also once the character window slides', () => {
    let steps = 0;
    const lstm = Object.create(base.lstm) as typeof base.lstm;
    lstm.step = (s, t) => { steps++; return base.lstm.step(s, t); };
    const g = new FieldStates(lstm, base.vocab, 4);
    const text = normalizeText(synthCorpus(11, 300).join(' ')); // about four times the character window
    expect(text.length).toBeGreaterThan(8000);
    const costs: number[] = [];
    for (const m of text.matchAll(/\S+/g)) {
      if (m.index === 0) continue;
      steps = 0;
      g.run('\u0000learn', text.slice(0, m.index));
      costs.push(steps);
    }
    // A word and the punctuation before it are a few tokens; running the whole window again is 256.
    expect(Math.max(...costs.slice(1))).toBeLessThanOrEqual(8);
  });

  it('tokenizes only the text after the last white space when a context ends in a quote or a bracket, with the ids of a from-scratch run', () => {
    const vocab = Object.create(base.vocab) as typeof base.vocab;
    let longest = 0;
    vocab.encode = (text) => { longest = Math.max(longest, text.length); return base.vocab.encode(text); };
    const g = new FieldStates(base.lstm, vocab, 4);
    // Every other word after a quote or a bracket, so the context before it ends in one.
    const text = normalizeText(synthCorpus(12, 120).map((s, i) => (i % 2 ? `"${s}" (${s})` : s)).join(' '));
    expect(text.length).toBeGreaterThan(6000);
    const lengths: number[] = [];
    for (const m of text.matchAll(/[\p{L}]+/gu)) {
      if (m.index! < 2100) continue; // past the first window: from here a whole window is 2,000 characters
      longest = 0;
      const context = text.slice(0, m.index);
      const ids = g.run('\u0000learn', context).ids;
      lengths.push(longest);
      if (/["(]$/.test(context) && lengths.length % 25 === 1) {
        // The same tokens at the end as tokenizing the window from scratch.
        const scratch = base.vocab.encode(text.slice(m.index! - 1500, m.index));
        expect(ids.slice(-100)).toEqual(scratch.slice(-100));
      }
    }
    expect(lengths.length).toBeGreaterThan(500);
    expect(lengths[0]).toBe(2000); // the field's first context: its whole window
    expect(Math.max(...lengths.slice(1))).toBeLessThan(40);
  });

  it('keeps at most `capacity` typing fields, least recently used out first; its own fields do not count', () => {
    const f = fresh();
    f.run('\u0000learn', 'The cat ');
    for (const name of ['a', 'b', 'c', 'd']) f.run(name, 'The cat ');
    f.run('a', 'The cat sees ');
    f.run('e', 'The dog ');
    expect(f.size).toBe(5); // a, c, d, e and the learning field: b went first
    const kept = f.run('a', 'The cat sees ');
    expect(kept.ids.length).toBeGreaterThan(3);
    expect(() => new FieldStates(base.lstm, base.vocab, 0)).toThrow(RangeError);
  });
});

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

describe('the LSTM keeps the only copy of its weights', () => {
  const bytes = (a: ArrayBufferView) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  const split = (): ModelData => {
    const emb = model.weights.emb as QuantizedRows, E = emb.cols, groups = E / QGROUP;
    return { ...model, weights: { ...model.weights, emb: quantizeSplit(emb.rows, E, 7, (r, c) => emb.q[r * E + c] * emb.scale[r * groups + Math.floor(c / QGROUP)]) } };
  };

  it.each([['int8', () => model], ['int8 head and 4-bit tail', split]])('reads back exactly what it was given (%s embedding)', (_, make) => {
    const data = make(), base = new BaseModel(data);
    expect(base.model).not.toHaveProperty('weights');
    const back = base.lstm.weights(), w = data.weights;
    expect(back.shape).toEqual(w.shape);
    expect(back.emb.bits).toBe(w.emb.bits);
    const embArrays = (e: typeof w.emb) => (e.bits === 4 ? [e.head.q, e.head.scale, e.tail.q, e.tail.scale] : [e.q, e.scale]);
    const arrays = (x: typeof w) => [...embArrays(x.emb), x.gates.q, x.gates.scale, x.gateBias, x.proj.q, x.proj.scale, x.outBias];
    expect(arrays(back).map(bytes)).toEqual(arrays(w).map(bytes));
    expect(arrays(back).every((a, i) => a.constructor === arrays(w)[i].constructor)).toBe(true);
    if (back.emb.bits === 4 && w.emb.bits === 4) expect([back.emb.head.rows, back.emb.tail.rows]).toEqual([w.emb.head.rows, w.emb.tail.rows]);
    // Copies: changing one changes neither the kernels' weights nor the next copy.
    back.gates.q.fill(0);
    expect(bytes(base.lstm.weights().gates.q)).toEqual(bytes(w.gates.q));
  });
});
