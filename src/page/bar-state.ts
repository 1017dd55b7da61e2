import type { FieldAdapter } from './field';
import { fieldFont } from './rect';
import type { SuggestionState } from './suggestion-view';
import { wordToInsert } from './correction';
import { remainingLetters } from './word';
import { pageShowsOwnSuggestions } from './page-popups';
import { endsInDirection, isRtl, keyHints } from './accept-keys';
import { phraseRest, type ShownPhrase } from './phrase-ghost';
import type { Settings } from '../storage/settings';

/** The settings the bar's content follows. */
export type BarSettings = Pick<Settings, 'suggestionCount' | 'acceptKeys' | 'ghostText' | 'phrases'>;

/** What the loop knows about the field being typed in. */
export interface FieldState {
  adapter: FieldAdapter;
  fieldId: string;
  /** The text before the caret the suggestions are for (compared to detect changes). */
  text: string;
  context: string;
  prefix: string;
  /** The candidates that continue `prefix`, best first; the first `suggestionCount` are on display. */
  words: string[];
  /** Several words the engine is sure of, drawn as ghost text while they fit what is typed. */
  phrase?: ShownPhrase;
  /** The language of the model that answered (for the voice that speaks the words). */
  lang?: string;
}

/**
 * What the bar shows for a field's state under the settings, or null for nothing: no words, no
 * caret on screen, or the page's own suggestions for the field (they come first).
 */
export function barState(state: FieldState, options: BarSettings, isDark: (element: HTMLElement) => boolean): SuggestionState | null {
  if (state.words.length === 0) return null;
  const caret = state.adapter.caretRect();
  if (!caret) return null;
  const element = state.adapter.element;
  if (pageShowsOwnSuggestions(element, caret)) return null;
  const after = state.adapter.charAfterCaret();
  // Ghost text only where it cannot cover the page's own text: at the end of a line.
  // Right to left, too, but only where the ghost's run goes the field's way (bidi text).
  const rtl = isRtl(element);
  const room = (after === '' || after === '\n') && endsInDirection(state.text, rtl);
  const phrase = options.phrases ? phraseRest(state.phrase, state.context + state.prefix) : undefined;
  const ghost = options.ghostText && room ? phrase ?? remainingLetters(state.prefix, state.words[0]!) : '';
  return {
    words: state.words.slice(0, options.suggestionCount).map((w) => wordToInsert(state.prefix, w)),
    typed: state.prefix,
    hints: keyHints(options, { kind: state.adapter.kind, ghost: ghost !== '', arrow: rtl ? 'ArrowLeft' : 'ArrowRight' }),
    ghost,
    caret,
    font: ghost ? fieldFont(element, element.ownerDocument.defaultView!) : null,
    dark: isDark(element),
    field: element,
    rtl,
    lang: state.lang,
  };
}
