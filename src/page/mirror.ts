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

export interface CaretMirror {
  /** The caret's line box on screen for caret index `caret` in the field's value. */
  measure(caret: number): CaretRect;
  /** Styles may have changed (the field lost focus): copy them again next time. */
  invalidate(): void;
}

/**
 * Measures the caret of an <input> or <textarea> with a hidden copy of the field
 * (a "mirror") laid out with the same font, box and wrapping. The copy is kept between
 * keystrokes so that typing costs one text update and one layout, not a restyle.
 * @param host where the mirror lives (our own closed shadow root)
 */
export function createCaretMirror(field: HTMLInputElement | HTMLTextAreaElement, host: () => ShadowRoot): CaretMirror {
  const doc = field.ownerDocument;
  const isInput = field.tagName === 'INPUT';
  const mirror = doc.createElement('div');
  const before = doc.createTextNode('');
  const marker = doc.createElement('span');
  mirror.append(before, marker);
  let style: CSSStyleDeclaration | null = null;
  let box = { bt: 0, bb: 0, pt: 0, pb: 0, pl: 0, pr: 0 };
  // The caret's place in the laid-out mirror, for the text and width it was measured with: a
  // reply drawn for the same keystroke writes nothing to the mirror, so lays nothing out again.
  let laidOut: { before: string; at: string; width: number; dx: number; dy: number; height: number } | null = null;

  const copyStyles = () => {
    style = doc.defaultView!.getComputedStyle(field);
    for (const name of COPIED_STYLES) mirror.style[name] = style[name];
    Object.assign(mirror.style, { position: 'fixed', top: '0', left: '0', visibility: 'hidden', overflow: 'hidden', whiteSpace: isInput ? 'pre' : 'pre-wrap' });
    const px = (v: string) => parseFloat(v) || 0;
    box = { bt: px(style.borderTopWidth), bb: px(style.borderBottomWidth), pt: px(style.paddingTop), pb: px(style.paddingBottom), pl: px(style.paddingLeft), pr: px(style.paddingRight) };
  };

  return {
    measure(caret) {
      if (!style) { copyStyles(); laidOut = null; }
      if (!mirror.isConnected) { host().append(mirror); laidOut = null; }
      const value = field.value, text = value.slice(0, caret), at = value.slice(caret, caret + 1).replace('\n', '') || '.';
      // Wrap at the textarea's content width (its scrollbar, if any, already taken off).
      const width = isInput ? 0 : field.clientWidth - box.pl - box.pr;
      if (laidOut?.before !== text || laidOut.at !== at || laidOut.width !== width) {
        if (!isInput) Object.assign(mirror.style, { boxSizing: 'content-box', width: `${width}px`, height: 'auto' });
        before.data = text;
        marker.textContent = at;
        const mirrorBox = mirror.getBoundingClientRect();
        const mark = marker.getClientRects()[0] ?? marker.getBoundingClientRect();
        laidOut = { before: text, at, width, dx: mark.left - mirrorBox.left, dy: mark.top - mirrorBox.top, height: mark.height };
      }
      const fieldBox = field.getBoundingClientRect();
      // The mirror lays out before the field's CSS zoom (on html or a container), the field's box is after it.
      const z = (field.currentCSSZoom ?? 1) / (mirror.currentCSSZoom ?? 1);
      const left = fieldBox.left + (laidOut.dx - field.scrollLeft) * z;
      const height = laidOut.height * z;
      if (isInput) {
        // Inputs centre their single line vertically.
        const inner = fieldBox.height - (box.bt + box.bb + box.pt + box.pb) * z;
        return { left, top: fieldBox.top + (box.bt + box.pt) * z + (inner - height) / 2, height };
      }
      return { left, top: fieldBox.top + (laidOut.dy - field.scrollTop) * z, height };
    },
    invalidate() {
      style = null;
      laidOut = null;
      mirror.remove();
    },
  };
}
