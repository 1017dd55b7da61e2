import type { InsertionFailure } from '../messaging/protocol';
import { isStrayLetter } from '../text/one-letter-words';
import type { ModelLanguage } from '../text/language-choice';
import { foldCase } from '../text/tokenize';

/** Stray words kept at most (the oldest are let go first). */
const MAX_STRAY_WORDS = 1000;

/**
 * What must never be offered even if it was learned: single letters that are no word of the
 * language, and the words a failed insertion left in a field (scrambled text the page's editor
 * made of a suggestion). Held in the worker's memory only, like the failure counter.
 */
export class SuggestionGuard {
  private readonly stray = new Set<string>();
  private failures = 0;
  private unrestored = 0;

  /** A content script's report of an insertion that did not come out as intended. */
  recordFailure({ restored, strayWords }: InsertionFailure): void {
    this.failures += 1;
    if (!restored) this.unrestored += 1;
    for (const word of strayWords) {
      const key = foldCase(word);
      this.stray.delete(key);
      this.stray.add(key);
      if (this.stray.size > MAX_STRAY_WORDS) this.stray.delete(this.stray.values().next().value!);
    }
  }

  /** How many insertions failed since the worker started, and how many could not be undone. */
  counts(): { failures: number; unrestored: number } {
    return { failures: this.failures, unrestored: this.unrestored };
  }

  /** `words` without what must not be offered in `lang`. */
  filter(words: string[], lang: ModelLanguage): string[] {
    return words.filter((w) => !isStrayLetter(w, lang) && !this.stray.has(foldCase(w)));
  }
}
