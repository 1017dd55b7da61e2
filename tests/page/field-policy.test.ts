// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { inCodeBlock, kindOfField, suggestsIn } from '../../src/page/field-policy';

/** The field `selector` picks out of `html`. */
function fieldOf(html: string, selector = 'input, textarea, [contenteditable]'): HTMLElement {
  document.body.innerHTML = html;
  return document.querySelector<HTMLElement>(selector)!;
}

describe('kindOfField', () => {
  it.each<[string, string, ReturnType<typeof kindOfField>]>([
    ['a <label> around the input', '<label>City <input></label>', 'data'],
    ['a <label for> (pt)', '<label for="x">Empresa</label><input id="x"><input id="y">', 'data'],
    ['aria-labelledby', '<span id="l">Phone number</span><input aria-labelledby="l">', 'data'],
    ['a placeholder', '<input placeholder="Subject">', 'prose'],
    ['CodeMirror 6 content', '<div class="cm-editor"><div class="cm-content" contenteditable="true"></div></div>', 'code'],
    ['Monaco’s input area', '<div class="monaco-editor"><textarea class="inputarea"></textarea></div>', 'code'],
    ['Ace’s text input', '<div class="ace_editor"><textarea class="ace_text-input"></textarea></div>', 'code'],
    ['spellcheck=false in monospace', '<textarea spellcheck="false" style="font-family: Menlo, monospace"></textarea>', 'code'],
    ['spellcheck=false in a prose font', '<textarea spellcheck="false" style="font-family: Georgia, serif"></textarea>', 'prose'],
  ])('%s', (_name, html, kind) => {
    expect(kindOfField(fieldOf(html))).toBe(kind);
  });
});

describe('inCodeBlock', () => {
  it('is true inside <pre> or <code> of the editor, not outside', () => {
    const host = fieldOf('<div contenteditable="true"><p>Hello <code>x.y</code></p><pre>let a</pre></div>');
    expect(inCodeBlock(host.querySelector('code')!.firstChild, host)).toBe(true);
    expect(inCodeBlock(host.querySelector('pre')!.firstChild, host)).toBe(true);
    expect(inCodeBlock(host.querySelector('p')!.firstChild, host)).toBe(false);
  });
});

describe('suggestsIn', () => {
  it.each<[ReturnType<typeof kindOfField>, boolean, boolean | undefined, boolean]>([
    ['prose', false, undefined, true],
    ['data', false, undefined, false],
    ['code', false, undefined, false],
    ['code', true, undefined, true],
    ['data', false, true, true],
    ['prose', false, false, false],
  ])('%s, code fields %s, switched %s → %s', (kind, codeFields, switched, expected) => {
    expect(suggestsIn(kind, codeFields, switched)).toBe(expected);
  });
});
