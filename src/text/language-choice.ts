/**
 * Which base model suggests in a field. The user's setting wins; otherwise what the user is
 * writing, once it says so clearly; otherwise what the field said last time, the page's `lang`
 * tag, and finally the browser's language. Text beats the tag because many pages declare
 * `lang="en"` whatever their users write.
 */
import { detectLanguage } from './langdetect';

import { MODEL_LANGUAGES, type ModelLanguage } from './languages';

export { MODEL_LANGUAGES, type ModelLanguage };

/** Detector confidence above which the text decides ("Muito obrigado pela" ≈ 0.99, "Obrigado" ≈ 0.1). */
export const TEXT_DECIDES = 0.6;
/** Only the end of the text is read: the language the user writes now. */
const TEXT_TAIL_CHARS = 600;

/** The model language of a BCP 47 tag ('pt-BR', 'pt_BR', 'EN-us'), or null for any other language. */
export function languageOfTag(tag: string | null | undefined): ModelLanguage | null {
  const primary = /^([a-z]{2,3})(?:[-_]|$)/i.exec(tag?.trim() ?? '')?.[1]?.toLowerCase();
  return MODEL_LANGUAGES.includes(primary as ModelLanguage) ? (primary as ModelLanguage) : null;
}

export interface LanguageClues {
  /** The user's setting: 'auto' or a fixed language. */
  choice: 'auto' | ModelLanguage;
  /** What the user wrote (text before the caret, or a whole draft). */
  text: string;
  /** The field's or page's `lang` attribute, as written. */
  tag?: string;
  /** What this field was given last time. */
  previous?: ModelLanguage;
  /** The browser's language, e.g. `navigator.language`. */
  browser?: string;
}

export function chooseLanguage({ choice, text, tag, previous, browser }: LanguageClues): ModelLanguage {
  if (choice !== 'auto') return choice;
  const guess = detectLanguage(text.length > TEXT_TAIL_CHARS ? text.slice(-TEXT_TAIL_CHARS) : text);
  if (guess.confidence >= TEXT_DECIDES) return guess.lang;
  return previous ?? languageOfTag(tag) ?? languageOfTag(browser) ?? 'en';
}
