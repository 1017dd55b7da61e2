import type { FieldAdapter } from './field';
import { selectionFor } from './editable';

/**
 * Handing an edit to the page's editor the way a keystroke's edit reaches it. Slate, CKEditor 5,
 * Lexical and Quill apply a dispatched, cancelable `beforeinput` to their model (and cancel it)
 * when it replaces a selection; at a bare caret only Slate does. ProseMirror, Draft.js and
 * TinyMCE leave it to the browser, and follow `execCommand('insertText')`, which fires no
 * `beforeinput` in Chromium.
 */

/**
 * Replaces the field's selection (or inserts at its caret) with `text`: first as a cancelable
 * `beforeinput` the editor may apply itself, then `execCommand`, then by hand with the
 * `input` event frameworks listen to.
 */
export function replaceSelection(adapter: FieldAdapter, text: string, kind: 'insert' | 'delete'): void {
  const doc = adapter.element.ownerDocument;
  if (adapter.kind === 'editable' && offerToEditor(adapter.element, text, kind)) return;
  if (!execCommand(doc, kind === 'delete' ? 'delete' : 'insertText', text)) replaceByHand(adapter, text);
}

/** `document.execCommand`, false where it is refused or missing (deprecated, though every browser keeps it). */
function execCommand(doc: Document, command: string, text: string): boolean {
  try {
    return typeof doc.execCommand === 'function' && doc.execCommand(command, false, text);
  } catch {
    return false;
  }
}

/** Dispatches the `beforeinput` a keystroke would; true when the editor took it (cancelled it). */
function offerToEditor(host: HTMLElement, text: string, kind: 'insert' | 'delete'): boolean {
  const selection = selectionFor(host);
  if (!selection || selection.rangeCount === 0) return false;
  const range = selection.getRangeAt(0);
  const inputType = kind === 'delete' ? 'deleteContentBackward' : range.collapsed ? 'insertText' : 'insertReplacementText';
  const event = new InputEvent('beforeinput', {
    inputType,
    data: kind === 'delete' ? null : text,
    targetRanges: [new StaticRange(range)],
    cancelable: true,
    bubbles: true,
    composed: true,
  });
  const node = selection.focusNode;
  const target = node && node.nodeType !== 1 ? node.parentElement : (node as HTMLElement | null);
  (target && host.contains(target) ? target : host).dispatchEvent(event);
  return event.defaultPrevented;
}

/** Where `execCommand` is refused (it is deprecated, though every browser keeps it): set the text and announce it. */
function replaceByHand(adapter: FieldAdapter, text: string): void {
  const el = adapter.element;
  const init = { bubbles: true, composed: true, inputType: text ? 'insertText' : 'deleteContentBackward', data: text || null };
  if (adapter.kind !== 'editable') {
    const field = el as HTMLInputElement | HTMLTextAreaElement;
    field.setRangeText(text, field.selectionStart ?? 0, field.selectionEnd ?? 0, 'end');
  } else {
    const selection = selectionFor(el);
    if (!selection || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    range.deleteContents();
    if (text) {
      const node = el.ownerDocument.createTextNode(text);
      range.insertNode(node);
      selection.setBaseAndExtent(node, text.length, node, text.length);
    }
  }
  el.dispatchEvent(new InputEvent('input', init));
}

/** Runs `fn` just after the next frame has been painted (where every editor has committed). */
export function afterNextPaint(win: Window, fn: () => void): void {
  win.requestAnimationFrame(() => void afterCurrentTask().then(fn));
}

/** Resolves in a new task, after the current one and its microtasks (where editors commit). */
export function afterCurrentTask(): Promise<void> {
  return new Promise((done) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      done();
    };
    channel.port2.postMessage(null);
  });
}
