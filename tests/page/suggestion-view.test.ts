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
