import type { Say } from './page-messages';

/**
 * What screen readers hear of the suggestion bar: one polite live region inside our closed
 * shadow root (assistive technology reads it; page scripts cannot). Suggestions are announced
 * when the typing pauses, or at once when the user asks; never on every keystroke, which
 * would talk over the echo of each typed letter.
 */

/** Typing counts as paused after this long without a new set of suggestions. */
export const ANNOUNCE_PAUSE_MS = 700;

/** A suggestion and the keys that pick it now ('' for none). */
export interface SpokenChoice {
  word: string;
  keys: string[];
}

/** A suggestion's accessible name: the word and the keys that pick it ("hello, Tab or Alt+1"). */
export function choiceName({ word, keys }: SpokenChoice, say: Say): string {
  const named = keys.filter(Boolean);
  return named.length ? `${word}, ${named.join(` ${say('a11yOr')} `)}` : word;
}

/** The announcement of a set of suggestions ("Suggestions: hello, Alt+1; help, Alt+2"). */
export function suggestionsPhrase(choices: readonly SpokenChoice[], say: Say): string {
  return say('a11ySuggestions', choices.map((c) => choiceName(c, say)).join('; '));
}

export interface Announcer {
  /** The suggestions on display changed or the user typed on: announced once typing pauses, if they changed. */
  suggestionsShown(choices: readonly SpokenChoice[]): void;
  /** Announces the suggestions on display now (the user asked). */
  announceNow(): void;
  /** Announces a phrase now (an accepted word), dropping any pending announcement. */
  say(text: string): void;
  /** The bar was hidden: nothing pending is announced any more. */
  cancel(): void;
  destroy(): void;
}

/**
 * @param root where the live region goes (our shadow root)
 * @param pauseMs how long typing must pause before suggestions are announced
 */
export function createAnnouncer(doc: Document, root: ShadowRoot, say: Say, pauseMs = ANNOUNCE_PAUSE_MS): Announcer {
  const region = doc.createElement('div');
  region.className = 'live';
  // role=status is a polite, atomic live region: read whole, after what the reader is saying.
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-atomic', 'true');
  root.append(region);
  const view = doc.defaultView!;
  let pending: readonly SpokenChoice[] = [];
  let timer: number | undefined;
  let written = '';

  const write = (text: string) => {
    // The same words again would be ignored as no change: a trailing no-break space makes them new.
    written = text === written.trimEnd() && !written.endsWith('\u00A0') ? `${text}\u00A0` : text;
    region.textContent = written;
  };
  const stopTimer = () => {
    if (timer !== undefined) view.clearTimeout(timer);
    timer = undefined;
  };
  /** What the last announcement of suggestions said: a pause with the same words says nothing new. */
  let announced = '';
  const flush = (asked: boolean) => {
    stopTimer();
    const text = pending.length ? suggestionsPhrase(pending, say) : '';
    if (!text || (!asked && text === announced)) return;
    announced = text;
    write(text);
  };

  return {
    suggestionsShown(choices) {
      pending = choices;
      stopTimer();
      timer = view.setTimeout(() => flush(false), pauseMs);
    },
    announceNow: () => flush(true),
    say(text) {
      stopTimer();
      pending = [];
      announced = '';
      write(text);
    },
    cancel() {
      stopTimer();
      pending = [];
      announced = ''; // shown again later, the same words are news
    },
    destroy() {
      stopTimer();
      region.remove();
    },
  };
}
