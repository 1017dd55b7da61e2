import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brownParagraphs, brownTexts, untagSentence } from '../../scripts/corpus/brown';
import { dropRepeatedParagraphs, type CorpusDocument } from '../../scripts/corpus/english';
import { DEFAULT_TRAIN, trainingSources } from '../../scripts/train/train';

describe('untagSentence', () => {
  it.each([
    ['tags stripped, punctuation joined', 'The/at jury/nn said/vbd ,/, it/pps did/dod ./.', 'The jury said, it did.'],
    ['`` and \'\' become double quotes around their words', "a/at ``/`` real/jj ''/'' test/nn", 'a "real" test'],
    ['a comma or stop after a closing quote moves inside it', "the/at ``/`` hotel/nn ''/'' ,/, he/pps said/vbd", 'the "hotel," he said'],
    ['doubled end marks are written once', 'Why/wrb ?/. ?/.', 'Why?'],
    ['an abbreviation ends the sentence with its own stop', 'met/vbd Allen/np Jr./np ./.', 'met Allen Jr.'],
    ['brackets hug their contents, -- is a dash', 'one/cd (/( two/cd )/) --/-- three/cd', 'one (two) - three'],
    ['slashes inside a word survive', '1/2/cd cup/nn', '1/2 cup'],
    ['contractions and possessives stay whole', "don't/do* Atlanta's/np$ plan/nn", "don't Atlanta's plan"],
  ])('%s', (_name, tagged, text) => {
    expect(untagSentence(tagged)).toBe(text);
  });
});

describe('brownParagraphs', () => {
  it('joins the sentences of a block, drops headlines and blocks that are not prose', () => {
    const file = '\n\n\tFulton/np-hl Jury/nn-hl\n\n\n\tThe/at jury/nn met/vbd ./.\n\tIt/pps said/vbd no/rb ./.\n\n\n\t3/cd ./.\n';
    expect(brownParagraphs(file)).toEqual(['The jury met. It said no.']);
  });

  it('reads the 500 samples of the installed package as text without tags', () => {
    const texts = brownTexts();
    expect(texts).toHaveLength(500);
    expect(new Set(texts.map((t) => t.genre)).size).toBe(15);
    const sample = texts.flatMap((t) => t.paragraphs).slice(0, 2000).join(' ');
    expect(sample).not.toMatch(/\/(?:at|nn|vbd|in)\b/);
    expect(sample).not.toMatch(/``|''/);
  }, 30_000); // reads and restores 11 MB of tagged text: seconds on a busy machine
});

describe('dropRepeatedParagraphs', () => {
  it('keeps each paragraph at its first occurrence across documents and sources', () => {
    const docs: CorpusDocument[] = [
      { source: 'mail', id: 'm1', paragraphs: ['a b c', 'd e f'] },
      { source: 'brown', id: 'b1', paragraphs: ['d e f', 'g h i', 'g h i'] },
    ];
    expect(dropRepeatedParagraphs(docs)).toBe(2);
    expect(docs.map((d) => d.paragraphs)).toEqual([['a b c', 'd e f'], ['g h i']]);
  });
});

describe('trainingSources', () => {
  it('weighs each train-<source>.txt and counts the rest of train.txt once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inkling-sources-'));
    writeFileSync(join(dir, 'train.txt'), 'mail one\nbook one\n\nother one\n\n');
    writeFileSync(join(dir, 'train-mail.txt'), 'mail one\n\n');
    writeFileSync(join(dir, 'train-brown.txt'), 'book one\n\n');
    const sources = trainingSources({ ...DEFAULT_TRAIN, dataDir: dir, sourceWeights: { mail: 3, brown: 1.5, sotu: 0.2 } });
    expect(sources.map((s) => [s.name, s.docs, s.weight])).toEqual([
      ['mail', ['mail one'], 3],
      ['brown', ['book one'], 1.5],
      ['other', ['other one'], 1],
    ]);
  });
});
