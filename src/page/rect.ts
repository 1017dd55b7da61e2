/** A caret's line box in viewport (CSS pixel) coordinates. */
export interface CaretRect {
  left: number;
  top: number;
  height: number;
}

/** How ghost text should look to blend into the field. */
export interface FieldFont {
  font: string;
  letterSpacing: string;
  color: string;
  /** Right edge of the field's text area, in viewport px: ghost text is clipped there. */
  clipRight: number;
  /** Left edge of the text area (where right-to-left ghost text is clipped). */
  clipLeft: number;
}

export function fieldFont(el: Element, view: Window): FieldFont {
  const style = view.getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const zoom = el.currentCSSZoom ?? 1;
  return {
    font: `${style.fontStyle} ${style.fontWeight} ${style.fontSize} / ${style.lineHeight} ${style.fontFamily}`,
    letterSpacing: style.letterSpacing,
    color: style.color,
    // Border and padding are before the field's zoom, its rectangle after it.
    clipRight: rect.right - (parseFloat(style.borderRightWidth) + parseFloat(style.paddingRight)) * zoom,
    clipLeft: rect.left + (parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft)) * zoom,
  };
}
