import { matchKey } from '../text/prefix-index';
import { completeWord } from './word';

/**
 * Suggestions that correct a keyboard slip rather than complete what was typed: what is
 * inserted for them, and which of their letters differ from the typed ones (marked in the bar,
 * so a correction is never mistaken for a completion).
 */

/** Whether a suggestion continues the typed prefix, accents and case aside (a completion, not a correction). */
export function continuesTyped(prefix: string, suggestion: string): boolean {
  return matchKey(suggestion).startsWith(matchKey(prefix));
}

/**
 * The word that accepting a suggestion puts in place of the typed prefix: the typed letters
 * kept as typed when it continues them, else the suggestion itself (in capitals if the user
 * typed in capitals).
 */
export function wordToInsert(prefix: string, suggestion: string): string {
  const kept = completeWord(prefix, suggestion);
  if (kept !== null) return kept;
  const shouting = prefix.length >= 2 && prefix === prefix.toUpperCase() && prefix !== prefix.toLowerCase();
  return shouting ? suggestion.toUpperCase() : suggestion;
}

/**
 * The letters of `word` [start, end) that differ from `typed` when the word corrects it; null
 * for a completion. The typed letters are aligned with the word's first ones after their common
 * start, the end of the alignment that keeps the longest common tail (a letter swapped, left
 * out, replaced or pressed as well leaves one short run that differs).
 */
export function correctionSpan(typed: string, word: string): [number, number] | null {
  if (continuesTyped(typed, word)) return null;
  const t = [...typed].map(matchKey), w = [...word];
  const wk = w.map(matchKey);
  let head = 0;
  while (head < t.length && head < wk.length && t[head] === wk[head]) head++;
  const rest = t.length - head;
  let best: [number, number] = [head, Math.min(w.length, head + Math.max(1, rest))], bestTail = -1;
  for (const m of [rest, rest - 1, rest + 1]) {
    if (m < 0 || head + m > w.length) continue;
    let tail = 0;
    while (tail < rest && tail < m && t[t.length - 1 - tail] === wk[head + m - 1 - tail]) tail++;
    if (tail > bestTail) { bestTail = tail; best = [head, Math.max(head + 1, head + m - tail)]; }
  }
  // Positions counted in code points: back to string offsets.
  const offset = (i: number) => w.slice(0, i).join('').length;
  return [offset(best[0]), offset(Math.min(best[1], w.length))];
}

/** The suggestions that continue `prefix` and add to it (what is kept on screen while a reply is on its way). */
export function fitting(prefix: string, suggestions: readonly string[]): string[] {
  return suggestions.filter((w) => addsToTyped(prefix, w) && continuesTyped(prefix, w));
}

/**
 * What of the background's reply is shown for `prefix`: its completions, and (if the user wants
 * them) its corrections of a slip, which the engine chose for this very prefix; never just what was typed.
 */
export function replyFitting(prefix: string, suggestions: readonly string[], corrections: boolean): string[] {
  return suggestions.filter((w) => addsToTyped(prefix, w) && (corrections || continuesTyped(prefix, w)));
}

/** Whether accepting a suggestion changes what was typed (letters, accents or a correction; case alone does not count). */
function addsToTyped(prefix: string, suggestion: string): boolean {
  return suggestion.toLowerCase() !== prefix.toLowerCase();
}
