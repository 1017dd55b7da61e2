import { attributesOf, isSensitiveField } from '../text/sensitive';
import { refusesInsertion } from './insert';
import type { CaretRect } from './rect';

/** One editable field on the page, as the typing loop sees it. */
export interface FieldAdapter {
  readonly element: HTMLElement;
  readonly kind: 'input' | 'textarea' | 'editable';
  /** Up to `max` characters before the caret; null when the selection is not a caret inside the field. */
  textBeforeCaret(max: number): string | null;
  /** The character just after the caret ('' at the end). */
  charAfterCaret(): string;
  /** The caret's line box on screen, or null when it cannot be measured. */
  caretRect(): CaretRect | null;
  /** Selects the `count` characters before the caret, so that typing replaces them. */
  selectBeforeCaret(count: number): boolean;
  /** Moves the caret one character forward (over a space that was already there). */
  stepForward(): void;
  /** Drops what was measured once per focus (styles), as the field may have changed. */
  forgetLayout?(): void;
}

/** Input types whose text is prose (others, like email or number, have no caret API or no words). */
const TEXT_INPUT_TYPES = new Set(['', 'text', 'search']);

export type FieldKind = FieldAdapter['kind'];

/** Finds the editing host of a contenteditable node: the outermost editable ancestor. */
export function editingHost(el: Element): HTMLElement | null {
  if (!(el as HTMLElement).isContentEditable) return null;
  let host = el as HTMLElement;
  while (host.parentElement?.isContentEditable) host = host.parentElement;
  return host;
}

/**
 * What kind of field an event target is, or null if Inkling must leave it alone
 * (not a text field, read-only, disabled, sensitive, or one where an insertion failed).
 */
export function classifyField(target: EventTarget | null | undefined): { element: HTMLElement; kind: FieldKind } | null {
  const el = target as HTMLElement | null;
  if (!el || el.nodeType !== 1) return null;
  let result: { element: HTMLElement; kind: FieldKind } | null = null;
  if (el.tagName === 'INPUT') {
    const input = el as HTMLInputElement;
    const type = (input.getAttribute('type') ?? '').toLowerCase();
    if (TEXT_INPUT_TYPES.has(type) && !input.readOnly && !input.disabled) result = { element: input, kind: 'input' };
  } else if (el.tagName === 'TEXTAREA') {
    const area = el as HTMLTextAreaElement;
    if (!area.readOnly && !area.disabled) result = { element: area, kind: 'textarea' };
  } else {
    const host = editingHost(el);
    if (host) result = { element: host, kind: 'editable' };
  }
  if (!result) return null;
  // An insertion here did not come out as intended: the field's editor is not one we can serve.
  if (refusesInsertion(result.element)) return null;
  if (isSensitiveField(attributesOf(result.element))) return null;
  if (result.element !== el && isSensitiveField(attributesOf(el))) return null;
  return result;
}
