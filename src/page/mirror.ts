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

  const copyStyles = () => {
    style = doc.defaultView!.getComputedStyle(field);
    for (const name of COPIED_STYLES) mirror.style[name] = style[name];
    Object.assign(mirror.style, { position: 'fixed', top: '0', left: '0', visibility: 'hidden', overflow: 'hidden', whiteSpace: isInput ? 'pre' : 'pre-wrap' });
    const px = (v: string) => parseFloat(v) || 0;
    box = { bt: px(style.borderTopWidth), bb: px(style.borderBottomWidth), pt: px(style.paddingTop), pb: px(style.paddingBottom), pl: px(style.paddingLeft), pr: px(style.paddingRight) };
  };

  return {
    measure(caret) {
      if (!style) copyStyles();
      if (!mirror.isConnected) host().append(mirror);
      // Wrap at the textarea's content width (its scrollbar, if any, already taken off).
      if (!isInput) Object.assign(mirror.style, { boxSizing: 'content-box', width: `${field.clientWidth - box.pl - box.pr}px`, height: 'auto' });
      const value = field.value;
      before.data = value.slice(0, caret);
      marker.textContent = value.slice(caret, caret + 1).replace('\n', '') || '.';
      const mirrorBox = mirror.getBoundingClientRect();
      const mark = marker.getClientRects()[0] ?? marker.getBoundingClientRect();
      const fieldBox = field.getBoundingClientRect();
      // The mirror lays out before the field's CSS zoom (on html or a container), the field's box is after it.
      const z = (field.currentCSSZoom ?? 1) / (mirror.currentCSSZoom ?? 1);
      const left = fieldBox.left + ((mark.left - mirrorBox.left) - field.scrollLeft) * z;
      const height = mark.height * z;
      if (isInput) {
        // Inputs centre their single line vertically.
        const inner = fieldBox.height - (box.bt + box.bb + box.pt + box.pb) * z;
        return { left, top: fieldBox.top + (box.bt + box.pt) * z + (inner - height) / 2, height };
      }
      return { left, top: fieldBox.top + ((mark.top - mirrorBox.top) - field.scrollTop) * z, height };
    },
    invalidate() {
      style = null;
      mirror.remove();
    },
  };
}
