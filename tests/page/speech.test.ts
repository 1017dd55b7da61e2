import { describe, expect, it } from 'vitest';
import { createSpeaker, hasLocalVoice, localVoiceFor, type SpeechWindow } from '../../src/page/speech';

const voice = (name: string, lang: string, localService: boolean, isDefault = false) =>
  ({ name, lang, localService, default: isDefault, voiceURI: name }) as SpeechSynthesisVoice;

const SERVER_PT = voice('server pt', 'pt-BR', false, true);
const LOCAL_EN_US = voice('local en-US', 'en-US', true);
const LOCAL_EN_GB = voice('local en-GB', 'en-GB', true, true);
const LOCAL_PT_PT = voice('local pt-PT', 'pt_PT', true);

describe('localVoiceFor', () => {
  it.each<[string, SpeechSynthesisVoice[], string, string | null]>([
    ['the same tag', [LOCAL_EN_GB, LOCAL_EN_US], 'en-US', 'local en-US'],
    ['the same language, another region', [SERVER_PT, LOCAL_EN_GB, LOCAL_PT_PT], 'pt-BR', 'local pt-PT'],
    ['no voice of the language: the default local one', [LOCAL_EN_US, LOCAL_EN_GB], 'de', 'local en-GB'],
    ['a server voice is never taken, even for the right language', [SERVER_PT, LOCAL_EN_US], 'pt-BR', 'local en-US'],
    ['only server voices: none', [SERVER_PT], 'pt-BR', null],
    ['no voices', [], 'en', null],
  ])('%s', (_name, voices, lang, expected) => {
    expect(localVoiceFor(voices, lang)?.name ?? null).toBe(expected);
  });
});

/** A speechSynthesis that records what it is asked to speak; its voices can arrive later (as in Chrome). */
function fakeSpeech(voices: SpeechSynthesisVoice[], listedAtFirst = true) {
  const spoken: { text: string; voice: string | undefined }[] = [];
  const events = new EventTarget();
  let listed = listedAtFirst ? voices : [];
  const synth = Object.assign(events, {
    getVoices: () => listed,
    speak: (u: SpeechSynthesisUtterance) => spoken.push({ text: u.text, voice: u.voice?.name }),
    cancel: () => {},
  }) as unknown as SpeechSynthesis;
  class Utterance {
    voice: SpeechSynthesisVoice | null = null;
    lang = '';
    constructor(readonly text: string) {}
  }
  const win = { speechSynthesis: synth, SpeechSynthesisUtterance: Utterance as unknown as typeof SpeechSynthesisUtterance } as SpeechWindow;
  const loadVoices = () => {
    listed = voices;
    events.dispatchEvent(new Event('voiceschanged'));
  };
  return { win, spoken, loadVoices };
}

describe('createSpeaker', () => {
  it('speaks with the chosen local voice, set on the utterance', async () => {
    const { win, spoken } = fakeSpeech([SERVER_PT, LOCAL_PT_PT]);
    expect(await createSpeaker(win).speak('olá', 'pt-BR')).toBe(true);
    expect(spoken).toEqual([{ text: 'olá', voice: 'local pt-PT' }]);
  });

  it('says nothing when the device has only server voices', async () => {
    const { win, spoken } = fakeSpeech([SERVER_PT]);
    expect(await createSpeaker(win).speak('hello', 'en')).toBe(false);
    expect(spoken).toEqual([]);
  });

  it('waits for the voice list the browser loads on first use, and speaks only the latest request', async () => {
    const { win, spoken, loadVoices } = fakeSpeech([LOCAL_EN_US], false);
    const speaker = createSpeaker(win);
    const first = speaker.speak('one', 'en');
    const second = speaker.speak('two', 'en');
    loadVoices();
    expect(await Promise.all([first, second])).toEqual([false, true]);
    expect(spoken).toEqual([{ text: 'two', voice: 'local en-US' }]);
  });

  it('does nothing without speech synthesis', async () => {
    expect(await createSpeaker({}).speak('hello', 'en')).toBe(false);
  });
});

describe('hasLocalVoice', () => {
  it.each([
    [[LOCAL_EN_US], true],
    [[SERVER_PT], false],
  ])('voices %#', async (voices, expected) => {
    expect(await hasLocalVoice(fakeSpeech(voices).win)).toBe(expected);
  });
});
