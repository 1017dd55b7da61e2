// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { TypingOptions } from '../../src/page/typing-loop';
import { DEFAULT_SETTINGS } from '../../src/storage/settings';
import { loopFixture } from './loop-fixture';

const setup = (html: string, options: Partial<TypingOptions> = {}) => loopFixture(['world', 'work'], options, html);
const settle = async () => { for (let i = 0; i < 4; i++) await Promise.resolve(); };

const TAB = { key: 'Tab', code: 'Tab' };
const RIGHT = { key: 'ArrowRight', code: 'ArrowRight' };

describe('which fields get suggestions', () => {
  it.each([
    ['<input name="company">', 'Acme In'],
    ['<input autocomplete="email">', 'anna'],
    ['<label>City <input></label>', 'Lis'],
    ['<textarea></textarea>', 'write to anna@acme.co'],
    ['<textarea></textarea>', 'Thanks @al'],
    ['<textarea spellcheck="false" style="font-family: monospace"></textarea>', 'return it'],
  ])('nothing in %s after %j', async (html, text) => {
    const s = setup(html);
    await s.type(text);
    expect(s.asked).toHaveLength(0);
    expect(s.shown.visible).toBe(false);
  });

  it('code fields get suggestions when the user turned them on', async () => {
    const s = setup('<textarea spellcheck="false" style="font-family: monospace"></textarea>', { codeFields: true });
    await s.type('Hello wo');
    expect(s.shown.visible).toBe(true);
  });

  it('the field key (Alt+Shift+K) switches a field the rules left out on, and off again', async () => {
    const s = setup('<input name="company">');
    await s.type('Hello wo');
    expect(s.shown.visible).toBe(false);
    expect(s.key({ key: 'K', code: 'KeyK', altKey: true, shiftKey: true })).toBe(true);
    await settle();
    expect(s.shown.visible).toBe(true);
    s.key({ key: 'K', code: 'KeyK', altKey: true, shiftKey: true });
    expect(s.shown.visible).toBe(false);
    await s.type('Hello wor');
    expect(s.shown.visible).toBe(false);
  });
});

describe('which keys accept', () => {
  it('in a single-line input Tab is the page’s; → at the end and Alt+digit accept', async () => {
    const s = setup('<input name="subject">');
    await s.type('Hello wo');
    expect(s.shown.last?.hints?.[0]).toBe('Alt+1');
    expect(s.key(TAB)).toBe(false);
    expect(s.field.value).toBe('Hello wo');
    expect(s.key(RIGHT)).toBe(true);
    expect(s.field.value).toBe('Hello world ');
  });

  it('Tab in inputs can be turned on', async () => {
    const s = setup('<input name="subject">', { acceptKeys: { ...DEFAULT_SETTINGS.acceptKeys, tabInInputs: true } });
    await s.type('Hello wo');
    expect(s.key(TAB)).toBe(true);
    expect(s.field.value).toBe('Hello world ');
  });

  it('in a textarea Tab accepts only while the ghost text shows', async () => {
    const s = setup('<textarea></textarea>', { ghostText: false });
    await s.type('Hello wo');
    expect(s.shown.visible).toBe(true);
    expect(s.key(TAB)).toBe(false);
    expect(s.field.value).toBe('Hello wo');
  });

  it('what is not on screen is never accepted', async () => {
    const s = setup('<textarea></textarea>');
    await s.type('Hello wo');
    s.shown.onScreen = false;
    expect(s.key(TAB)).toBe(false);
    expect(s.key({ key: '2', code: 'Digit2', altKey: true })).toBe(false);
    expect(s.field.value).toBe('Hello wo');
    expect(s.shown.visible).toBe(false);
  });
});

describe('making way for the page', () => {
  it.each([
    ['aria-expanded', '<textarea aria-expanded="true"></textarea>'],
    ['aria-activedescendant', '<textarea aria-activedescendant="o1"></textarea><ul role="listbox"><li id="o1" role="option">alice</li></ul>'],
    ['a combobox around the field', '<div role="combobox" aria-expanded="true"><input name="q"></div>'],
  ])('hides and leaves Tab to the page when the field says its popup is open (%s)', async (_name, html) => {
    const s = setup(html);
    await s.type('Hello wo');
    expect(s.shown.visible).toBe(false);
    expect(s.key(TAB)).toBe(false);
    expect(s.field.value).toBe('Hello wo');
  });

  it('hides when the page clears the field on a key (Enter to send)', async () => {
    const s = setup('<textarea></textarea>');
    await s.type('Hello wo');
    expect(s.shown.visible).toBe(true);
    s.key({ key: 'Enter', code: 'Enter' });
    s.field.value = '';
    await new Promise((done) => setTimeout(done, 10));
    expect(s.shown.visible).toBe(false);
  });
});
