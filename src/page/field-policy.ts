import { fieldKind, type FieldDescription, type FieldKind } from '../text/field-kind';

/** The roots of code editors' DOM: CodeMirror 5 and 6, Monaco, Ace. */
const CODE_EDITOR_ROOTS = '.cm-editor, .CodeMirror, .monaco-editor, .ace_editor';
const MONOSPACE = /monospace|courier|consolas|menlo|monaco|mono\b|\bcode\b|lucida console/i;

/** The text a person reads as the field's label: <label>s, aria-label(ledby), placeholder, title. */
function labelText(el: HTMLElement): string {
  const parts: string[] = [];
  const labels = (el as HTMLInputElement).labels;
  if (labels) for (const label of labels) parts.push(label.textContent ?? '');
  const doc = el.ownerDocument;
  for (const id of (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)) {
    parts.push(doc.getElementById(id)?.textContent ?? '');
  }
  for (const name of ['aria-label', 'placeholder', 'title']) parts.push(el.getAttribute(name) ?? '');
  return parts.join(' ').slice(0, 200);
}

/** Reads what decides a field's kind from the DOM (once per focus: it forces a style read). */
export function describeField(el: HTMLElement): FieldDescription {
  const view = el.ownerDocument.defaultView;
  const noSpellcheck = el.getAttribute('spellcheck') === 'false';
  return {
    tagName: el.tagName,
    type: el.getAttribute('type'),
    autocomplete: el.getAttribute('autocomplete'),
    inputMode: el.getAttribute('inputmode'),
    name: el.getAttribute('name'),
    id: el.id,
    label: labelText(el),
    inCodeEditor: el.closest(CODE_EDITOR_ROOTS) !== null,
    monospaceNoSpellcheck: noSpellcheck && view !== null && MONOSPACE.test(view.getComputedStyle(el).fontFamily),
  };
}

/** The kind of a field on the page. */
export function kindOfField(el: HTMLElement): FieldKind {
  return fieldKind(describeField(el));
}

/** Whether a caret node sits inside a code block of a rich editor (<pre>, <code>). */
export function inCodeBlock(node: Node | null, host: HTMLElement): boolean {
  const el = node && (node.nodeType === 1 ? (node as Element) : node.parentElement);
  const block = el?.closest('pre, code');
  return block != null && host.contains(block);
}

/**
 * Whether Inkling suggests in a field of this kind: prose always, code when the user turned
 * code fields on; `override` is the user's own switch for this field (a key), which wins.
 */
export function suggestsIn(kind: FieldKind, codeFields: boolean, override: boolean | undefined): boolean {
  if (override !== undefined) return override;
  return kind === 'prose' || (kind === 'code' && codeFields);
}
