// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANNOUNCE_PAUSE_MS, choiceName, createAnnouncer, suggestionsPhrase } from '../../src/page/announcer';
import type { Say } from '../../src/page/page-messages';
import { choicesOf } from '../../src/page/suggestion-a11y';

/** English phrases, as messages.json has them. */
const say: Say = (key, ...subs) => ({ a11yBarLabel: 'Inkling suggestions', a11ySuggestions: `Suggestions: ${subs[0]}`, a11yAccepted: `Inserted ${subs[0]}`, a11yOr: 'or' })[key];

describe('choicesOf / choiceName', () => {
  it.each<[string, string[], boolean, string[]]>([
    ['Tab shown on the first, Alt+digits on', ['Tab', 'Alt+2', 'Alt+3'], true, ['the, Tab or Alt+1', 'this, Alt+2', 'that, Alt+3']],
    ['Alt+digits off: only what is shown', ['Tab', '', ''], false, ['the, Tab', 'this', 'that']],
    ['Enter on the first', ['Enter', 'Alt+2', 'Alt+3'], true, ['the, Enter or Alt+1', 'this, Alt+2', 'that, Alt+3']],
  ])('%s', (_name, hints, altDigits, names) => {
    expect(choicesOf(['the', 'this', 'that'], hints, altDigits).map((c) => choiceName(c, say))).toEqual(names);
  });
});

describe('createAnnouncer', () => {
  let root: ShadowRoot;
  const live = () => root.querySelector('[role=status]')!;
  beforeEach(() => {
    vi.useFakeTimers();
    root = document.createElement('div').attachShadow({ mode: 'closed' });
  });
  afterEach(() => vi.useRealTimers());

  const choices = (...words: string[]) => choicesOf(words, words.map((_, i) => `Alt+${i + 1}`), true);

  it('is a polite live region that speaks once typing pauses, not on each keystroke', () => {
    const announcer = createAnnouncer(document, root, say);
    expect(live().getAttribute('aria-live')).toBe('polite');
    announcer.suggestionsShown(choices('hello', 'help'));
    vi.advanceTimersByTime(ANNOUNCE_PAUSE_MS - 100);
    announcer.suggestionsShown(choices('help', 'helmet')); // the next keystroke
    vi.advanceTimersByTime(ANNOUNCE_PAUSE_MS - 100);
    expect(live().textContent).toBe('');
    vi.advanceTimersByTime(100);
    expect(live().textContent).toBe(suggestionsPhrase(choices('help', 'helmet'), say));
    expect(live().textContent).toBe('Suggestions: help, Alt+1; helmet, Alt+2');
  });

  it('says nothing new after a pause with the same words; after the bar was hidden they are news', async () => {
    const announcer = createAnnouncer(document, root, say);
    announcer.suggestionsShown(choices('hello'));
    vi.advanceTimersByTime(ANNOUNCE_PAUSE_MS);
    const region = live();
    let changes = 0;
    new MutationObserver(() => changes++).observe(region, { childList: true, characterData: true, subtree: true });
    announcer.suggestionsShown(choices('hello')); // a letter typed, the same word still fits
    vi.advanceTimersByTime(ANNOUNCE_PAUSE_MS);
    announcer.cancel();
    announcer.suggestionsShown(choices('hello'));
    vi.advanceTimersByTime(ANNOUNCE_PAUSE_MS);
    await Promise.resolve();
    expect(changes).toBe(1);
  });

  it('announces at once when asked, and the same words again as a change', () => {
    const announcer = createAnnouncer(document, root, say);
    announcer.suggestionsShown(choices('hello'));
    announcer.announceNow();
    const first = live().textContent;
    expect(first).toBe('Suggestions: hello, Alt+1');
    announcer.announceNow();
    expect(live().textContent).not.toBe(first);
    expect(live().textContent!.trim()).toBe(first);
  });

  it('drops what is pending when the bar hides or a word is accepted', () => {
    const announcer = createAnnouncer(document, root, say);
    announcer.suggestionsShown(choices('hello'));
    announcer.cancel();
    vi.advanceTimersByTime(ANNOUNCE_PAUSE_MS * 2);
    expect(live().textContent).toBe('');
    announcer.suggestionsShown(choices('hello'));
    announcer.say('Inserted hello');
    vi.advanceTimersByTime(ANNOUNCE_PAUSE_MS * 2);
    expect(live().textContent).toBe('Inserted hello');
    announcer.destroy();
    expect(root.querySelector('[role=status]')).toBeNull();
  });
});
