import type { FieldAdapter } from './field';
import { createCaretMirror } from './mirror';

/** An <input> or <textarea>: the caret is `selectionStart`. */
export function textControlAdapter(
  field: HTMLInputElement | HTMLTextAreaElement,
  measureIn: () => ShadowRoot,
): FieldAdapter {
  const mirror = createCaretMirror(field, measureIn);
  const caret = (): number | null =>
    field.selectionStart !== null && field.selectionStart === field.selectionEnd ? field.selectionStart : null;
  return {
    element: field,
    kind: field.tagName === 'INPUT' ? 'input' : 'textarea',
    textBeforeCaret(max) {
      const at = caret();
      return at === null ? null : field.value.slice(Math.max(0, at - max), at);
    },
    charAfterCaret() {
      const at = caret();
      return at === null ? '' : field.value.charAt(at);
    },
    caretRect() {
      const at = caret();
      return at === null ? null : mirror.measure(at);
    },
    selectBeforeCaret(count) {
      const at = caret();
      if (at === null || at < count) return false;
      field.setSelectionRange(at - count, at);
      return true;
    },
    forgetLayout() {
      mirror.invalidate();
    },
    stepForward() {
      const at = field.selectionEnd ?? 0;
      field.setSelectionRange(at + 1, at + 1);
    },
  };
}
