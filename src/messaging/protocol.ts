/**
 * The one protocol between the content script, the popup and the background.
 * Every request is `{ inkling: 1, type, data }`; every reply is `{ ok }` or `{ error }`.
 */
import type { ModelLanguage } from '../text/language-choice';

/** The languages a model answers in: `lang` of modelInfo and of every predict reply. */
export { MODEL_LANGUAGES, type ModelLanguage } from '../text/language-choice';
import type { DayStats, ExportFile, ImportSummary, LearningStatus, ModelInfo, SampleRecord, VocabularyEntry } from './dto';

export type * from './dto';

export interface PredictParams {
  /** Field id, unique within its frame (the background scopes it by tab and frame). */
  field: string;
  /** Increases with every change of the field; echoed back so stale replies can be dropped. */
  seq: number;
  /** Text before the word being typed, at most MAX_CONTEXT_CHARS. */
  context: string;
  /** The letters of the word typed so far (may be empty). */
  prefix: string;
  /** How many suggestions are wanted, 1..MAX_SUGGESTIONS. */
  k: number;
  /**
   * Also return `next`: the candidates for the word after `context + prefix + ' '`, as if
   * a space came next (drawn at once when it does).
   */
  lookahead?: boolean;
  /** Also return `phrase` when the engine is sure of several words (the user has phrases on). */
  phrase?: boolean;
  /** The field's or page's `lang` attribute, a hint when the text does not say its language. */
  lang?: string;
}

export interface PredictResult {
  seq: number;
  suggestions: string[];
  /** With `lookahead`: candidates for the next word after `context + prefix + ' '`. */
  next?: string[];
  /**
   * With `phrase`, when the engine is sure of one: the text accepting the ghost text inserts in
   * place of `prefix` — the word being typed and at least one word after it.
   */
  phrase?: string;
  /** The language whose model answered. */
  lang: ModelLanguage;
}

/** What the content script reports of an insertion its check found wrong. */
export interface InsertionFailure {
  /** Whether the text before the caret is again what the user had. */
  restored: boolean;
  /** Words the field held afterwards that neither the user nor the suggestion wrote (at most MAX_STRAY_WORDS). */
  strayWords: string[];
}

/** A draft the content script saw the user write (sent on blur, submit or a pause). */
export interface DraftParams {
  /** page visit + field: one stored sample per draft, updated in place */
  draftKey: string;
  /** the field's whole text (its last MAX_DRAFT_CHARS) */
  text: string;
  /** texts the user pasted into the field: not their writing */
  pasted: string[];
  /** The field's or page's `lang` attribute. */
  lang?: string;
}

export interface ProtocolMap {
  predict(data: PredictParams): PredictResult;
  forgetField(data: { field: string }): null;
  /** The model of `lang`, by default the one that answered last. */
  modelInfo(data: { lang?: ModelLanguage }): ModelInfo;
  draft(data: DraftParams): { stored: boolean; reason?: string };
  learningStatus(data: Record<string, never>): LearningStatus;
  /** The content script inserted a suggestion: `saved` keystrokes the user did not type. */
  accepted(data: { saved: number }): null;
  /** An inserted suggestion did not come out as intended: the field was restored (or not) and is left alone. */
  insertionFailed(data: InsertionFailure): null;
  /** From extension pages only: failed insertions since the worker started. */
  insertionFailures(data: Record<string, never>): { failures: number; unrestored: number };

  // From extension pages only (popup, options): what is stored, and changing it.
  setLearningPaused(data: { paused: boolean }): LearningStatus;
  /** Counters of the last `days` days, oldest first, today last. */
  recentStats(data: { days: number }): DayStats[];
  listSamples(data: { search?: string; origin?: string; limit?: number }): SampleList;
  deleteSample(data: { id: number }): null;
  deleteSiteSamples(data: { origin: string }): { deleted: number };
  /** The personal vocabulary, blocked words included. */
  listVocabulary(data: Record<string, never>): VocabularyEntry[];
  addWord(data: { word: string }): null;
  removeWord(data: { word: string }): null;
  blockWord(data: { word: string; blocked: boolean }): null;
  exportData(data: Record<string, never>): ExportFile;
  /** Replaces everything personal with a file from `exportData`, or changes nothing if it is not valid. */
  importData(data: { file: string }): ImportSummary;
  deleteEverything(data: Record<string, never>): null;
  personalInfo(data: Record<string, never>): PersonalInfo;
}

/** One page of the sample viewer. */
export interface SampleList {
  samples: SampleRecord[];
  /** how many samples match (more than `samples` when cut at the limit) */
  matching: number;
  /** every origin with samples, and how many */
  origins: { origin: string; count: number }[];
}

/** What is stored about the user, by size. */
export interface PersonalInfo {
  samples: number;
  sampleChars: number;
  words: number;
  blockedWords: number;
  /** the personal model states, one per language */
  checkpoints: { name: string; version: number; bytes: number; createdAt: number }[];
}

/** What a content script answers (asked by the popup with `tabs.sendMessage`, top frame only). */
export interface PageProtocolMap {
  pageSite(data: Record<string, never>): { site: string };
}

type AllMessages = ProtocolMap & PageProtocolMap;
export type MessageType = keyof AllMessages;
export type ParamsOf<T extends MessageType> = Parameters<AllMessages[T]>[0];
export type ResultOf<T extends MessageType> = ReturnType<AllMessages[T]>;

export interface Request<T extends MessageType = MessageType> {
  inkling: 1;
  type: T;
  data: ParamsOf<T>;
}

export type Reply<T extends MessageType = MessageType> =
  | { ok: ResultOf<T> }
  | { error: string; name: string };

/** What the popup receives on its `live` port: the latest suggestions in its tab. */
export interface LiveSuggestions {
  field: string;
  prefix: string;
  suggestions: string[];
  lang: ModelLanguage;
}

export const LIVE_PORT = 'inkling-live';
export const MAX_CONTEXT_CHARS = 2000;
export const MAX_PREFIX_CHARS = 64;
export const MAX_FIELD_ID_CHARS = 64;
/** A BCP 47 tag is short; anything longer is not one. */
export const MAX_LANG_TAG_CHARS = 35;
export const MAX_SUGGESTIONS = 64;
/** A draft is the last MAX_DRAFT_CHARS of a field, with at most MAX_PASTED pasted texts. */
export const MAX_DRAFT_CHARS = 8000;
export const MAX_PASTED = 20;
/** Bounds of the data messages of the options page. */
export const MAX_WORD_CHARS = 64;
/** Stray words one failed insertion may report. */
export const MAX_STRAY_WORDS = 8;
export const MAX_SEARCH_CHARS = 200;
export const MAX_ORIGIN_CHARS = 2000;
export const MAX_LISTED_SAMPLES = 1000;
export const MAX_STATS_DAYS = 366;
/** An import file (JSON); a message of this size is still well within what browsers pass. */
export const MAX_IMPORT_CHARS = 32_000_000;
/** Keystrokes one accepted suggestion can save (a long word plus a space). */
export const MAX_SAVED_PER_ACCEPT = 100;
