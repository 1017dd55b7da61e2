import { editableAdapter } from './editable';
import type { FieldAdapter } from './field';
import { inCodeBlock, kindOfField, suggestsIn } from './field-policy';
import { textControlAdapter } from './text-control';
import { isDarkBehind } from './theme';
import type { FieldKind } from '../text/field-kind';

/** A field as the typing loop knows it: its adapter and the id its state has in the background. */
export interface FieldEntry { adapter: FieldAdapter; id: string }

/**
 * What the typing loop remembers per field: its adapter and id for the life of the page, the
 * user's own switch for it, and what is judged once per focus (its kind, the page's darkness).
 */
export class FieldRegistry {
  private readonly entries = new WeakMap<HTMLElement, FieldEntry>();
  /** Whether the page is dark behind each field, measured once per field and focus. */
  private readonly darkness = new WeakMap<HTMLElement, boolean>();
  /** Each field's kind (prose, data, code), judged once per focus. */
  private readonly kinds = new WeakMap<HTMLElement, FieldKind>();
  /** Fields the user switched on or off with the field key, for the life of the page. */
  private readonly switchedByUser = new WeakMap<HTMLElement, boolean>();
  private nextId = 1;

  /** @param measuringRoot where text boxes lay out their hidden caret mirror */
  constructor(private readonly measuringRoot: () => ShadowRoot) {}

  entryFor(element: HTMLElement, kind: FieldAdapter['kind']): FieldEntry {
    let entry = this.entries.get(element);
    if (!entry) {
      const adapter = kind === 'editable' ? editableAdapter(element) : textControlAdapter(element as HTMLInputElement, this.measuringRoot);
      entry = { adapter, id: `f${this.nextId++}` };
      this.entries.set(element, entry);
    }
    return entry;
  }

  /** Whether Inkling suggests in this field: prose fields, code ones if the user asked, or the user's switch. */
  suggestsIn(element: HTMLElement, codeFields: boolean): boolean {
    let kind = this.kinds.get(element);
    if (kind === undefined) {
      kind = kindOfField(element);
      this.kinds.set(element, kind);
    }
    return suggestsIn(kind, codeFields, this.switchedByUser.get(element));
  }

  /** The field key: on for a field the rules leave out, off for one they include. Returns the new state. */
  toggle(element: HTMLElement, codeFields: boolean): boolean {
    const on = !this.suggestsIn(element, codeFields);
    this.switchedByUser.set(element, on);
    return on;
  }

  /** Whether the caret is in a <pre> or <code> block of a rich editor (where words are no help). */
  inCode(host: HTMLElement, codeFields: boolean): boolean {
    if (codeFields || this.switchedByUser.get(host)) return false;
    const selection = host.ownerDocument.getSelection();
    return inCodeBlock(selection?.focusNode ?? null, host);
  }

  isDark(element: HTMLElement): boolean {
    let dark = this.darkness.get(element);
    if (dark === undefined) {
      dark = isDarkBehind(element, element.ownerDocument.defaultView!);
      this.darkness.set(element, dark);
    }
    return dark;
  }

  /** The field lost focus: what is judged per focus is judged again next time. */
  blurred(element: HTMLElement): void {
    this.darkness.delete(element);
    this.kinds.delete(element);
    this.entries.get(element)?.adapter.forgetLayout?.();
  }
}
