import { storage } from 'wxt/utils/storage';

/** Which language's model suggests: chosen per field ('auto'), or one for every field. */
export type LanguageChoice = 'auto' | 'en' | 'pt';
export const LANGUAGE_CHOICES: readonly LanguageChoice[] = ['auto', 'en', 'pt'];

export const languageChoice = storage.defineItem<LanguageChoice>('local:language', {
  fallback: 'auto',
  version: 1,
});

/** A stored value that is not a known choice (an old or hand-edited store) means automatic. */
export function asLanguageChoice(value: unknown): LanguageChoice {
  return LANGUAGE_CHOICES.includes(value as LanguageChoice) ? (value as LanguageChoice) : 'auto';
}
