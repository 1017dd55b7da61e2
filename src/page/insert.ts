import { MAX_STRAY_WORDS, MAX_WORD_CHARS, type InsertionFailure } from '../messaging/protocol';
import type { FieldAdapter } from './field';
import { selectionFor } from './editable';

/**
 * Inserting an accepted suggestion the way the field's own editor applies edits, and checking
 * afterwards that it landed. Slate, CKEditor 5, Lexical and Quill apply a dispatched, cancelable
 * `beforeinput` to their model (and cancel it); ProseMirror, Draft.js and TinyMCE leave it, and
 * follow `execCommand('insertText')`, which fires no `beforeinput` in Chromium.
 */

/** Zero-width characters editors keep in empty lines; no-break spaces stand for spaces. */
const INVISIBLE = /[\u200B\u200C\u2060\uFEFF]/g;

/** Fields where an insertion went wrong: Inkling offers nothing more there while the page lives. */
const refusing = new WeakSet<HTMLElement>();

export function refusesInsertion(element: HTMLElement): boolean {
  return refusing.has(element);
}

/** Who is told of failed insertions (the content script tells the background). */
const failureListeners = new Set<(failure: InsertionFailure) => void>();

/** Calls `listener` on every failed insertion in this frame; returns the function that stops it. */
export function watchInsertionFailures(listener: (failure: InsertionFailure) => void): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}

/** The check of the last insertion, run before anything else touches the page. */
let pending: (() => void) | null = null;

export interface Suggestion {
  /** How many characters before the caret it replaces (the typed letters of the word). */
  replace: number;
  text: string;
  /** What the caret is moved over right after inserting (a space that was already there), '' for nothing. */
  stepsOver: string;
}

/**
 * Replaces the `replace` characters before the caret with `text`. Returns false (changing
 * nothing) when they cannot be selected. The result is checked just after the editor has
 * committed, or before the next key or click if that comes first; `onFailure` hears of a
 * check that failed, once what the user had has been put back.
 */
export function insertSuggestion(
  adapter: FieldAdapter,
  { replace, text, stepsOver }: Suggestion,
  onFailure: (failure: InsertionFailure) => void,
): boolean {
  pending?.();
  const original = readAll(adapter);
  if (original === null || original.length < replace) return false;
  if (replace > 0 && !adapter.selectBeforeCaret(replace)) return false;
  replaceSelection(adapter, text, 'insert');
  const expected = original.slice(0, original.length - replace) + comparable(adapter, text + stepsOver);
  const win = adapter.element.ownerDocument.defaultView!;
  const check = () => {
    if (pending !== check) return;
    pending = null;
    for (const type of SETTLING_EVENTS) win.removeEventListener(type, check, true);
    const got = readAll(adapter, true);
    if (got === expected) return;
    refusing.add(adapter.element);
    void restore(adapter, got ?? '', original).then((restored) => {
      const failure = { restored, strayWords: strayWords(got ?? '', `${original} ${text}`) };
      onFailure(failure);
      for (const listener of failureListeners) listener(failure);
    });
  };
  pending = check;
  for (const type of SETTLING_EVENTS) win.addEventListener(type, check, true);
  afterNextPaint(win, check);
  return true;
}

/** The user's next act: the insertion is checked before the page sees it. */
const SETTLING_EVENTS = ['keydown', 'mousedown', 'beforeinput'] as const;

/**
 * The whole text before the caret, as compared (zero-width characters left out, no-break
 * spaces as spaces); with `collapse`, a selection still spanning the replaced letters (an
 * editor that ignored the edit) is first collapsed to its end.
 */
function readAll(adapter: FieldAdapter, collapse = false): string | null {
  let text = adapter.textBeforeCaret(Number.MAX_SAFE_INTEGER);
  if (text === null && collapse) {
    collapseToEnd(adapter);
    text = adapter.textBeforeCaret(Number.MAX_SAFE_INTEGER);
  }
  return text === null ? null : comparable(adapter, text);
}

function comparable(adapter: FieldAdapter, text: string): string {
  return adapter.kind === 'editable' ? text.replace(INVISIBLE, '').replace(/\u00A0/g, ' ') : text;
}

function collapseToEnd(adapter: FieldAdapter): void {
  const el = adapter.element;
  if (adapter.kind !== 'editable') {
    const field = el as HTMLInputElement | HTMLTextAreaElement;
    const end = field.selectionEnd ?? field.value.length;
    field.setSelectionRange(end, end);
    return;
  }
  const selection = selectionFor(el);
  if (selection && selection.rangeCount > 0 && el.contains(selection.focusNode)) selection.collapseToEnd();
}

/**
 * Puts back `original` as the text before the caret: replaces what differs from it, by the same
 * path as an insertion, and says whether that worked once the editor has committed.
 */
async function restore(adapter: FieldAdapter, got: string, original: string): Promise<boolean> {
  let same = 0;
  while (same < got.length && same < original.length && got[same] === original[same]) same++;
  const wrong = got.length - same;
  const missing = original.slice(same);
  if (wrong === 0 && missing === '') return true;
  if (wrong > 0 && !adapter.selectBeforeCaret(wrong)) return false;
  replaceSelection(adapter, missing, missing === '' ? 'delete' : 'insert');
  await afterCurrentTask();
  return readAll(adapter, true) === original;
}

/**
 * Replaces the field's selection (or inserts at its caret) with `text`: first as a cancelable
 * `beforeinput` the editor may apply itself, then `execCommand`, then by hand with the
 * `input` event frameworks listen to.
 */
function replaceSelection(adapter: FieldAdapter, text: string, kind: 'insert' | 'delete'): void {
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

/** Words in `got` that are not in `written` (what the user and the suggestion wrote). */
function strayWords(got: string, written: string): string[] {
  const known = new Set(written.match(/[\p{L}\p{M}\p{N}'’-]+/gu) ?? []);
  const stray = (got.match(/[\p{L}\p{M}\p{N}'’-]+/gu) ?? []).filter((w) => !known.has(w) && w.length <= MAX_WORD_CHARS);
  return [...new Set(stray)].slice(-MAX_STRAY_WORDS);
}

/** Runs `fn` just after the next frame has been painted (where every editor has committed). */
function afterNextPaint(win: Window, fn: () => void): void {
  win.requestAnimationFrame(() => void afterCurrentTask().then(fn));
}

/** Resolves in a new task, after the current one and its microtasks (where editors commit). */
function afterCurrentTask(): Promise<void> {
  return new Promise((done) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      done();
    };
    channel.port2.postMessage(null);
  });
}
