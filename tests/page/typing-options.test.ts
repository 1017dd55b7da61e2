// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { PredictParams, PredictResult } from '../../src/messaging/protocol';
import type { SuggestionState, SuggestionView } from '../../src/page/suggestion-view';
import { keyHints, keystrokesSaved, TypingLoop, type TypingOptions } from '../../src/page/typing-loop';
import { DEFAULT_SETTINGS } from '../../src/storage/settings';

/** A textarea, a loop that answers every prediction with `words`, and what the view was asked to show. */
function setup(words: string[], options: Partial<TypingOptions> = {}) {
  const area = document.createElement('textarea');
  document.body.replaceChildren(area);
  // happy-dom has no execCommand: the loop falls back to setRangeText, as where a browser refuses it.
  (document as { execCommand?: unknown }).execCommand = () => false;
  area.focus();
  const shown: { last: SuggestionState | null; visible: boolean } = { last: null, visible: false };
  const view = {
    get shown() { return shown.visible; },
    show(state: SuggestionState) { shown.visible = true; shown.last = state; },
    hide() { shown.visible = false; },
    measuringRoot: () => document.createElement('div').attachShadow({ mode: 'open' }),
    destroy() {},
  } as SuggestionView;
  const asked: PredictParams[] = [];
  const saved: number[] = [];
  const predict = async (params: PredictParams): Promise<PredictResult> => {
    asked.push(params);
    return { seq: params.seq, suggestions: words, lang: 'en' };
  };
  const loop = new TypingLoop({ doc: document, view, predict, reportError: () => {}, schedule: (send) => send(), onAccepted: (n) => saved.push(n) });
  loop.setOptions({ ...DEFAULT_SETTINGS, ...options });
  const type = async (value: string) => {
    area.value = value;
    area.setSelectionRange(value.length, value.length);
    const event = new InputEvent('input', { bubbles: true, composed: true });
    area.dispatchEvent(event);
    loop.handleInput(event);
    for (let i = 0; i < 4; i++) await Promise.resolve();
  };
  const key = (init: KeyboardEventInit) => {
    const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init });
    area.dispatchEvent(event);
    loop.handleKeydown(event);
    return event.defaultPrevented;
  };
  return { area, shown, asked, saved, loop, type, key };
}

describe('TypingLoop settings', () => {
  it('shows as many suggestions as set, with the keys that accept them', async () => {
    const { shown, loop, type } = setup(['world', 'work', 'word', 'worry', 'worth', 'wormhole']);
    await type('Hello wo');
    expect(shown.last?.words).toHaveLength(3);
    loop.setOptions({ ...DEFAULT_SETTINGS, suggestionCount: 5 });
    expect(shown.last?.words).toEqual(['world', 'work', 'word', 'worry', 'worth']);
    expect(shown.last?.hints).toEqual(['Tab', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5']);
  });

  it.each<[string, Partial<TypingOptions['acceptKeys']>, KeyboardEventInit, boolean]>([
    ['Tab accepts by default', {}, { key: 'Tab', code: 'Tab' }, true],
    ['Tab turned off goes to the page', { tab: false }, { key: 'Tab', code: 'Tab' }, false],
    ['Enter is off by default', {}, { key: 'Enter', code: 'Enter' }, false],
    ['Enter turned on accepts', { enter: true }, { key: 'Enter', code: 'Enter' }, true],
    ['Alt+2 accepts by default', {}, { key: '2', code: 'Digit2', altKey: true }, true],
    ['Alt+digits turned off go to the page', { altDigits: false }, { key: '2', code: 'Digit2', altKey: true }, false],
    ['Alt+4 beyond the suggestions shown goes to the page', {}, { key: '4', code: 'Digit4', altKey: true }, false],
  ])('%s', async (_name, keys, init, accepts) => {
    const s = setup(['world', 'work', 'word'], { acceptKeys: { ...DEFAULT_SETTINGS.acceptKeys, ...keys } });
    await s.type('Hello wo');
    expect(s.key(init)).toBe(accepts);
    expect(s.area.value.startsWith('Hello wor')).toBe(accepts);
  });

  it('inserts a space after the word only when automatic space is on, and reports the keystrokes saved', async () => {
    const on = setup(['world']);
    await on.type('Hello wo');
    on.key({ key: 'Tab', code: 'Tab' });
    expect(on.area.value).toBe('Hello world ');
    expect(on.saved).toEqual([3]); // "rld" and the space, less the Tab

    const off = setup(['world'], { autoSpace: false });
    await off.type('Hello wo');
    off.key({ key: 'Tab', code: 'Tab' });
    expect(off.area.value).toBe('Hello world');
    expect(off.saved).toEqual([2]);
  });

  it('accepts a click only when clicking is on', async () => {
    const off = setup(['world'], { acceptKeys: { ...DEFAULT_SETTINGS.acceptKeys, click: false } });
    await off.type('Hello wo');
    off.loop.acceptByClick(0);
    expect(off.area.value).toBe('Hello wo');
    const on = setup(['world']);
    await on.type('Hello wo');
    on.loop.acceptByClick(0);
    expect(on.area.value).toBe('Hello world ');
  });

  it('draws ghost text only when it is on', async () => {
    const on = setup(['world']);
    await on.type('Hello wo');
    expect(on.shown.last?.ghost).toBe('rld');
    on.loop.setOptions({ ...DEFAULT_SETTINGS, ghostText: false });
    expect(on.shown.last?.ghost).toBe('');
  });

  it('starts suggesting only after the letters set', async () => {
    const s = setup(['world'], { startAfterLetters: 2 });
    await s.type('Hello ');
    await s.type('Hello w');
    expect(s.asked).toHaveLength(0);
    expect(s.shown.visible).toBe(false);
    await s.type('Hello wo');
    expect(s.asked).toHaveLength(1);
    expect(s.shown.visible).toBe(true);
  });
});

describe('keyHints', () => {
  it.each<[Partial<TypingOptions['acceptKeys']>, string[]]>([
    [{}, ['Tab', 'Alt+2', 'Alt+3']],
    [{ tab: false }, ['Alt+1', 'Alt+2', 'Alt+3']],
    [{ tab: false, enter: true }, ['Enter', 'Alt+2', 'Alt+3']],
    [{ tab: false, altDigits: false }, ['', '', '']],
  ])('%j', (keys, hints) => {
    expect(keyHints({ ...DEFAULT_SETTINGS, acceptKeys: { ...DEFAULT_SETTINGS.acceptKeys, ...keys } })).toEqual(hints);
  });
});

describe('keystrokesSaved', () => {
  it.each([
    ['wo', 'world ', 3],
    ['', 'the ', 3],
    ['wo', 'world', 2],
    ['worl', 'world', 0],
  ] as const)('%j → %j saves %i', (prefix, insertion, saved) => {
    expect(keystrokesSaved(prefix, insertion)).toBe(saved);
  });
});
