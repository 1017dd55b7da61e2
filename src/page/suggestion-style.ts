/** Styles of the suggestion bar and ghost text (inside our closed shadow root). */
export const SUGGESTION_CSS = `
:host { all: initial; }
.bar {
  position: fixed; left: 0; top: 0; display: none; gap: 4px; padding: 3px; box-sizing: border-box;
  border-radius: 8px; background: #ffffff; color: #1f2328; pointer-events: auto;
  border: 1px solid rgba(31, 35, 40, 0.15); box-shadow: 0 4px 14px rgba(0, 0, 0, 0.14);
  font: 13px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; white-space: nowrap;
  user-select: none; -webkit-user-select: none; cursor: default;
}
.bar.shown { display: flex; }
.chip { display: flex; align-items: baseline; gap: 6px; padding: 3px 8px; border-radius: 6px; }
.chip:hover { background: rgba(9, 105, 218, 0.10); }
.chip.first { background: rgba(9, 105, 218, 0.14); font-weight: 600; }
.key { font-size: 10px; opacity: 0.55; font-weight: 400; }
.ghost {
  position: fixed; display: none; white-space: pre; overflow: hidden; pointer-events: none;
  opacity: 0.45;
}
.ghost.shown { display: block; }
/* Dark pages (decided from the page behind the field, not the system setting). */
.bar.dark { background: #24292f; color: #f0f3f6; border-color: rgba(240, 243, 246, 0.18); box-shadow: 0 4px 14px rgba(0, 0, 0, 0.5); }
.bar.dark .chip:hover { background: rgba(88, 166, 255, 0.16); }
.bar.dark .chip.first { background: rgba(88, 166, 255, 0.22); }
`;
