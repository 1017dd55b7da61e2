import { describe, expect, it } from 'vitest';
import { synthCorpus, trainTiny, tinyModelData } from '../model/fixtures';
import { writeModelFile } from '../../src/model/model-file';
import { createEngine } from '../../src/engine/engine';
import { PHRASE } from '../../src/engine/phrase-search';

const corpus = synthCorpus(11, 400);
const modelBytes = writeModelFile(tinyModelData(trainTiny(corpus, 200), corpus));
const SIGN_OFF = 'Warm wishes, Zorbulon Quendrix';
const MAILS = ['The cat sees the ball today.', 'My friend likes the red book.', 'Our teacher reads the letter.'];

/** An engine that learned three mails ending in the same sign-off. */
function learnedEngine(options: Parameters<typeof createEngine>[1] = {}) {
  const engine = createEngine(modelBytes, options);
  for (const mail of MAILS) engine.learnText(`${mail} ${SIGN_OFF}`);
  return engine;
}

const ask = (context: string, prefix: string) => ({ field: 'f', context, prefix, k: 3 });

describe('predictPhrase', () => {
  it('offers a sign-off written three times, whole, for its first letters', () => {
    const engine = learnedEngine();
    expect(engine.predictPhrase(ask('I see the ball. ', 'Warm w')).phrase).toBeUndefined(); // a prefix of two words is not a word
    const reply = engine.predictPhrase(ask('I see the ball. Warm ', 'w'));
    expect(reply.phrase).toBe('wishes, Zorbulon Quendrix');
    expect(reply.words).toEqual(engine.predict(ask('I see the ball. Warm ', 'w')));
    expect(engine.predictPhrase(ask('I see the ball. Warm wishes, ', '')).phrase).toBe('Zorbulon Quendrix');
  });

  it('takes a sign-off for a habit only once it was written three times, and not after one of them is deleted', () => {
    const twice = createEngine(modelBytes);
    for (const mail of MAILS.slice(0, 2)) twice.learnText(`${mail} ${SIGN_OFF}`);
    expect(twice.predictPhrase(ask('I see the ball. Warm ', 'w')).phrase ?? '').not.toMatch(/Zorbulon/);
    const engine = learnedEngine();
    expect(engine.predictPhrase(ask('I see the ball. Warm ', 'w')).phrase).toBe('wishes, Zorbulon Quendrix');
    // The habit is the user's trigram counts: forgetting a sample takes its part of them.
    engine.personal.forgetText(`${MAILS[0]} ${SIGN_OFF}`);
    expect(engine.predictPhrase(ask('I see the ball. Warm ', 'w')).phrase ?? '').not.toMatch(/Zorbulon/);
  });

  it('decides at the word boundary and keeps the phrase while its first word is typed, in the letters typed', () => {
    const engine = learnedEngine();
    const context = 'I see the ball. Warm ';
    expect(engine.predictPhrase(ask(context, '')).phrase).toBe('wishes, Zorbulon Quendrix');
    for (const prefix of ['w', 'Wi', 'WISH', 'wishes']) expect(engine.predictPhrase(ask(context, prefix)).phrase).toBe(`${prefix}${'wishes, Zorbulon Quendrix'.slice(prefix.length)}`);
  });

  it('offers nothing for a letter that leaves the phrase, nor once only one word is left', () => {
    const engine = learnedEngine();
    expect(engine.predictPhrase(ask('I see the ball. Warm ', 'x')).phrase).toBeUndefined();
    expect(engine.predictPhrase(ask('I see the ball. Warm wishes, Zorbulon ', '')).phrase).toBeUndefined();
  });

  it('answers as predict, without a phrase, before anything is learned and above any threshold', () => {
    const fresh = createEngine(modelBytes);
    for (const [context, prefix] of [['The cat ', ''], ['The cat sees the ', 'b'], ['', 'T']] as const) {
      const reply = fresh.predictPhrase(ask(context, prefix));
      expect(reply.words).toEqual(fresh.predict(ask(context, prefix)));
      if (reply.phrase !== undefined) expect(reply.phrase.toLowerCase().startsWith(prefix.toLowerCase())).toBe(true);
    }
    const strict = learnedEngine({ phrase: { ...PHRASE, threshold: 1.01 } });
    expect(strict.predictPhrase(ask('I see the ball. Warm ', 'w')).phrase).toBeUndefined();
    // The sign-off's first word carries 2/3 (three times of three, one left out): not enough where 0.9 is asked of it.
    const sureFirst = learnedEngine({ phrase: { ...PHRASE, firstWord: 0.9 } });
    expect(sureFirst.predictPhrase(ask('I see the ball. Warm ', 'w')).phrase).toBeUndefined();
  });

  it('never offers a phrase holding a blocked word', () => {
    const engine = learnedEngine();
    engine.setBlockedWords(new Set(['quendrix']));
    const phrase = engine.predictPhrase(ask('I see the ball. Warm ', 'w')).phrase;
    expect(phrase ?? '').not.toMatch(/Quendrix/i);
  });

  it('stops after maxWords words past the first', () => {
    const engine = learnedEngine({ phrase: { ...PHRASE, maxWords: 1 } });
    expect(engine.predictPhrase(ask('I see the ball. Warm ', 'w')).phrase).toBe('wishes, Zorbulon');
  });

  it('extends at most `expansions` hypotheses per decision (the keystroke budget)', () => {
    // One extension reaches "wishes," but not the name after it.
    const engine = learnedEngine({ phrase: { ...PHRASE, expansions: 1 } });
    expect(engine.predictPhrase(ask('I see the ball. Warm ', 'w')).phrase ?? '').not.toMatch(/Zorbulon/);
  });

  it('leaves the field\'s own suggestions as they were (its LSTM state and document cache)', () => {
    const engine = learnedEngine(), plain = learnedEngine();
    const context = 'I see the ball. Warm ';
    engine.predictPhrase(ask(context, 'w'));
    for (const prefix of ['', 'w', 'wi']) expect(engine.predict(ask(context, prefix))).toEqual(plain.predict(ask(context, prefix)));
  });
});
