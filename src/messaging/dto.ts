/**
 * What the protocol's replies carry, defined here and nowhere else: the background's answers
 * must fit these shapes (the complete handler map checks it when the background compiles), so
 * the popup, the options page and the content script never import the background, the engine
 * or storage to know them.
 */

/** The model that answers a language. */
export interface ModelInfo {
  model: string;
  lang: string;
  params: number;
  bytes: number;
  vocab: number;
}

/** What learning is doing, for the popup. */
export interface LearningStatus {
  /** samples stored and not yet learned */
  waiting: number;
  /** samples stored */
  samples: number;
  /** whether a learning run is going on now */
  learning: boolean;
  /** ms since epoch of the last learned slice, null if none yet */
  lastUpdate: number | null;
  paused: boolean;
  /** The last damaged record or checkpoint skipped (within a week), for the popup to mention. */
  problem: { message: string; at: number } | null;
}

/** Counters of one local day. */
export interface DayStats {
  /** 'YYYY-MM-DD' */
  day: string;
  keystrokesSaved: number;
  suggestionsAccepted: number;
}

/** A word of the personal vocabulary, keyed by its folded form. */
export interface VocabularyEntry {
  word: string;
  /** the form most recently written */
  display: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  blocked: boolean;
  addedByUser: boolean;
  lang: string;
}

/** One stored writing sample, as the sample viewer lists it. */
export interface SampleRecord {
  id: number;
  draftKey: string;
  text: string;
  lang: string;
  origin: string;
  /** ms since epoch */
  createdAt: number;
  updatedAt: number;
  /** 1 once it was learned */
  learned: 0 | 1;
}

/**
 * An export of everything personal, saved by the options page as JSON and given back to
 * `importData` as text (whose reader checks every field): opaque here but for its counts.
 */
export interface ExportFile {
  format: string;
  version: number;
  /** ISO 8601 */
  exportedAt: string;
  samples: readonly unknown[];
  vocabulary: readonly unknown[];
  stats: readonly unknown[];
  checkpoints: readonly unknown[];
  preferences: Record<string, unknown>;
}

/** What an import replaced the stored data with. */
export interface ImportSummary {
  samples: number;
  words: number;
}
