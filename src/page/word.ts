/** Splitting the text before the caret into context + word prefix, and completing the word. */

/**
 * Letters, digits, and apostrophes inside (or ending) a word: `don'`, `rock'n'roll`. The
 * lookbehind starts the match only where a run begins: without it every position of a long
 * run is tried and rescanned to the end (quadratic: 20 k letters then "!" took 0.8 s).
 */
const TRAILING_WORD = /(?<![\p{L}\p{M}\p{N}'’])[\p{L}\p{M}\p{N}'’]*$/u;
/** Invisible characters editors put into their DOM (ZWSP, ZWNJ, BOM). */
const INVISIBLE = /[\u200B\u200C\u2060\uFEFF]/g;

export interface SplitText {
  /** Everything before the word being typed. */
  context: string;
  /** The word being typed so far ('' right after a space or at the start). */
  prefix: string;
}

/** Removes the zero-width characters rich editors insert, and turns no-break spaces into spaces. */
export function cleanEditorText(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\u00A0/g, ' ');
}

/** Splits the text before the caret at the start of the word being typed. */
export function splitAtWord(textBeforeCaret: string): SplitText {
  let prefix = TRAILING_WORD.exec(textBeforeCaret)?.[0] ?? '';
  // A leading apostrophe is an opening quote, not part of the word.
  prefix = prefix.replace(/^['’]+/, '');
  return { context: textBeforeCaret.slice(0, textBeforeCaret.length - prefix.length), prefix };
}

/** Keeps the last `max` characters, cutting at a word boundary when one is near. */
export function boundContext(context: string, max: number): string {
  if (context.length <= max) return context;
  const tail = context.slice(context.length - max);
  const space = tail.search(/\s/);
  return space >= 0 && space < 40 ? tail.slice(space + 1) : tail;
}

/**
 * The word to insert for a suggestion: the letters the user typed stay as typed,
 * the rest comes from the suggestion (upper-cased if the prefix is in capitals).
 * @returns null when the suggestion does not continue the prefix
 */
export function completeWord(prefix: string, suggestion: string): string | null {
  if (suggestion.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return null;
  const rest = suggestion.slice(prefix.length);
  const shouting = prefix.length >= 2 && prefix === prefix.toUpperCase() && prefix !== prefix.toLowerCase();
  return prefix + (shouting ? rest.toUpperCase() : rest);
}

/** The letters still to type for a suggestion (what the ghost text shows). */
export function remainingLetters(prefix: string, suggestion: string): string {
  const word = completeWord(prefix, suggestion);
  return word === null ? '' : word.slice(prefix.length);
}

/**
 * Keystrokes an accepted suggestion saved: the characters it inserted that the user did not
 * type (the rest of the word, and the space), less the one key that accepted it.
 */
export function keystrokesSaved(prefix: string, insertion: string): number {
  return Math.max(0, insertion.length - prefix.length - 1);
}
