// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createSuggestionView } from '../../src/page/suggestion-view';

const caret = { left: 10, top: 20, height: 18 };

describe('createSuggestionView', () => {
  it('keeps its shadow root closed to the page', () => {
    const view = createSuggestionView(document, () => {});
    view.show({ words: ['hello', 'help'], ghost: 'lo', caret, font: null });
    const host = document.querySelector('inkling-suggestions')!;
    expect(host.shadowRoot).toBeNull();
    expect(host.textContent).toBe('');
    view.destroy();
  });

  it('reports the picked chip and never takes focus', () => {
    const picks: number[] = [];
    const view = createSuggestionView(document, (i) => picks.push(i));
    // At most five (the number shown is a setting; the typing loop passes that many).
    view.show({ words: ['one', 'two', 'three', 'four', 'five', 'six'], ghost: '', caret, font: null });
    const chips = [...view.measuringRoot().querySelectorAll<HTMLElement>('.chip')];
    expect(chips.map((c) => c.firstChild!.textContent)).toEqual(['one', 'two', 'three', 'four', 'five']);
    const down = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    chips[1]!.dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true);
    chips[2]!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(picks).toEqual([2]);
    view.destroy();
  });

  it('hides when there is nothing to show', () => {
    const view = createSuggestionView(document, () => {});
    view.show({ words: ['one'], ghost: '', caret, font: null });
    expect(view.shown).toBe(true);
    view.show({ words: [], ghost: '', caret, font: null });
    expect(view.shown).toBe(false);
    view.destroy();
  });
});

describe('createSuggestionView for assistive technology', () => {
  const options = { suggestionScale: 150, highContrast: true, speakSuggestions: false, speakAccepted: false, acceptKeys: { altDigits: true } };

  it('is a listbox of options named with the keys that pick each; the ghost text is hidden from it', () => {
    const view = createSuggestionView(document, () => {}, (key, ...subs) => (key === 'a11yOr' ? 'or' : `${key}(${subs.join()})`));
    view.setOptions(options);
    view.show({ words: ['hello', 'help'], hints: ['Tab', 'Alt+2'], ghost: 'lo', caret, font: null });
    const root = view.measuringRoot();
    const bar = root.querySelector('.bar')!;
    expect(bar.getAttribute('role')).toBe('listbox');
    expect(bar.getAttribute('aria-label')).toBe('a11yBarLabel()');
    const chips = [...root.querySelectorAll('[role=option]')];
    expect(chips.map((c) => [c.getAttribute('aria-label'), c.getAttribute('aria-selected')])).toEqual([['hello, Tab or Alt+1', 'true'], ['help, Alt+2', 'false']]);
    expect(root.querySelector('.ghost')!.getAttribute('aria-hidden')).toBe('true');
    view.readAloud(1);
    expect(root.querySelector('[aria-live=polite]')!.textContent).toBe('help');
    view.announceAccepted('hello');
    expect(root.querySelector('[aria-live=polite]')!.textContent).toBe('a11yAccepted(hello)');
    view.destroy();
  });

  it('takes the size and contrast settings', () => {
    const view = createSuggestionView(document, () => {});
    view.setOptions(options);
    view.show({ words: ['hello'], ghost: '', caret, font: null });
    const bar = view.measuringRoot().querySelector<HTMLElement>('.bar')!;
    expect(bar.style.getPropertyValue('--inkling-scale')).toBe('1.5');
    expect(bar.classList.contains('contrast')).toBe(true);
    view.setOptions({ ...options, suggestionScale: 100, highContrast: false });
    expect(bar.style.getPropertyValue('--inkling-scale')).toBe('1');
    expect(bar.classList.contains('contrast')).toBe(false);
    view.destroy();
  });
});
