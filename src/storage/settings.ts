import { storage } from 'wxt/utils/storage';
import { MODEL_LANGUAGES, type ModelLanguage } from '../text/language-choice';
import { lazyItem, watchItem } from './items';

/** Which language's model suggests: chosen per field ('auto'), or one for every field. */
export type LanguageChoice = 'auto' | ModelLanguage;
export const LANGUAGE_CHOICES: readonly LanguageChoice[] = ['auto', ...MODEL_LANGUAGES];

export const languageChoice = lazyItem(() => storage.defineItem<LanguageChoice>('local:language', {
  fallback: 'auto',
  version: 1,
}));

/** A stored value that is not a known choice (an old or hand-edited store) means automatic. */
export function asLanguageChoice(value: unknown): LanguageChoice {
  return LANGUAGE_CHOICES.includes(value as LanguageChoice) ? (value as LanguageChoice) : 'auto';
}

/** What happens in private (incognito) windows: suggestions without learning, or nothing at all. */
export type IncognitoBehaviour = 'suggest' | 'off';

/** Which keys (and the mouse) accept a suggestion. */
export interface AcceptKeys {
  /** Tab in multi-line fields (textareas, editors), only while the ghost text is on screen */
  tab: boolean;
  /** Tab in single-line inputs too: off by default, as forms move between fields with Tab */
  tabInInputs: boolean;
  /** → (← in right-to-left text) at the end of the text takes the ghost text */
  arrow: boolean;
  /** Alt+1 … Alt+5 */
  altDigits: boolean;
  click: boolean;
  /** off by default: chat sites send the message on Enter */
  enter: boolean;
}

/** Every choice of the options page except language and the site switches (their own items). */
export interface Settings {
  /** suggestions on display, 1..MAX_SHOWN */
  suggestionCount: number;
  acceptKeys: AcceptKeys;
  /** the rest of the first suggestion drawn after the caret */
  ghostText: boolean;
  /** several words drawn as ghost text when Inkling is sure of them (the ghost text's key takes them all, Ctrl+→ one word) */
  phrases: boolean;
  /** the word meant is offered after a slip of the keyboard (marked as a correction) */
  corrections: boolean;
  /** a space is inserted after an accepted word */
  autoSpace: boolean;
  /** letters of a word typed before suggesting; 0 also suggests the next word at a word start */
  startAfterLetters: number;
  /** whether what the user writes is kept and learned */
  learning: boolean;
  /** writing samples not updated for this many days are deleted */
  retentionDays: number;
  /** at most this many characters of writing samples are kept (oldest go first) */
  retentionChars: number;
  incognito: IncognitoBehaviour;
  /** suggest in code editors and code fields too (off: English words are no help in code) */
  codeFields: boolean;
  /** the suggestion bar's size, in percent of its normal size (MIN_SCALE..MAX_SCALE) */
  suggestionScale: number;
  /** a high-contrast bar (taken anyway when the system asks for more contrast or forces colours) */
  highContrast: boolean;
  /** Alt+Shift+digit and hovering speak a suggestion, with the device's own voices only */
  speakSuggestions: boolean;
  /** each accepted word is spoken (the device's own voices only) */
  speakAccepted: boolean;
}

export const MAX_SHOWN = 5;
export const MAX_START_AFTER = 3;
export const MIN_SCALE = 100;
export const MAX_SCALE = 200;
export const SCALE_CHOICES: readonly number[] = [100, 125, 150, 175, 200];
export const RETENTION_DAY_CHOICES: readonly number[] = [7, 30, 90, 180, 365, 730];
export const RETENTION_CHAR_CHOICES: readonly number[] = [250_000, 500_000, 1_000_000, 2_000_000, 5_000_000];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  suggestionCount: 3,
  acceptKeys: Object.freeze({ tab: true, tabInInputs: false, arrow: true, altDigits: true, click: true, enter: false }),
  ghostText: true,
  phrases: true,
  corrections: true,
  autoSpace: true,
  startAfterLetters: 0,
  learning: true,
  retentionDays: 365,
  retentionChars: 2_000_000,
  incognito: 'suggest',
  codeFields: false,
  suggestionScale: 100,
  highContrast: false,
  speakSuggestions: false,
  speakAccepted: false,
});

/** The version the settings object is written at; bump it with a migration below. */
export const SETTINGS_VERSION = 1;

/**
 * Migration n turns a value stored at version n - 1 into version n. Append only: a migration
 * that shipped is never edited. (Version 1 is the first; fields added later need no migration,
 * `asSettings` fills them with their defaults. A migration is for a field whose meaning changes.)
 */
export const SETTINGS_MIGRATIONS: Record<number, (old: unknown) => unknown> = {};

export const settings = lazyItem(() => storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_VERSION,
  migrations: SETTINGS_MIGRATIONS,
}));

const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

/**
 * A complete, valid Settings from whatever is stored: a missing or invalid field (an older or
 * newer build's value, a hand-edited store) takes its default; unknown fields are dropped.
 */
export function asSettings(value: unknown): Settings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof Settings, unknown>>;
  const d = DEFAULT_SETTINGS;
  const keys = (typeof v.acceptKeys === 'object' && v.acceptKeys !== null ? v.acceptKeys : {}) as Partial<Record<keyof AcceptKeys, unknown>>;
  return {
    suggestionCount: isInt(v.suggestionCount, 1, MAX_SHOWN) ? v.suggestionCount : d.suggestionCount,
    acceptKeys: {
      tab: bool(keys.tab, d.acceptKeys.tab),
      tabInInputs: bool(keys.tabInInputs, d.acceptKeys.tabInInputs),
      arrow: bool(keys.arrow, d.acceptKeys.arrow),
      altDigits: bool(keys.altDigits, d.acceptKeys.altDigits),
      click: bool(keys.click, d.acceptKeys.click),
      enter: bool(keys.enter, d.acceptKeys.enter),
    },
    ghostText: bool(v.ghostText, d.ghostText),
    phrases: bool(v.phrases, d.phrases),
    corrections: bool(v.corrections, d.corrections),
    autoSpace: bool(v.autoSpace, d.autoSpace),
    startAfterLetters: isInt(v.startAfterLetters, 0, MAX_START_AFTER) ? v.startAfterLetters : d.startAfterLetters,
    learning: bool(v.learning, d.learning),
    retentionDays: isInt(v.retentionDays, 1, 3650) ? v.retentionDays : d.retentionDays,
    retentionChars: isInt(v.retentionChars, 10_000, 50_000_000) ? v.retentionChars : d.retentionChars,
    incognito: v.incognito === 'off' || v.incognito === 'suggest' ? v.incognito : d.incognito,
    codeFields: bool(v.codeFields, d.codeFields),
    suggestionScale: isInt(v.suggestionScale, MIN_SCALE, MAX_SCALE) ? v.suggestionScale : d.suggestionScale,
    highContrast: bool(v.highContrast, d.highContrast),
    speakSuggestions: bool(v.speakSuggestions, d.speakSuggestions),
    speakAccepted: bool(v.speakAccepted, d.speakAccepted),
  };
}

/** The current settings, always complete and valid. */
export async function readSettings(): Promise<Settings> {
  return asSettings(await settings.getValue());
}

/** Changes some settings (the rest keep their stored values); returns the new whole. */
export async function updateSettings(change: Partial<Settings>): Promise<Settings> {
  const next = asSettings({ ...(await readSettings()), ...change });
  await settings.setValue(next);
  return next;
}

/**
 * Calls `onChange` with the settings now and after every change (from the options page, in
 * any context). Returns the function that stops watching.
 */
export function watchSettings(onChange: (value: Settings) => void): () => void {
  return watchItem(settings, asSettings, onChange);
}
