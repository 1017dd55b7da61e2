import { Predictor } from '../model/predictor';
import { readModelFile } from '../model/model-file';
import { paramLayout } from '../model/shapes';
import { PersonalMemory } from '../learn/personal-memory';
import { normalizeText } from '../text/tokenize';
import { learnedPieces } from '../text/words';

export interface PredictRequest { field: string; context: string; prefix: string; k: number }
export interface ModelInfo { model: string; lang: string; params: number; bytes: number; vocab: number }

/** What the extension and the CLI talk to: one loaded model with per-field state. */
export interface Engine {
  /** Up to k suggestions (cased, ready to insert) for the word after `context` starting with `prefix`. */
  predict(req: PredictRequest): string[];
  forgetField(field: string): void;
  info(): ModelInfo;
  /** The user's memory blended into predictions (empty until something is learned). */
  readonly personal: PersonalMemory;
  /** Replaces the personal memory (after loading a checkpoint, or to reset). */
  setPersonal(memory: PersonalMemory): void;
  /** Whether the base model's vocabulary has this folded word. */
  knowsWord(wordKey: string): boolean;
  /** Probability of a folded word after a context, as suggestions rank it. */
  wordProb(context: string, wordKey: string): number;
  /** Probability the base model gives a folded word after a context: the personal gate's reference. */
  baseWordProb(context: string, wordKey: string): number;
  /** Learns one word the user wrote after a context (the personal memory's gate and the fine-tuned adapter). */
  learnWord(context: string, wordKey: string): void;
  /** Learns a whole text: each word, then the text into the personal memory. */
  learnText(text: string): void;
  /** Words the user added to their vocabulary (folded `word`, `display`): completed from their first letters. */
  setUserWords(words: readonly { word: string; display: string }[]): void;
}

/** Parses a model file (throws ModelFormatError saying what is wrong) and builds the engine. */
export function createEngine(modelBytes: Uint8Array): Engine {
  const model = readModelFile(modelBytes);
  const predictor = new Predictor(model);
  predictor.personal = new PersonalMemory();
  const { shape } = model.weights;
  const info: ModelInfo = {
    model: model.meta.name, lang: model.meta.lang, params: paramLayout(shape).total,
    bytes: modelBytes.length, vocab: shape.V + model.lexicon.words.length,
  };
  return {
    predict: (r) => predictor.predict(r.context, r.prefix, r.k, r.field),
    forgetField: (field) => predictor.forgetField(field),
    info: () => ({ ...info }),
    get personal() { return predictor.personal!; },
    setPersonal: (m) => { predictor.personal = m; },
    knowsWord: (key) => predictor.vocab.wordId(key) !== undefined,
    wordProb: (context, key) => predictor.wordProb(context, key, '\u0000learn'),
    baseWordProb: (context, key) => predictor.baseWordProb(context, key, '\u0000learn'),
    learnWord: (context, key) => predictor.learnWord(context, key),
    setUserWords: (words) => predictor.setUserWords(words),
    learnText: (text) => {
      const normalized = normalizeText(text);
      for (const w of learnedPieces(normalized)) predictor.learnWord(normalized.slice(0, w.start), w.key);
      predictor.personal!.addText(text);
    },
  };
}
