// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { pageShowsOwnSuggestions } from '../../src/page/page-popups';

/** The field of `html` (the first input or textarea), with `value` typed. */
function field(html: string, value = ''): HTMLInputElement {
  document.body.innerHTML = html;
  const el = document.querySelector<HTMLInputElement>('input, textarea')!;
  el.value = value;
  return el;
}

describe('pageShowsOwnSuggestions', () => {
  it.each<[string, string, string, boolean]>([
    ['a plain field', '<textarea></textarea>', 'Hello', false],
    ['aria-expanded=true', '<input aria-expanded="true">', 'Hel', true],
    ['aria-expanded=false', '<input aria-expanded="false">', 'Hel', false],
    ['aria-activedescendant naming an option', '<input aria-activedescendant="o1"><div id="o1" role="option">x</div>', 'Hel', true],
    ['aria-activedescendant naming nothing', '<input aria-activedescendant="gone">', 'Hel', false],
    ['an open combobox around the field', '<div role="combobox" aria-expanded="true"><input></div>', 'Hel', true],
    ['a datalist with a matching option', '<input list="l"><datalist id="l"><option value="Hello world"></option></datalist>', 'hello', true],
    ['a datalist with none matching', '<input list="l"><datalist id="l"><option value="Goodbye"></option></datalist>', 'hello', false],
  ])('%s → %s', (_name, html, value, expected) => {
    expect(pageShowsOwnSuggestions(field(html, value), null)).toBe(expected);
  });
});
