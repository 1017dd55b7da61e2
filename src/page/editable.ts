import { positionBefore, readTextBefore } from './dom-text';
import type { FieldAdapter } from './field';
import type { CaretRect } from './rect';

/** The selection that holds the caret of an element, looking inside open shadow roots. */
export function selectionFor(el: Node): Selection | null {
  const root = el.getRootNode() as Document | (ShadowRoot & { getSelection?: () => Selection | null });
  if ('getSelection' in root && typeof root.getSelection === 'function' && root.nodeType === 11) {
    return root.getSelection();
  }
  return el.ownerDocument?.getSelection() ?? null;
}

/** The caret inside `host`, or null when the selection is a range or lies elsewhere. */
function caretIn(host: HTMLElement): { node: Node; offset: number; selection: Selection } | null {
  const selection = selectionFor(host);
  if (!selection || selection.rangeCount === 0 || !selection.isCollapsed) return null;
  const node = selection.focusNode;
  if (!node || !host.contains(node)) return null;
  return { node, offset: selection.focusOffset, selection };
}

function rectOf(rect: DOMRect | undefined, edge: 'left' | 'right'): CaretRect | null {
  if (!rect || (rect.height === 0 && rect.width === 0 && rect.top === 0)) return null;
  return { left: rect[edge], top: rect.top, height: rect.height };
}

/** A contenteditable element (plain or a rich editor's root). */
export function editableAdapter(host: HTMLElement): FieldAdapter {
  const doc = host.ownerDocument;
  return {
    element: host,
    kind: 'editable',
    textBeforeCaret(max) {
      const caret = caretIn(host);
      return caret ? readTextBefore(host, caret.node, caret.offset, max) : null;
    },
    charAfterCaret() {
      const caret = caretIn(host);
      if (!caret) return '';
      if (caret.node.nodeType === 3) {
        const text = (caret.node as Text).data;
        if (caret.offset < text.length) return text.charAt(caret.offset);
      }
      // Past the end of a text node: look at the text that follows, if any.
      const range = doc.createRange();
      range.setStart(caret.node, caret.offset);
      range.setEnd(host, host.childNodes.length);
      return range.toString().replace(/^[\u200B\uFEFF]+/, '').charAt(0);
    },
    caretRect() {
      const caret = caretIn(host);
      if (!caret) return null;
      const range = doc.createRange();
      range.setStart(caret.node, caret.offset);
      range.collapse(true);
      const rects = range.getClientRects();
      const direct = rectOf(rects[rects.length - 1], 'left');
      if (direct) return direct;
      // An empty line has no caret box: measure the character before, or the line's element.
      if (caret.node.nodeType === 3 && caret.offset > 0) {
        range.setStart(caret.node, caret.offset - 1);
        const before = rectOf(range.getBoundingClientRect(), 'right');
        if (before) return before;
      }
      const el = (caret.node.nodeType === 1 ? caret.node : caret.node.parentElement) as Element;
      const box = el.getBoundingClientRect();
      const style = doc.defaultView!.getComputedStyle(el);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
      return { left: box.left + parseFloat(style.paddingLeft || '0'), top: box.top + parseFloat(style.paddingTop || '0'), height: lineHeight };
    },
    selectBeforeCaret(count) {
      const caret = caretIn(host);
      if (!caret) return false;
      const start = positionBefore(host, caret.node, caret.offset, count);
      if (!start) return false;
      caret.selection.setBaseAndExtent(start.node, start.offset, caret.node, caret.offset);
      return true;
    },
    stepForward() {
      const selection = selectionFor(host);
      (selection as Selection & { modify?: (a: string, d: string, g: string) => void })?.modify?.('move', 'forward', 'character');
    },
  };
}
