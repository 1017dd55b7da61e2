import { ProtocolError } from './errors';
import {
  MAX_CONTEXT_CHARS,
  MAX_DRAFT_CHARS,
  MAX_FIELD_ID_CHARS,
  MAX_LANG_TAG_CHARS,
  MAX_PASTED,
  MAX_IMPORT_CHARS,
  MAX_LISTED_SAMPLES,
  MAX_ORIGIN_CHARS,
  MAX_PREFIX_CHARS,
  MAX_SAVED_PER_ACCEPT,
  MAX_SEARCH_CHARS,
  MAX_STATS_DAYS,
  MAX_STRAY_WORDS,
  MAX_SUGGESTIONS,
  MAX_WORD_CHARS,
  type MessageType,
  type ParamsOf,
  type Request,
} from './protocol';
import { MODEL_LANGUAGES, type ModelLanguage } from '../text/language-choice';

type Record_ = Record<string, unknown>;

function isObject(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundedString(data: Record_, key: string, max: number): string {
  const value = data[key];
  if (typeof value !== 'string') throw new ProtocolError(`${key} must be a string`);
  if (value.length > max) throw new ProtocolError(`${key} is longer than ${max} characters`);
  return value;
}

function boundedInt(data: Record_, key: string, min: number, max: number): number {
  const value = data[key];
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new ProtocolError(`${key} must be an integer in ${min}..${max}`);
  }
  return value as number;
}

/** A page's `lang` attribute: kept if it is a plausible tag, dropped (not an error) if not. */
function langTag(data: Record_): { lang?: string } {
  if (data.lang === undefined) return {};
  const tag = boundedString(data, 'lang', MAX_LANG_TAG_CHARS);
  return /^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$/.test(tag) ? { lang: tag } : {};
}

function flag(data: Record_, key: string): boolean {
  if (typeof data[key] !== 'boolean') throw new ProtocolError(`${key} must be true or false`);
  return data[key] as boolean;
}

/** A word of the personal vocabulary: one or more letters, no spaces. */
function word(data: Record_): string {
  const value = boundedString(data, 'word', MAX_WORD_CHARS).trim();
  if (!/^\S+$/u.test(value)) throw new ProtocolError('word must be one word');
  return value;
}

function fieldId(data: Record_): string {
  const field = boundedString(data, 'field', MAX_FIELD_ID_CHARS);
  if (field.length === 0) throw new ProtocolError('field must not be empty');
  return field;
}

/** One validator per message type: returns a clean copy holding only known keys. */
const validators: { [T in MessageType]: (data: Record_) => ParamsOf<T> } = {
  predict: (data) => ({
    field: fieldId(data),
    seq: boundedInt(data, 'seq', 0, Number.MAX_SAFE_INTEGER),
    context: boundedString(data, 'context', MAX_CONTEXT_CHARS),
    prefix: boundedString(data, 'prefix', MAX_PREFIX_CHARS),
    k: boundedInt(data, 'k', 1, MAX_SUGGESTIONS),
    lookahead: data.lookahead === true,
    phrase: data.phrase === true,
    ...langTag(data),
  }),
  forgetField: (data) => ({ field: fieldId(data) }),
  modelInfo: (data) => {
    if (data.lang === undefined) return {};
    if (!MODEL_LANGUAGES.includes(data.lang as ModelLanguage)) throw new ProtocolError(`lang must be one of ${MODEL_LANGUAGES.join(', ')}`);
    return { lang: data.lang as ModelLanguage };
  },
  pageSite: () => ({}),
  draft: (data) => {
    const pasted = data.pasted;
    if (!Array.isArray(pasted) || pasted.length > MAX_PASTED) throw new ProtocolError(`pasted must be an array of at most ${MAX_PASTED} strings`);
    return {
      draftKey: boundedString(data, 'draftKey', MAX_FIELD_ID_CHARS),
      text: boundedString(data, 'text', MAX_DRAFT_CHARS),
      pasted: pasted.map((_, i) => boundedString(pasted as unknown as Record_, String(i), MAX_DRAFT_CHARS)),
      ...langTag(data),
    };
  },
  learningStatus: () => ({}),
  accepted: (data) => ({ saved: boundedInt(data, 'saved', 0, MAX_SAVED_PER_ACCEPT) }),
  insertionFailed: (data) => {
    const words = data.strayWords;
    if (!Array.isArray(words) || words.length > MAX_STRAY_WORDS) throw new ProtocolError(`strayWords must be an array of at most ${MAX_STRAY_WORDS} strings`);
    return {
      restored: flag(data, 'restored'),
      strayWords: words.map((_, i) => boundedString(words as unknown as Record_, String(i), MAX_WORD_CHARS)),
    };
  },
  insertionFailures: () => ({}),
  setLearningPaused: (data) => ({ paused: flag(data, 'paused') }),
  recentStats: (data) => ({ days: boundedInt(data, 'days', 1, MAX_STATS_DAYS) }),
  listSamples: (data) => ({
    ...(data.search === undefined ? {} : { search: boundedString(data, 'search', MAX_SEARCH_CHARS) }),
    ...(data.origin === undefined ? {} : { origin: boundedString(data, 'origin', MAX_ORIGIN_CHARS) }),
    ...(data.limit === undefined ? {} : { limit: boundedInt(data, 'limit', 1, MAX_LISTED_SAMPLES) }),
  }),
  deleteSample: (data) => ({ id: boundedInt(data, 'id', 0, Number.MAX_SAFE_INTEGER) }),
  deleteSiteSamples: (data) => ({ origin: boundedString(data, 'origin', MAX_ORIGIN_CHARS) }),
  listVocabulary: () => ({}),
  addWord: (data) => ({ word: word(data) }),
  removeWord: (data) => ({ word: word(data) }),
  blockWord: (data) => ({ word: word(data), blocked: flag(data, 'blocked') }),
  exportData: () => ({}),
  importData: (data) => ({ file: boundedString(data, 'file', MAX_IMPORT_CHARS) }),
  deleteEverything: () => ({}),
  personalInfo: () => ({}),
};

/** True for the envelope of our protocol (other extensions' messages are ignored, not rejected). */
export function isInklingMessage(message: unknown): message is { inkling: 1 } {
  return isObject(message) && message.inkling === 1;
}

/** Checks an incoming message's shape and sizes; throws ProtocolError on anything unexpected. */
export function parseRequest(message: unknown): Request {
  if (!isObject(message) || message.inkling !== 1) throw new ProtocolError('not an Inkling message');
  const type = message.type;
  if (typeof type !== 'string' || !Object.hasOwn(validators, type)) {
    // Not String(type): an object without a usable toString would throw a TypeError.
    throw new ProtocolError(`unknown message type: ${typeof type === 'string' ? type.slice(0, 40) : typeof type}`);
  }
  if (!isObject(message.data)) throw new ProtocolError(`${type}: data must be an object`);
  const validate = validators[type as MessageType];
  return { inkling: 1, type: type as MessageType, data: validate(message.data) } as Request;
}
