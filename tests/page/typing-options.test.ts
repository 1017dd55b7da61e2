// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { keyHints, type HintContext } from '../../src/page/accept-keys';
import type { TypingOptions } from '../../src/page/typing-loop';
import { keystrokesSaved } from '../../src/page/word';
import { DEFAULT_SETTINGS } from '../../src/storage/settings';
import { loopFixture } from './loop-fixture';

const setup = (words: string[], options: Partial<TypingOptions> = {}) => loopFixture(words, options);

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
    ['→ at the end takes the ghost text', {}, { key: 'ArrowRight', code: 'ArrowRight' }, true],
    ['→ turned off moves the caret', { arrow: false }, { key: 'ArrowRight', code: 'ArrowRight' }, false],
    ['Shift+Tab goes to the page', {}, { key: 'Tab', code: 'Tab', shiftKey: true }, false],
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
  it.each<[Partial<TypingOptions['acceptKeys']>, HintContext, string[]]>([
    [{}, { kind: 'textarea', ghost: true }, ['Tab', 'Alt+2', 'Alt+3']],
    [{}, { kind: 'textarea', ghost: false }, ['Alt+1', 'Alt+2', 'Alt+3']],
    [{}, { kind: 'input', ghost: true }, ['Alt+1', 'Alt+2', 'Alt+3']],
    [{ tabInInputs: true }, { kind: 'input', ghost: true }, ['Tab', 'Alt+2', 'Alt+3']],
    [{ tab: false }, { kind: 'editable', ghost: true }, ['Alt+1', 'Alt+2', 'Alt+3']],
    [{ tab: false, enter: true }, { kind: 'textarea', ghost: true }, ['Enter', 'Alt+2', 'Alt+3']],
    [{ tab: false, altDigits: false }, { kind: 'textarea', ghost: true }, ['→', '', '']],
    [{ tab: false, altDigits: false }, { kind: 'textarea', ghost: true, arrow: 'ArrowLeft' }, ['←', '', '']],
    [{ tab: false, altDigits: false }, { kind: 'textarea', ghost: false }, ['', '', '']],
  ])('%j in %j', (keys, where, hints) => {
    expect(keyHints({ ...DEFAULT_SETTINGS, acceptKeys: { ...DEFAULT_SETTINGS.acceptKeys, ...keys } }, where)).toEqual(hints);
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
