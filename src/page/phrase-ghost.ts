import type { AcceptKeys } from '../storage/settings';

/**
 * Phrase ghost text: several words the engine is sure of, drawn after the caret. A phrase is
 * anchored where its first word starts, so typing on keeps it while the typed text still
 * matches it and drops it as soon as it does not.
 */
export interface ShownPhrase {
  /** the field's text before the phrase (the context of the reply that offered it) */
  start: string;
  /** what the phrase writes after `start`: the word being typed and the words after it */
  text: string;
}

/** The phrase of a reply for `context` and `prefix`, anchored at the context; undefined without one that fits. */
export function replyPhrase(context: string, prefix: string, phrase: string | undefined): ShownPhrase | undefined {
  const shown = phrase ? { start: context, text: phrase } : undefined;
  return phraseRest(shown, context + prefix) === undefined ? undefined : shown;
}

/**
 * What of the phrase is still to write after `text` (the field's text before the caret, as
 * split into context and prefix: an editor's spaces made plain), or
 * undefined when the typing left it (another letter, a deleted word) or only the word being
 * typed remains of it (that is the word's own ghost text).
 */
export function phraseRest(phrase: ShownPhrase | undefined, text: string): string | undefined {
  if (!phrase || !text.startsWith(phrase.start)) return undefined;
  const typed = text.slice(phrase.start.length);
  if (typed.length >= phrase.text.length || phrase.text.slice(0, typed.length).toLowerCase() !== typed.toLowerCase()) return undefined;
  const rest = phrase.text.slice(typed.length);
  return /\S\s+\S/u.test(rest) || /^\s+\S/u.test(rest) ? rest : undefined;
}

/** The next word of a phrase's rest, with what leads it and its punctuation ("egards," of "egards, Marta"). */
export function nextPhraseWord(rest: string): string {
  return /^\s*\S+/u.exec(rest)?.[0] ?? rest;
}

/**
 * Whether a key takes just the next word of the phrase on screen: Ctrl+→ (Ctrl+← right to
 * left), with the arrow among the accept keys. The caret is at the end of the line then, where
 * the key would not move it.
 */
export function isNextWordKey(event: KeyboardEvent, keys: AcceptKeys, rtl: boolean): boolean {
  return keys.arrow && event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey
    && event.key === (rtl ? 'ArrowLeft' : 'ArrowRight');
}
