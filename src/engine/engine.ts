import { BaseModel } from '../model/base-model';
import { CandidateRanker } from '../model/ranking';
import { FIELD_CAPACITY } from '../model/field-states';
import { PhraseSearch, type PhraseOptions } from './phrase-search';

export { FIELD_CAPACITY };
import type { ChannelWeights } from '../model/typo-channel';
import { readModelFile } from '../model/model-file';
import { paramLayout } from '../model/shapes';
import { PersonalMemory } from '../learn/personal-memory';
import { Personalization, LEARN_FIELD } from '../learn/personalization';
import type { LearningEngine } from '../learn/learning-engine';
import { normalizeText } from '../text/tokenize';
import { learnedPieces } from '../text/words';

export interface PredictRequest { field: string; context: string; prefix: string; k: number }
/** Suggestions for the word being typed, and the phrase accepting the ghost text would insert for it and the words after it (when one is sure enough). */
export interface PhrasePrediction { words: string[]; phrase?: string }
export interface ModelInfo { model: string; lang: string; params: number; bytes: number; vocab: number }

/** What the extension and the CLI talk to: one loaded model with per-field state. */
export interface Engine extends LearningEngine {
  /** Up to k suggestions (cased, ready to insert) for the word after `context` starting with `prefix`. */
  predict(req: PredictRequest): string[];
  /** As `predict`, with a phrase of at least two words when the model and the user's habits are sure of one. */
  predictPhrase(req: PredictRequest): PhrasePrediction;
  forgetField(field: string): void;
  info(): ModelInfo;
  /** How many typing fields keep LSTM state (the least recently used is forgotten beyond). */
  readonly fieldCapacity: number;
  /** The user's memory blended into predictions (empty until something is learned). */
  readonly personal: PersonalMemory;
  /** Replaces the personal memory (after loading a checkpoint, or to reset). */
  setPersonal(memory: PersonalMemory): void;
  /** Whether the base model's vocabulary has this folded word. */
  knowsWord(wordKey: string): boolean;
  /** Probability of a folded word after a context, as suggestions rank it. */
  wordProb(context: string, wordKey: string): number;
  /** Probability the base model (with the user's fine-tuned adapter) gives a folded word after a context: the personal gate's reference. */
  baseWordProb(context: string, wordKey: string): number;
  /** Learns one word the user wrote after a context (the personal memory's gate and the fine-tuned adapter). */
  learnWord(context: string, wordKey: string): void;
  /** Learns a whole text: each word, then the text into the personal memory. */
  learnText(text: string): void;
  /** Words the user added to their vocabulary (folded `word`, `display`): completed from their first letters. */
  setUserWords(words: readonly { word: string; display: string }[]): void;
  /** Folded words never suggested (the user's blocked words). */
  setBlockedWords(words: ReadonlySet<string>): void;
}

export interface EngineOptions {
  /** typing fields that keep LSTM state (default FIELD_CAPACITY) */
  fieldCapacity?: number;
  /** also offer the word meant after a keyboard slip (default true) */
  typos?: boolean;
  /** the typing channel's weights (default CHANNEL) */
  channel?: ChannelWeights;
  /** phrase search's threshold and limits (default PHRASE) */
  phrase?: PhraseOptions;
  /** the LSTM's own weights adapt to the user (dynamic evaluation; default true, false for the `--no-lstm-adapt` ablation) */
  lstmAdapt?: boolean;
}

/**
 * Parses a model file (throws ModelFormatError saying what is wrong) and builds the engine: the
 * base model, the ranking of candidates over it, and the personal layer rescoring them.
 */
export function createEngine(modelBytes: Uint8Array, options: EngineOptions = {}): Engine {
  const model = readModelFile(modelBytes);
  const base = new BaseModel(model, options.fieldCapacity ?? FIELD_CAPACITY);
  const ranker = new CandidateRanker(base, { typos: options.typos, channel: options.channel });
  const personal = new Personalization(base, { lstmAdapt: options.lstmAdapt });
  const phrases = new PhraseSearch(base, ranker, personal, options.phrase);
  const { shape } = model.weights;
  const info: ModelInfo = {
    model: model.meta.name, lang: model.meta.lang, params: paramLayout(shape).total,
    bytes: modelBytes.length, vocab: shape.V + model.lexicon.words.length,
  };
  const baseWordProb = (context: string, key: string) => ranker.baseProb(key, base.nextWordProbs(context, LEARN_FIELD));
  const learnWord = (context: string, key: string) => personal.learnWord(context, key, () => baseWordProb(context, key));
  const suggest = ({ context, prefix, k, field }: PredictRequest) => {
    const probs = base.nextWordProbs(context, field);
    const ranked = ranker.rank(probs, context, prefix, k, personal.rescorer(context, undefined, field));
    return { probs, ranked, words: ranker.cased(ranked, context, prefix, (key) => personal.spelling(key)) };
  };
  return {
    predict: (req) => suggest(req).words,
    predictPhrase(req) {
      const { probs, ranked, words } = suggest(req);
      const phrase = phrases.find(req.field, req.context, req.prefix, ranked, words, probs);
      return phrase === undefined ? { words } : { words, phrase };
    },
    forgetField: (field) => { base.fields.forget(field); personal.forgetField(field); },
    info: () => ({ ...info }),
    fieldCapacity: base.fields.capacity,
    get personal() { return personal.memory; },
    setPersonal: (m) => { personal.memory = m; },
    knowsWord: (key) => base.vocab.wordId(key) !== undefined,
    wordProb: (context, key) => personal.wordProb(context, key, baseWordProb(context, key)),
    baseWordProb,
    learnWord,
    setUserWords: (words) => ranker.setUserWords(words),
    setBlockedWords: (words) => { ranker.setBlocked(words); phrases.setBlocked(words); },
    learnText: (text) => {
      const normalized = normalizeText(text);
      for (const w of learnedPieces(normalized)) learnWord(normalized.slice(0, w.start), w.key);
      personal.memory.addText(text);
    },
  };
}
