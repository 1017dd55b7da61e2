/** The high-contrast look: black and white, a thick border, the first suggestion outlined in yellow. */
const contrastRules = (bar: string) => `
${bar} { background: #000000; color: #ffffff; border: 2px solid #ffffff; box-shadow: 0 0 0 2px #000000; }
${bar} .chip:hover { background: #333333; }
${bar} .chip.first { background: #000000; color: #ffff00; outline: 2px solid #ffff00; outline-offset: -2px; }
${bar} .key { opacity: 1; }
`;

/**
 * Styles of the suggestion bar and ghost text (inside our closed shadow root). Sizes are in em
 * of the bar's font, which follows the size setting (`--inkling-scale`, 1 = 100 %).
 */
export const SUGGESTION_CSS = `
:host { all: initial; }
.bar {
  --inkling-scale: 1;
  position: fixed; left: 0; top: 0; display: none; gap: 0.31em; padding: 0.23em; box-sizing: border-box;
  border-radius: 0.62em; background: #ffffff; color: #1f2328; pointer-events: auto;
  border: 1px solid rgba(31, 35, 40, 0.15); box-shadow: 0 4px 14px rgba(0, 0, 0, 0.14);
  font: calc(13px * var(--inkling-scale)) / 1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; white-space: nowrap;
  user-select: none; -webkit-user-select: none; cursor: default;
}
.bar.shown { display: flex; }
.chip { display: flex; align-items: baseline; gap: 0.46em; padding: 0.23em 0.62em; border-radius: 0.46em; }
.chip:hover { background: rgba(9, 105, 218, 0.10); }
.chip.first { background: rgba(9, 105, 218, 0.14); font-weight: 600; }
/* A correction of a slip: the letters that differ are underlined (not by colour alone). */
.chip .fix { text-decoration: underline; text-decoration-thickness: 0.12em; text-underline-offset: 0.15em; }
.key { font-size: 0.77em; opacity: 0.55; font-weight: 400; }
.ghost {
  position: fixed; display: none; white-space: pre; overflow: hidden; pointer-events: none;
  opacity: 0.45;
}
.ghost.shown { display: block; }
/* What screen readers announce: in the accessibility tree, never on screen. */
.live { position: fixed; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
/* Dark pages (decided from the page behind the field, not the system setting). */
.bar.dark { background: #24292f; color: #f0f3f6; border-color: rgba(240, 243, 246, 0.18); box-shadow: 0 4px 14px rgba(0, 0, 0, 0.5); }
.bar.dark .chip:hover { background: rgba(88, 166, 255, 0.16); }
.bar.dark .chip.first { background: rgba(88, 166, 255, 0.22); }
/* High contrast: the setting, or the system asking for more contrast. */
${contrastRules('.bar.contrast')}
.ghost.contrast { opacity: 0.75; }
@media (prefers-contrast: more) {
${contrastRules('.bar')}
}
/* Forced colours (Windows High Contrast): the system's colours, with borders that stay visible. */
@media (forced-colors: active) {
  .bar { border: 2px solid CanvasText; background: Canvas; color: CanvasText; }
  .chip.first { outline: 2px solid Highlight; outline-offset: -2px; }
  .key { opacity: 1; }
}
`;

/** The host element's own style: out of the page's layout and above it, whatever the page's CSS says. */
export const HOST_STYLE: [string, string][] = [
  ['all', 'initial'], ['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'],
  ['z-index', '2147483647'], ['display', 'block'], ['overflow', 'visible'], ['margin', '0'], ['padding', '0'],
  ['border', '0'], ['background', 'transparent'], ['inset', '0 auto auto 0'],
];

/** A constructed style sheet where supported (not subject to page CSP), else a <style>. */
export function adoptStyles(doc: Document, shadow: ShadowRoot): void {
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (view && 'adoptedStyleSheets' in shadow && typeof view.CSSStyleSheet?.prototype.replaceSync === 'function') {
    try {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(SUGGESTION_CSS);
      shadow.adoptedStyleSheets = [sheet];
      if (shadow.adoptedStyleSheets.length === 1) return;
    } catch {
      // Some content-script sandboxes refuse sheets made in another compartment: use <style>.
    }
  }
  const style = doc.createElement('style');
  style.textContent = SUGGESTION_CSS;
  shadow.append(style);
}
