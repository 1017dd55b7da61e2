/**
 * Speaking suggestions aloud with the device's own voices only. A voice whose `localService`
 * is false sends the text to a speech server, so it is never used, not even as a fallback:
 * with no local voice nothing is spoken. An utterance is always given its voice explicitly,
 * since the browser's default voice may be a remote one.
 */

/** The parts of a window speech needs (looked up when speaking, so they can be swapped in tests). */
export type SpeechWindow = Pick<Window, 'speechSynthesis'> & { SpeechSynthesisUtterance: typeof SpeechSynthesisUtterance };

/** How long to wait for the browser to list its voices (it loads them on first use). */
const VOICES_WAIT_MS = 1500;

/**
 * The best local voice for `lang` (a BCP 47 tag such as 'pt-BR'): the same tag, then the same
 * language, then the device's default local voice, then any local one; null when there is none.
 */
export function localVoiceFor(voices: readonly SpeechSynthesisVoice[], lang: string): SpeechSynthesisVoice | null {
  const local = voices.filter((v) => v.localService === true);
  const tag = lang.toLowerCase().replace('_', '-');
  const base = tag.split('-')[0];
  const tagOf = (v: SpeechSynthesisVoice) => v.lang.toLowerCase().replace('_', '-');
  return (
    local.find((v) => tagOf(v) === tag) ??
    local.find((v) => tagOf(v).split('-')[0] === base) ??
    local.find((v) => v.default) ??
    local[0] ??
    null
  );
}

/** Whether the device has at least one local voice (waits once for the voice list to load). */
export async function hasLocalVoice(win: Partial<SpeechWindow>): Promise<boolean> {
  const synth = win.speechSynthesis;
  if (!synth) return false;
  const voices = await loadedVoices(synth);
  return voices.some((v) => v.localService === true);
}

/** The voices, waiting up to VOICES_WAIT_MS for `voiceschanged` when none are listed yet. */
function loadedVoices(synth: SpeechSynthesis): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices();
  if (now.length > 0) return Promise.resolve(now);
  return new Promise((done) => {
    const finish = () => {
      clearTimeout(timer);
      synth.removeEventListener('voiceschanged', finish);
      done(synth.getVoices());
    };
    const timer = setTimeout(finish, VOICES_WAIT_MS);
    synth.addEventListener('voiceschanged', finish);
  });
}

export interface Speaker {
  /** Speaks `text` in a local voice for `lang`, cutting off what was being spoken; false when no local voice exists. */
  speak(text: string, lang: string): Promise<boolean>;
  /** Stops speaking. */
  cancel(): void;
}

/** A speaker for one window; `win` is read on every call. */
export function createSpeaker(win: Partial<SpeechWindow>): Speaker {
  let latest = 0;
  return {
    async speak(text, lang) {
      const synth = win.speechSynthesis;
      const Utterance = win.SpeechSynthesisUtterance;
      if (!synth || !Utterance || !text) return false;
      const call = ++latest;
      const voice = localVoiceFor(await loadedVoices(synth), lang);
      // A later request came while the voices loaded: only the latest is spoken.
      if (!voice || call !== latest) return false;
      synth.cancel();
      const utterance = new Utterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      synth.speak(utterance);
      return true;
    },
    cancel() {
      if (latest === 0) return; // never spoke: the speech engine is not even started
      latest++;
      win.speechSynthesis?.cancel();
    },
  };
}
