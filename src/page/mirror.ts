import type { CaretRect } from './rect';

/** The styles that decide where text wraps and how wide it is. */
const COPIED_STYLES = [
  'direction', 'boxSizing', 'width', 'height', 'overflowX', 'overflowY',
  'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderStyle',
  'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
  'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch', 'fontSize', 'fontSizeAdjust',
  'lineHeight', 'fontFamily', 'fontFeatureSettings', 'fontKerning',
  'textAlign', 'textTransform', 'textIndent', 'letterSpacing', 'wordSpacing', 'tabSize',
  'wordBreak', 'overflowWrap',
] as const;

/**
 * Measures the caret of an <input> or <textarea> with a hidden copy of the field
 * (a "mirror") laid out with the same font, box and wrapping.
 * @param host where the mirror lives (our own closed shadow root)
 */
export function caretRectInTextControl(
  field: HTMLInputElement | HTMLTextAreaElement,
  caret: number,
  host: ShadowRoot,
): CaretRect {
  const view = field.ownerDocument.defaultView!;
  const style = view.getComputedStyle(field);
  const isInput = field.tagName === 'INPUT';
  const mirror = field.ownerDocument.createElement('div');
  for (const name of COPIED_STYLES) mirror.style[name] = style[name];
  Object.assign(mirror.style, {
    position: 'fixed',
    top: '0',
    left: '0',
    visibility: 'hidden',
    whiteSpace: isInput ? 'pre' : 'pre-wrap',
    overflow: 'hidden',
  });
  if (!isInput) {
    // Wrap at the textarea's content width (its scrollbar, if any, already taken off).
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    Object.assign(mirror.style, { boxSizing: 'content-box', width: `${field.clientWidth - padding}px`, height: 'auto' });
  }
  const value = field.value;
  mirror.textContent = value.slice(0, caret);
  const marker = field.ownerDocument.createElement('span');
  marker.textContent = value.slice(caret, caret + 1).replace('\n', '') || '.';
  mirror.append(marker);
  host.append(mirror);
  try {
    const box = mirror.getBoundingClientRect();
    const mark = marker.getClientRects()[0] ?? marker.getBoundingClientRect();
    const fieldBox = field.getBoundingClientRect();
    const lineHeight = mark.height;
    const left = fieldBox.left + (mark.left - box.left) - field.scrollLeft;
    let top = fieldBox.top + (mark.top - box.top) - field.scrollTop;
    if (isInput) {
      // Inputs centre their single line vertically.
      const [bt, bb, pt, pb] = [style.borderTopWidth, style.borderBottomWidth, style.paddingTop, style.paddingBottom].map(parseFloat);
      const inner = fieldBox.height - bt! - bb! - pt! - pb!;
      top = fieldBox.top + bt! + pt! + (inner - lineHeight) / 2;
    }
    return { left, top, height: lineHeight };
  } finally {
    mirror.remove();
  }
}
