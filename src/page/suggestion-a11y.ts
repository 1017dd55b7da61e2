import type { Settings } from '../storage/settings';
import { createAnnouncer, suggestionsPhrase, type SpokenChoice } from './announcer';
import type { Say } from './page-messages';
import { createSpeaker, type SpeechWindow } from './speech';

/**
 * Everything the suggestion bar says: to screen readers (the live region) and aloud (speech,
 * only when the user turned it on). Composed by the suggestion view, inside its shadow root.
 */

/** The settings the bar's looks and voice follow. */
export type BarOptions = Pick<Settings, 'suggestionScale' | 'highContrast' | 'speakSuggestions' | 'speakAccepted'> & {
  acceptKeys: Pick<Settings['acceptKeys'], 'altDigits'>;
};

/** What suggestion `index` is picked with: the key shown on it, and Alt+digit when that is on too. */
export function choicesOf(words: readonly string[], hints: readonly string[], altDigits: boolean): SpokenChoice[] {
  return words.map((word, i) => {
    const shown = hints[i] ?? '';
    const digit = altDigits && shown !== `Alt+${i + 1}` ? `Alt+${i + 1}` : '';
    return { word, keys: [shown, digit].filter(Boolean) };
  });
}

export interface BarVoice {
  /** New suggestions on display (or typing went on): announced once typing pauses. */
  shown(choices: SpokenChoice[], lang: string): void;
  hidden(): void;
  /** The user asked to hear suggestion `index`, or all of them: announced now, and spoken if speech is on. */
  readAloud(index: number | 'all'): void;
  /** A word was inserted: announced, and spoken if the user asked for that. */
  accepted(word: string): void;
  setOptions(options: BarOptions): void;
  destroy(): void;
}

/** @param bar the suggestion bar, whose chips (`.chip[data-index]`) speak when pointed at */
export function createBarVoice(doc: Document, root: ShadowRoot, bar: HTMLElement, say: Say): BarVoice {
  const announcer = createAnnouncer(doc, root, say);
  const speaker = createSpeaker(doc.defaultView as unknown as Partial<SpeechWindow>);
  let choices: SpokenChoice[] = [];
  let lang = '';
  let speak = false;
  let speakAccepted = false;
  const fallbackLang = () => doc.documentElement.lang || doc.defaultView?.navigator.language || 'en';
  const speakWord = (text: string) => void speaker.speak(text, lang || fallbackLang());
  // Pointing speaks, on a move of the pointer only: not when a new bar is drawn under a resting one.
  let pointed = -1;
  bar.addEventListener('pointermove', (e) => {
    const chip = (e.target as Element).closest?.('.chip') as HTMLElement | null;
    const index = chip ? Number(chip.dataset.index) : -1;
    const choice = choices[index];
    if (index !== pointed && speak && choice) speakWord(choice.word);
    pointed = index;
  });
  bar.addEventListener('pointerleave', () => { pointed = -1; });

  return {
    shown(next, language) {
      choices = next;
      lang = language;
      announcer.suggestionsShown(next);
    },
    hidden() {
      choices = [];
      announcer.cancel();
    },
    readAloud(index) {
      const picked = index === 'all' ? choices : choices.slice(index, index + 1);
      if (!picked.length) return;
      announcer.say(index === 'all' ? suggestionsPhrase(picked, say) : picked[0]!.word);
      if (speak) speakWord(picked.map((c) => c.word).join(', '));
    },
    accepted(word) {
      announcer.say(say('a11yAccepted', word));
      if (speakAccepted) speakWord(word);
    },
    setOptions(options) {
      speak = options.speakSuggestions;
      speakAccepted = options.speakAccepted;
      if (!speak && !speakAccepted) speaker.cancel();
    },
    destroy() {
      speaker.cancel();
      announcer.destroy();
    },
  };
}
