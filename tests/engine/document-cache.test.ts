import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from '../model/fixtures';
import { writeModelFile } from '../../src/model/model-file';
import { createEngine } from '../../src/engine/engine';

const corpus = synthCorpus(11, 400);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 200), corpus));
const lower = (words: string[]) => words.map((w) => w.toLowerCase());

describe('the document being written, before anything is learned', () => {
  it('offers a word written earlier in the field that neither the model nor the memory has', () => {
    const engine = createEngine(modelBytes);
    expect(engine.personal.empty).toBe(true);
    const written = 'Zorbulon sends the letter to our teacher. Then ';
    expect(lower(engine.predict({ field: 'a', context: written, prefix: 'Zo', k: 3 }))).toContain('zorbulon');
    // The same letters in a field that never had the word: it comes from the document, not anywhere else.
    expect(lower(engine.predict({ field: 'b', context: 'Then ', prefix: 'Zo', k: 3 }))).not.toContain('zorbulon');
    expect(engine.personal.empty).toBe(true);
  });

  it('follows a pair of words the document repeats', () => {
    const engine = createEngine(modelBytes);
    const written = 'Zorbulon quivvers. Later zorbulon quivvers again. And zorbulon ';
    expect(lower(engine.predict({ field: 'a', context: written, prefix: '', k: 3 }))).toContain('quivvers');
    expect(lower(engine.predict({ field: 'b', context: 'And zorbulon ', prefix: '', k: 3 }))).not.toContain('quivvers');
  });
});
