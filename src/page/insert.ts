import { MAX_STRAY_WORDS, MAX_WORD_CHARS, type InsertionFailure } from '../messaging/protocol';
import type { FieldAdapter } from './field';
import { selectionFor } from './editable';
import { afterCurrentTask, afterNextPaint, replaceSelection } from './editor-input';

/**
 * Inserting an accepted suggestion the way the field's own editor applies edits
 * (editor-input.ts), and checking afterwards that it landed: if not, what the user had is put
 * back, the field is left alone, and the background is told.
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
  /**
   * What the caret is moved over once the editor has committed the insertion (a space that was
   * already there), '' for nothing. Not at once: an editor that renders later (Slate, Draft.js)
   * would draw the word after the caret had moved.
   */
  stepsOver: string;
}

export interface InsertionOutcome {
  /** The insertion came out as intended (after the caret stepped over `stepsOver`). */
  landed?: () => void;
  /** It did not; what the user had has been put back (or could not be). */
  failed: (failure: InsertionFailure) => void;
}

/**
 * Characters before the caret the check compares: any edit near the caret is in there, and a
 * huge document is not read whole on every acceptance.
 */
const CHECKED_CHARS = 20_000;
/** In a field longer than that, the first characters read (far from the caret) line up the texts. */
const ANCHOR_CHARS = 200;

/** Text before the caret as compared, and whether it is all the field holds before the caret. */
interface TextBefore {
  text: string;
  whole: boolean;
}

/**
 * Replaces the `replace` characters before the caret with `text`. Returns false (changing
 * nothing) when they cannot be selected. The result is looked at as soon as the editor has
 * committed (the next task); if it is not right yet, once more after the next frame, or
 * before the next key or click if that comes first, and only then put right.
 */
export function insertSuggestion(adapter: FieldAdapter, suggestion: Suggestion, outcome: InsertionOutcome): boolean {
  pending?.();
  const before = readBefore(adapter, CHECKED_CHARS);
  if (before === null || before.text.length < suggestion.replace) return false;
  const { replace, text, stepsOver } = minimalEdit(adapter, suggestion, before.text);
  if (replace > 0 && !adapter.selectBeforeCaret(replace)) return false;
  replaceSelection(adapter, text, 'insert');
  const inserted = before.text.slice(0, before.text.length - replace) + comparable(adapter, text);
  const expected = inserted + comparable(adapter, stepsOver);
  // Room for what the edit added, so that the texts still line up in a longer field.
  const reach = CHECKED_CHARS + expected.length - before.text.length + ANCHOR_CHARS;
  const win = adapter.element.ownerDocument.defaultView!;
  const done = () => {
    pending = null;
    for (const type of SETTLING_EVENTS) win.removeEventListener(type, check, true);
  };
  const replaced = before.text.slice(before.text.length - replace);
  /** True (and done) when the insertion is in place, the caret moved over what follows. */
  const landed = (final: boolean) => {
    if (stepsOver) stepOver(adapter, inserted, stepsOver, before.whole, reach);
    const after = readBefore(adapter, reach, final ? replaced : '');
    if (!after || !holds(after, expected, before.whole)) return false;
    done();
    if (replace > 0 && adapter.kind !== 'editable') caretAfterUndo(adapter.element as HTMLInputElement | HTMLTextAreaElement, replaced);
    outcome.landed?.();
    return true;
  };
  const check = () => {
    if (pending !== check || landed(true)) return;
    done();
    const after = readBefore(adapter, reach);
    const start = after ? lineUp(after.text, before, reach) : null;
    const got = after && start !== null ? after.text.slice(start) : null;
    // Changed far more than this edit could have (the page cleared or replaced the text):
    // no longer ours to judge or put back.
    if (got === null || Math.abs(got.length - expected.length) > replace + text.length + stepsOver.length) return;
    refusing.add(adapter.element);
    void restore(adapter, got, before, reach).then((restored) => {
      const failure = { restored, strayWords: strayWords(got, `${before.text} ${text}`) };
      outcome.failed(failure);
      for (const listener of failureListeners) listener(failure);
    });
  };
  pending = check;
  for (const type of SETTLING_EVENTS) win.addEventListener(type, check, true);
  // Editors commit within the task (CKEditor 5, Quill) or its microtasks (Slate, Lexical, React);
  // the next frame is only for the others, and is late in a background tab.
  void afterCurrentTask().then(() => pending === check && landed(false));
  afterNextPaint(win, check);
  return true;
}

/**
 * In a text box, letters already typed that begin the text are kept and only the rest is
 * inserted: Ctrl+Z then takes back just the completion and leaves nothing selected to type over.
 * (Rich editors get the whole replacement: several apply a dispatched edit only over a selection.)
 */
function minimalEdit(adapter: FieldAdapter, edit: Suggestion, textBefore: string): Suggestion {
  const typed = textBefore.slice(textBefore.length - edit.replace);
  if (adapter.kind === 'editable' || edit.replace === 0) return edit;
  // A correction keeps the letters before the first one it changes.
  let kept = 0;
  while (kept < typed.length && typed[kept] === edit.text[kept]) kept++;
  return { ...edit, replace: typed.length - kept, text: edit.text.slice(kept) };
}

/**
 * After a correction in a text box, Ctrl+Z brings back the replaced letters selected, and the
 * next letter typed would replace them: the caret goes after them instead, as after typing.
 */
function caretAfterUndo(field: HTMLInputElement | HTMLTextAreaElement, replaced: string): void {
  const onInput = (event: Event) => {
    field.removeEventListener('input', onInput, true);
    if ((event as InputEvent).inputType !== 'historyUndo') return;
    const { selectionStart: start, selectionEnd: end } = field;
    if (start !== null && end !== null && end > start && field.value.slice(start, end) === replaced) field.setSelectionRange(end, end);
  };
  field.addEventListener('input', onInput, true);
}

/** The user's next act: the insertion is checked before the page sees it. */
const SETTLING_EVENTS = ['keydown', 'mousedown', 'beforeinput'] as const;

/** Moves the caret over `chars` if the insertion is in place and they follow it. */
function stepOver(adapter: FieldAdapter, inserted: string, chars: string, whole: boolean, reach: number): void {
  const now = readBefore(adapter, reach);
  if (!now || !holds(now, inserted, whole)) return;
  for (const char of chars) {
    if (adapter.charAfterCaret() !== char) return;
    adapter.stepForward();
  }
}

/** Whether the text before the caret is `wanted`: exactly, or (a field longer than was read) at its end. */
function holds(now: TextBefore, wanted: string, whole: boolean): boolean {
  return whole ? now.text === wanted : now.text.endsWith(wanted);
}

/**
 * Where in `now` the text read `before` begins: 0 for a field read whole, else where the
 * first characters read are found again near where they should be, only if they are found
 * there once (a repetitive text could line up wrongly, and the restoring would delete the wrong text).
 */
function lineUp(now: string, before: TextBefore, reach: number): number | null {
  if (before.whole) return 0;
  const anchor = before.text.slice(0, ANCHOR_CHARS);
  const from = Math.max(0, now.length - reach);
  const first = now.indexOf(anchor, from);
  return first >= 0 && now.lastIndexOf(anchor) === first ? first : null;
}

/**
 * Up to `max` characters before the caret, as compared (zero-width characters left out,
 * no-break spaces as spaces). With `leftSelected`, a selection of exactly those letters (the
 * ones replaced, still selected by an editor that ignored the edit) is first collapsed to its
 * end; any other selection is the user's or the page's, and is left as it is.
 */
function readBefore(adapter: FieldAdapter, max: number, leftSelected = ''): TextBefore | null {
  let raw = adapter.textBeforeCaret(max);
  if (raw === null && leftSelected && comparable(adapter, selectedText(adapter)) === leftSelected) {
    collapseToEnd(adapter);
    raw = adapter.textBeforeCaret(max);
  }
  // A contenteditable's read drops a leading line break: one short of `max` may be cut too.
  return raw === null ? null : { text: comparable(adapter, raw), whole: raw.length < max - 1 };
}

function selectedText(adapter: FieldAdapter): string {
  const el = adapter.element;
  if (adapter.kind !== 'editable') {
    const field = el as HTMLInputElement | HTMLTextAreaElement;
    return field.value.slice(field.selectionStart ?? 0, field.selectionEnd ?? 0);
  }
  const selection = selectionFor(el);
  return selection && selection.rangeCount > 0 && el.contains(selection.focusNode) ? selection.toString() : '';
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
 * Puts back what the user had (`before`) as the text before the caret: replaces what differs
 * from it in `got` (the same stretch of the field now), by the same path as an insertion, and
 * says whether that worked once the editor has committed.
 */
async function restore(adapter: FieldAdapter, got: string, before: TextBefore, reach: number): Promise<boolean> {
  const original = before.text;
  let same = 0;
  while (same < got.length && same < original.length && got[same] === original[same]) same++;
  const wrong = got.length - same;
  const missing = original.slice(same);
  if (wrong === 0 && missing === '') return true;
  if (wrong > 0 && !adapter.selectBeforeCaret(wrong)) return false;
  replaceSelection(adapter, missing, missing === '' ? 'delete' : 'insert');
  await afterCurrentTask();
  const now = readBefore(adapter, reach, got.slice(same));
  return now !== null && holds(now, original, before.whole);
}

/** Words in `got` that are not in `written` (what the user and the suggestion wrote). */
function strayWords(got: string, written: string): string[] {
  const known = new Set(written.match(/[\p{L}\p{M}\p{N}'’-]+/gu) ?? []);
  const stray = (got.match(/[\p{L}\p{M}\p{N}'’-]+/gu) ?? []).filter((w) => !known.has(w) && w.length <= MAX_WORD_CHARS);
  return [...new Set(stray)].slice(-MAX_STRAY_WORDS);
}
