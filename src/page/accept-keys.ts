import type { Settings } from '../storage/settings';
import type { FieldAdapter } from './field';

/**
 * Which key accepts which suggestion, per field kind, and the hint drawn on each chip. Tab
 * accepts only what the ghost text shows, and in single-line inputs only if the user asked for
 * it: forms move between fields with Tab. → (← right to left) at the end of the text takes the
 * ghost text; Alt+digit and a click take any chip.
 */

type AcceptKeys = Settings['acceptKeys'];

const ACCEPT_DIGIT = /^Digit([1-9])$/;
/** Alt+Shift+K switches Inkling on or off for the focused field (past the rules of which fields get suggestions). */
export const FIELD_SWITCH_KEY = { code: 'KeyK', altKey: true, shiftKey: true } as const;

/**
 * Which suggestion a key accepts: its index, -1 for none (the key is the page's), or 'escape'.
 * @param ghost whether the ghost text is on screen now
 */
export function acceptIndex(event: KeyboardEvent, keys: AcceptKeys, kind: FieldAdapter['kind'], ghost: boolean): number | 'escape' {
  const plain = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
  if (event.key === 'Tab' && plain) return tabAccepts(keys, kind, ghost) ? 0 : -1;
  if (event.key === 'Enter' && plain) return keys.enter ? 0 : -1;
  if (event.key === 'Escape' && plain) return 'escape';
  const target = event.composedPath()[0] as HTMLElement | undefined;
  if (plain && (event.key === 'ArrowRight' || event.key === 'ArrowLeft') && target?.nodeType === 1 && event.key === forwardArrow(target)) {
    return keys.arrow && ghost ? 0 : -1;
  }
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && keys.altDigits) {
    return Number(ACCEPT_DIGIT.exec(event.code)?.[1] ?? 0) - 1;
  }
  return -1;
}

/** Where the first suggestion is offered: the field's kind, whether its ghost text is on screen, the forward arrow key. */
export interface HintContext {
  kind: FieldAdapter['kind'];
  ghost: boolean;
  arrow?: 'ArrowRight' | 'ArrowLeft';
}

/** The key shown on each suggestion: what accepts it now, under the current settings ('' for none). */
export function keyHints({ acceptKeys: keys, suggestionCount }: Pick<Settings, 'acceptKeys' | 'suggestionCount'>, where: HintContext): string[] {
  return Array.from({ length: suggestionCount }, (_, i) => {
    if (i === 0 && tabAccepts(keys, where.kind, where.ghost)) return 'Tab';
    if (i === 0 && keys.enter) return 'Enter';
    if (i === 0 && keys.arrow && where.ghost && !keys.altDigits) return where.arrow === 'ArrowLeft' ? '←' : '→';
    return keys.altDigits ? `Alt+${i + 1}` : '';
  });
}

/** Tab takes the first suggestion only while its ghost text shows, and in single-line inputs only if turned on. */
function tabAccepts(keys: AcceptKeys, kind: FieldAdapter['kind'], ghost: boolean): boolean {
  return keys.tab && ghost && (kind !== 'input' || keys.tabInInputs);
}

/**
 * Alt+Shift+digit reads suggestion digit − 1 aloud (announced, and spoken if speech is on);
 * Alt+Shift+0 reads them all. -1 for any other key.
 */
export function readAloudIndex(event: KeyboardEvent): number | 'all' {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return -1;
  if (event.code === 'Digit0') return 'all';
  return Number(ACCEPT_DIGIT.exec(event.code)?.[1] ?? 0) - 1;
}

export function isFieldSwitch(event: KeyboardEvent): boolean {
  return event.code === FIELD_SWITCH_KEY.code && event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey;
}

/** Keys that take what the ghost text shows (Tab, the forward arrow), as against the bar's own keys. */
export function isGhostKey(event: KeyboardEvent): boolean {
  return event.key === 'Tab' || event.key === 'ArrowRight' || event.key === 'ArrowLeft';
}

const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/u;
const LETTER = /\p{L}/u;

/**
 * Whether the last letter before the caret is written in the field's direction. Latin text in
 * a right-to-left field ends at the field's right edge, and Hebrew in a left-to-right one at
 * its left: ghost text there could only cover the typed words.
 */
export function endsInDirection(text: string, rtl: boolean): boolean {
  for (let i = text.length - 1; i >= 0 && i >= text.length - 200; i--) {
    const ch = text[i]!;
    if (LETTER.test(ch)) return RTL_LETTER.test(ch) === rtl;
  }
  return true;
}

export function isRtl(element: HTMLElement): boolean {
  return element.ownerDocument.defaultView?.getComputedStyle(element).direction === 'rtl';
}

/** The arrow key that moves forward in the field's text: → left to right, ← right to left. */
function forwardArrow(element: HTMLElement): 'ArrowRight' | 'ArrowLeft' {
  return isRtl(element) ? 'ArrowLeft' : 'ArrowRight';
}
