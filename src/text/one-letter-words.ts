import type { ModelLanguage } from './language-choice';
import { isOneLetter } from './char-class';
import { foldCase } from './tokenize';

/**
 * The words of one letter each language has. Any other single letter learned as a "word" is
 * debris (a scrambled line, an initial, "t" of "don't"), and never worth a suggestion.
 */
const ONE_LETTER_WORDS: Record<ModelLanguage, ReadonlySet<string>> = {
  en: new Set(['a', 'i']),
  // Articles and pronouns (a, o), "à" (a + a), "e", "é", and the vocative "ó".
  pt: new Set(['a', 'à', 'e', 'é', 'o', 'ó']),
};

/** True for a single letter that is not a word of `lang` (compared without case: "I" and "i"). */
export function isStrayLetter(word: string, lang: ModelLanguage): boolean {
  return isOneLetter(word) && !ONE_LETTER_WORDS[lang].has(foldCase(word.normalize('NFC')));
}
