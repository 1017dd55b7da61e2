// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isNextWordKey, nextPhraseWord, phraseRest } from '../../src/page/phrase-ghost';
import { DEFAULT_SETTINGS } from '../../src/storage/settings';
import { loopFixture } from './loop-fixture';

const SIGN_OFF = { start: 'Thanks. Best ', text: 'regards, Marta Quintela' };

describe('phraseRest', () => {
  it.each([
    ['Thanks. Best r', 'egards, Marta Quintela'],
    ['Thanks. Best R', 'egards, Marta Quintela'],
    ['Thanks. Best ', 'regards, Marta Quintela'],
    ['Thanks. Best regards,', ' Marta Quintela'],
    ['Thanks. Best regards, Ma', 'rta Quintela'],
    ['Thanks. Best regards, Marta', ' Quintela'],
    ['Thanks. Best regards, Marta ', undefined], // only the word being typed is left: the word's own ghost
    ['Thanks. Best regards, Marta Quin', undefined],
    ['Thanks. Best x', undefined],
    ['Thanks. Best regards; ', undefined],
    ['Thanks. Bes', undefined],
    ['Other text. Best r', undefined],
  ])('after %j: %j', (text, rest) => {
    expect(phraseRest(SIGN_OFF, text)).toBe(rest);
  });
});

describe('nextPhraseWord', () => {
  it.each([
    ['egards, Marta Quintela', 'egards,'],
    [' Marta Quintela', ' Marta'],
    ['Quintela', 'Quintela'],
  ])('of %j is %j', (rest, word) => expect(nextPhraseWord(rest)).toBe(word));
});

describe('isNextWordKey', () => {
  const press = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);
  it.each([
    [{ key: 'ArrowRight', ctrlKey: true }, false, true],
    [{ key: 'ArrowLeft', ctrlKey: true }, true, true],
    [{ key: 'ArrowLeft', ctrlKey: true }, false, false],
    [{ key: 'ArrowRight' }, false, false],
    [{ key: 'ArrowRight', ctrlKey: true, shiftKey: true }, false, false],
  ])('%j (right to left: %s) → %s', (init, rtl, yes) => {
    expect(isNextWordKey(press(init), DEFAULT_SETTINGS.acceptKeys, rtl)).toBe(yes);
  });
  it('is off with the arrow key', () => {
    expect(isNextWordKey(press({ key: 'ArrowRight', ctrlKey: true }), { ...DEFAULT_SETTINGS.acceptKeys, arrow: false }, false)).toBe(false);
  });
});

describe('phrases in the typing loop', () => {
  const phraseReply = { phrase: 'regards, Marta Quintela' };
  const setup = (options = {}, html = '<textarea></textarea>') => loopFixture(['regards', 'results'], options, html, phraseReply);

  it('asks for phrases, draws the rest of one as ghost text, and Tab takes it all', async () => {
    const s = setup();
    await s.type('Thanks. Best r');
    expect(s.asked.at(-1)?.phrase).toBe(true);
    expect(s.shown.last?.ghost).toBe('egards, Marta Quintela');
    expect(s.shown.last?.words).toEqual(['regards', 'results']); // the bar is as without phrases
    expect(s.key({ key: 'Tab', code: 'Tab' })).toBe(true);
    expect(s.area.value).toBe('Thanks. Best regards, Marta Quintela ');
    expect(s.saved.at(-1)).toBe('egards, Marta Quintela '.length - 1);
  });

  it('Ctrl+→ takes the next word, and the rest stays while the typing follows it', async () => {
    const s = setup();
    await s.type('Thanks. Best r');
    expect(s.key({ key: 'ArrowRight', code: 'ArrowRight', ctrlKey: true })).toBe(true);
    expect(s.area.value).toBe('Thanks. Best regards, ');
    await s.type('Thanks. Best regards, M');
    expect(s.shown.last?.ghost).toBe('arta Quintela');
    await s.type('Thanks. Best regards, Mx');
    expect(s.shown.last?.ghost).not.toContain('Quintela');
  });

  it('Alt+1 and a click still take the single word', async () => {
    const s = setup();
    await s.type('Thanks. Best r');
    s.key({ key: '1', code: 'Digit1', altKey: true });
    expect(s.area.value).toBe('Thanks. Best regards ');
  });

  it('with phrases off, asks for none and draws the word\'s ghost', async () => {
    const s = setup({ phrases: false });
    await s.type('Thanks. Best r');
    expect(s.asked.at(-1)?.phrase).toBe(false);
    expect(s.shown.last?.ghost).toBe('egards');
  });

  it('in a single-line input, Tab is left to the page (focus moves) and nothing is inserted', async () => {
    const s = setup({}, '<input type="text">');
    await s.type('Thanks. Best r');
    expect(s.shown.last?.ghost).toBe('egards, Marta Quintela');
    expect(s.key({ key: 'Tab', code: 'Tab' })).toBe(false);
    expect(s.area.value).toBe('Thanks. Best r');
    expect(s.key({ key: 'ArrowRight', code: 'ArrowRight' })).toBe(true); // → takes the ghost text there
    expect(s.area.value).toBe('Thanks. Best regards, Marta Quintela ');
  });
});
