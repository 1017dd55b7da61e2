// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { positionBefore, readTextBefore } from '../../src/page/dom-text';

function editor(html: string): HTMLElement {
  const root = document.createElement('div');
  root.contentEditable = 'true';
  root.innerHTML = html;
  document.body.replaceChildren(root);
  return root;
}

/** The last text node under `el`. */
function lastText(el: Node): Text {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let last: Text | null = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n as Text;
  return last!;
}

describe('readTextBefore', () => {
  it.each([
    ['plain text', 'Hello world', 'Hello world'],
    ['inline formatting', 'Hello <b>bold</b> wor<i>ld</i>', 'Hello bold world'],
    ['paragraphs', '<p>First line.</p><p>Second</p>', 'First line.\nSecond'],
    ['a <br>', 'one<br>two', 'one\ntwo'],
    ['nested blocks', '<ul><li>a</li><li>b</li></ul><p>c</p>', 'a\nb\nc'],
    ['a style element', '<style>.x{}</style>text', 'text'],
  ])('reads %s', (_name, html, expected) => {
    const root = editor(html);
    const text = lastText(root);
    expect(readTextBefore(root, text, text.length, 100)).toBe(expected);
  });

  it('stops at the caret inside a text node', () => {
    const root = editor('<p>Hello world</p>');
    expect(readTextBefore(root, lastText(root), 5, 100)).toBe('Hello');
  });

  it('reads before a caret given as an element offset', () => {
    const root = editor('<p>one</p><p>two</p>');
    expect(readTextBefore(root, root, 1, 100)).toBe('one');
    expect(readTextBefore(root, root.lastChild!, 0, 100)).toBe('one\n');
  });

  it('keeps only the last max characters', () => {
    const root = editor('<p>abcdef</p><p>ghij</p>');
    expect(readTextBefore(root, lastText(root), 4, 6)).toBe('f\nghij');
  });
});

describe('positionBefore', () => {
  it('finds the start of a word split across text nodes', () => {
    const root = editor('say he<b>ll</b>');
    const pos = positionBefore(root, lastText(root), 2, 4);
    expect(pos?.node.data).toBe('say he');
    expect(pos?.offset).toBe(4);
  });

  it('does not count zero-width characters', () => {
    const root = editor('go wo\uFEFFr');
    const text = lastText(root);
    expect(positionBefore(root, text, text.length, 3)?.offset).toBe(3);
  });

  it('refuses to cross a line break', () => {
    const root = editor('<p>ab</p><p>c</p>');
    expect(positionBefore(root, lastText(root), 1, 2)).toBeNull();
  });
});
