import type { CaretRect } from './rect';

/** How far from the caret (px) a page's list counts as its suggestions for the field. */
const NEAR_PX = 240;
/** Lists looked at per check: a page with hundreds of hidden menus costs no more than this. */
const MAX_LISTS = 64;
const LIST_ROLES = '[role="listbox"], [role="menu"], [role="option"], [role="menuitem"]';

/** An <input list> whose <datalist> has an option for what is typed: Chromium shows it under the field. */
function datalistOpen(el: HTMLElement): boolean {
  if (el.tagName !== 'INPUT') return false;
  const input = el as HTMLInputElement;
  const list = input.list;
  if (!list) return false;
  const typed = input.value.trim().toLowerCase();
  if (typed === '') return list.options.length > 0;
  for (const option of list.options) {
    const label = option.label || option.textContent || '';
    if (!option.disabled && (option.value.toLowerCase().includes(typed) || label.toLowerCase().includes(typed))) return true;
  }
  return false;
}

/** The field, or the combobox around it, says a popup of its own is open. */
function ariaOpen(el: HTMLElement): boolean {
  if (el.getAttribute('aria-expanded') === 'true') return true;
  const active = el.getAttribute('aria-activedescendant');
  if (active && el.ownerDocument.getElementById(active)) return true;
  const combobox = el.parentElement?.closest('[role="combobox"]');
  return combobox?.getAttribute('aria-expanded') === 'true';
}

function distance(rect: DOMRect, caret: CaretRect): number {
  const dx = Math.max(rect.left - caret.left, 0, caret.left - rect.right);
  const dy = Math.max(rect.top - (caret.top + caret.height), 0, caret.top - rect.bottom);
  return Math.hypot(dx, dy);
}

/** A visible list, menu or option that the page drew near the caret (outside the field itself). */
function listNearCaret(el: HTMLElement, caret: CaretRect): boolean {
  const lists = el.ownerDocument.querySelectorAll<HTMLElement>(LIST_ROLES);
  const view = el.ownerDocument.defaultView!;
  for (let i = 0; i < lists.length && i < MAX_LISTS; i++) {
    const list = lists[i]!;
    if (el.contains(list)) continue; // an editor's own content, not a popup
    const rect = list.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || distance(rect, caret) > NEAR_PX) continue;
    if (view.getComputedStyle(list).visibility !== 'hidden' && floats(list, view)) return true;
  }
  return false;
}

/**
 * Whether a list floats over the page (positioned, as popups are, or in the top layer), as
 * against a menu bar or list laid out in the page next to the field, which is no suggestion.
 */
function floats(list: HTMLElement, view: Window): boolean {
  let el: HTMLElement | null = list;
  for (let depth = 0; el && depth < 4; depth++, el = el.parentElement) {
    const position = view.getComputedStyle(el).position;
    if (position === 'absolute' || position === 'fixed' || el.matches(':popover-open, dialog[open]')) return true;
  }
  return false;
}

/**
 * Whether the page shows its own suggestions for this field (an autocomplete, a mention or
 * command list, a datalist): then Inkling's bar makes way, and Tab, Enter and the arrows are
 * the page's. Read on each draw and key, as pages open and close these as the user types.
 */
export function pageShowsOwnSuggestions(el: HTMLElement, caret: CaretRect | null): boolean {
  if (ariaOpen(el) || datalistOpen(el)) return true;
  return caret !== null && listNearCaret(el, caret);
}
