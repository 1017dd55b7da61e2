import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthCorpus, tinyModelData, tinyVocabulary, trainTiny } from './fixtures';
import { upgradeTable } from '../../scripts/train/package';
import { createEngine, type Engine } from '../../src/engine/engine';
import { OutputAdapter, remapAdapter } from '../../src/learn/output-adapter';
import { PersonalMemory } from '../../src/learn/personal-memory';
import { writeModelFile } from '../../src/model/model-file';
import { Vocabulary } from '../../src/text/vocab';

describe('remapAdapter', () => {
  it('moves each word\'s bias to its new id, drops words the new vocabulary lacks, restarts the low-rank part', () => {
    const old = new OutputAdapter(4, 16, 2);
    old.bias.set([0.1, 0.2, 0.3, 0.4]); old.up.fill(0.5);
    const out = remapAdapter(old, Int32Array.from([0, 3, -1, 1]), 5, 16);
    expect(Array.from(out.bias)).toEqual([0.1, 0.4, 0, 0.2, 0].map(Math.fround));
    expect(out.up.every((x) => x === 0)).toBe(true);
    expect([out.V, out.E, out.R]).toEqual([5, 16, 2]);
  });

  it('refuses a map of another length', () => {
    expect(() => remapAdapter(new OutputAdapter(4, 16, 0), new Int32Array(3), 5, 16)).toThrow(RangeError);
  });
});

describe('a new base model keeps what the user taught the old one', () => {
  // The old and the new model: different training text, so different vocabularies and ids.
  const oldCorpus = synthCorpus(1, 300);
  const newCorpus = [...synthCorpus(7, 300), 'An armadillo reads the big house.', 'Aardvarks find a red book.'];
  const oldBytes = writeModelFile(tinyModelData(trainTiny(oldCorpus, 60), oldCorpus));
  const oldPath = join(mkdtempSync(join(tmpdir(), 'inkling-upgrade-')), 'old.inkling');
  writeFileSync(oldPath, oldBytes);
  const newData = tinyModelData(trainTiny(newCorpus, 60, 2), newCorpus);
  const firstWord = new Vocabulary(newData.words, newData.display).firstWord;
  const upgraded = writeModelFile({ ...newData, previous: upgradeTable(oldPath, newData.words, firstWord) });
  const unmapped = writeModelFile(newData);

  const personal = [
    'I met Zorblax Quennington at the harbour.',
    'Tell Zorblax Quennington the letter is ready.',
    'We will see you at the kumquat summit tomorrow.',
    'The cat likes the ball every morning.',
  ];
  const taught = createEngine(oldBytes);
  for (let i = 0; i < 6; i++) for (const text of personal) taught.learnText(text);
  const saved = JSON.stringify(taught.personal.toJSON()); // what a checkpoint stores

  const loaded = (bytes: Uint8Array): Engine => {
    const engine = createEngine(bytes);
    engine.setPersonal(PersonalMemory.fromJSON(JSON.parse(saved)));
    return engine;
  };
  const suggest = (e: Engine, context: string, prefix = '') => e.predict({ field: 'f', context, prefix, k: 3 });

  it.each([['with an upgrade table', upgraded], ['without one', unmapped]])('%s: made-up names and personal phrases are still suggested', (_name, bytes) => {
    const engine = loaded(bytes);
    expect(suggest(engine, 'I saw Zorblax ')).toContain('Quennington');
    expect(suggest(engine, 'Ask ', 'Zor')).toContain('Zorblax');
    expect(suggest(engine, 'we meet at the kumquat ')).toContain('summit');
  });

  it('carries the fine-tuned bias of each word to the word\'s new id', () => {
    const oldVocab = tinyVocabulary(oldCorpus);
    const newVocab = new Vocabulary(newData.words, newData.display);
    const before = taught.personal.tuner!.adapter;
    expect(before.V).not.toBe(newVocab.size);
    const engine = loaded(upgraded);
    suggest(engine, 'The cat likes ');
    const after = engine.personal.tuner!.adapter;
    expect(after.V).toBe(newVocab.size);
    for (const word of ['ball', 'cat', 'likes', 'morning']) {
      const o = oldVocab.wordId(word)!, n = newVocab.wordId(word)!;
      expect(o).not.toBe(n); // the vocabularies differ, so the ids do
      expect(after.bias[n]).toBe(before.bias[o]);
      expect(after.bias[n]).not.toBe(0);
    }
  });

  it('drops the adapter of an unknown model and keeps the rest', () => {
    const engine = loaded(unmapped);
    suggest(engine, 'The cat likes ');
    expect(engine.personal.tuner).toBeUndefined();
    expect(engine.personal.counts.uni.get('quennington')).toBe(12);
  });
});
