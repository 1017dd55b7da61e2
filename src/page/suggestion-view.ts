import type { CaretRect, FieldFont } from './rect';
import { HOST_STYLE, adoptStyles } from './suggestion-style';
import { choiceName } from './announcer';
import { say as browserSay, type Say } from './page-messages';
import { choicesOf, createBarVoice, type BarOptions } from './suggestion-a11y';
import { correctionSpan } from './correction';

export interface SuggestionState {
  /** The words to offer, best first (at most MAX_CHIPS are shown). */
  words: string[];
  /** The key that accepts each word ('' for none); by default Tab, Alt+2, Alt+3, … */
  hints?: string[];
  /** The letters of the first word still to type, drawn as ghost text at the caret ('' for none). */
  ghost: string;
  caret: CaretRect;
  font: FieldFont | null;
  /** Whether the page behind the field is dark. */
  dark?: boolean;
  /** The field typed in: the bar joins the modal dialog that holds it, and follows its zoom. */
  field?: HTMLElement;
  /** Right-to-left text: the ghost grows to the left of the caret. */
  rtl?: boolean;
  /** The language of the words (a BCP 47 tag), for the voice that speaks them. */
  lang?: string;
  /** What was typed of the word: a suggestion that does not continue it corrects a slip, and its differing letters are marked. */
  typed?: string;
}

/** What the user would see of a suggestion, to accept only what is on screen. */
export type VisiblePart = 'ghost' | number;

export interface SuggestionView {
  show(state: SuggestionState): void;
  hide(): void;
  readonly shown: boolean;
  /** Whether the ghost text or chip `index` is on screen now, not under another element (hit-tested). */
  isVisible(part: VisiblePart): boolean;
  /** Something entered or left the page's top layer (a `toggle` event): show the bar above it again. */
  handleToggle(event: ToggleEvent): void;
  /** Whether ghost text is drawn. */
  readonly ghostShown: boolean;
  /** A place to lay out hidden measuring elements (the caret mirror). */
  measuringRoot(): ShadowRoot;
  /** Size, contrast and speech settings (changed at any time). */
  setOptions(options: BarOptions): void;
  /** Alt+Shift+digit: suggestion `index` (or all of them) is announced now, and spoken if speech is on. */
  readAloud(index: number | 'all'): void;
  /** A suggestion was inserted: screen readers hear it, and it is spoken if the user asked for that. */
  announceAccepted(word: string): void;
  destroy(): void;
}

const GAP_PX = 4;
const KEY_HINTS = ['Tab', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5'];
/** The most suggestions the bar shows. */
const MAX_CHIPS = 5;

/**
 * The suggestion bar and ghost text, drawn in a closed shadow root so page scripts
 * cannot read what is suggested. It never takes focus: mousedown is cancelled.
 * @param onPick called with the index of a clicked suggestion
 */
export function createSuggestionView(doc: Document, onPick: (index: number) => void, say: Say = browserSay): SuggestionView {
  const host = doc.createElement('inkling-suggestions');
  // Styles go through the CSSOM, which a page's Content-Security-Policy does not block.
  for (const [name, value] of HOST_STYLE) host.style.setProperty(name, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  adoptStyles(doc, shadow);
  const bar = doc.createElement('div');
  bar.className = 'bar';
  // Screen readers see a list of options, each named with the keys that pick it.
  bar.setAttribute('role', 'listbox');
  bar.setAttribute('aria-orientation', 'horizontal');
  bar.setAttribute('aria-label', say('a11yBarLabel'));
  const ghost = doc.createElement('div');
  ghost.className = 'ghost';
  ghost.setAttribute('aria-hidden', 'true');
  shadow.append(ghost, bar);
  const voice = createBarVoice(doc, shadow, bar, say);
  let altDigits = true;

  bar.addEventListener('mousedown', (e) => e.preventDefault());
  bar.addEventListener('pointerdown', (e) => e.preventDefault());
  bar.addEventListener('click', (e) => {
    const chip = (e.target as Element).closest?.('.chip') as HTMLElement | null;
    if (!chip) return;
    e.preventDefault();
    onPick(Number(chip.dataset.index));
  });

  // In the top layer (a manual popover), above the page's own popovers and dialogs; inside the
  // field's modal dialog, as everything outside one is inert. Without the Popover API: z-index.
  const topLayer = typeof host.showPopover === 'function';
  if (topLayer) host.setAttribute('popover', 'manual');
  let shown = false;
  const attach = (field?: HTMLElement) => {
    const parent = (field?.closest('dialog:modal') as HTMLElement | null) ?? doc.documentElement;
    if (host.parentElement !== parent) parent.append(host);
    // The host must not take the page's CSS zoom: it draws in viewport pixels.
    const zoom = parent.currentCSSZoom ?? 1;
    if (zoom !== hostZoom) host.style.setProperty('zoom', String(1 / zoom), 'important');
    hostZoom = zoom;
  };
  let hostZoom = 1;
  const raise = () => {
    if (!topLayer || !host.isConnected) return;
    // Showing again puts it on top of whatever entered the top layer since.
    if (host.matches(':popover-open')) host.hidePopover();
    host.showPopover();
  };
  /** Whether the page shows our host (or, for the ghost, the field itself) at a point. */
  const onTop = (x: number, y: number, field: HTMLElement | undefined) => {
    const hit = doc.elementFromPoint(x, y);
    if (hit === host) return true;
    if (!field || !hit) return false;
    // A field in a shadow root: the document sees its host, the root sees the field.
    const root = field.getRootNode() as Document | ShadowRoot;
    const inner = root === doc ? hit : root.elementFromPoint(x, y);
    return inner !== null && (inner === field || field.contains(inner));
  };
  let lastField: HTMLElement | undefined;
  let lastRtl = false;

  const renderChips = (words: string[], hints: readonly string[], typed: string) => {
    const choices = choicesOf(words, hints, altDigits);
    const chips = words.map((word, i) => {
      const chip = doc.createElement('div');
      chip.className = i === 0 ? 'chip first' : 'chip';
      chip.dataset.index = String(i);
      chip.setAttribute('role', 'option');
      chip.setAttribute('aria-selected', String(i === 0));
      chip.setAttribute('aria-label', choiceName(choices[i]!, say));
      const label = doc.createElement('span');
      const fix = typed ? correctionSpan(typed, word) : null;
      if (fix) {
        // A correction: the letters that differ from the typed ones are underlined.
        const mark = doc.createElement('span');
        mark.className = 'fix';
        mark.textContent = word.slice(fix[0], fix[1]);
        label.append(word.slice(0, fix[0]), mark, word.slice(fix[1]));
        chip.classList.add('correction');
      } else label.textContent = word;
      const key = doc.createElement('span');
      key.className = 'key';
      key.textContent = hints[i] ?? '';
      chip.append(label);
      if (key.textContent) chip.append(key);
      return chip;
    });
    bar.replaceChildren(...chips);
    return choices;
  };

  // The bar's size, as the browser laid it out: a ResizeObserver hears of it after layout, in
  // the same frame, before paint, and places the bar again (a transform: no layout). Reading it
  // right after the chips change would lay out the whole page once more before the typed letter
  // is painted. Where there is no ResizeObserver, it is read once per set of words.
  let drawnWords = '';
  let size = { width: 0, height: 0 };
  let choices: ReturnType<typeof choicesOf> = [];
  let lastCaret: CaretRect | null = null;
  const resized = typeof ResizeObserver === 'function' ? new ResizeObserver(() => {
    const width = bar.offsetWidth, height = bar.offsetHeight;
    if (width === 0 || (width === size.width && height === size.height)) return; // hidden, or no change
    size = { width, height };
    if (shown && lastCaret) placeBar(lastCaret);
  }) : undefined;
  resized?.observe(bar);

  const placeBar = (caret: CaretRect) => {
    const view = doc.defaultView!;
    const { width, height } = size;
    const below = caret.top + caret.height + GAP_PX;
    const top = below + height <= view.innerHeight ? below : Math.max(0, caret.top - GAP_PX - height);
    const left = Math.max(0, Math.min(caret.left - 8, view.innerWidth - width - 2));
    const transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
    if (bar.style.transform !== transform) bar.style.transform = transform;
  };

  let ghostShown = false;
  /** What the ghost was last drawn from: drawing the same again would only restyle it. */
  let ghostDrawn = '';
  /** @param z the field's CSS zoom (read before anything is written, so no style is recomputed) */
  const placeGhost = (state: SuggestionState, z: number) => {
    ghostShown = Boolean(state.ghost && state.font);
    if (!ghostShown) {
      ghostDrawn = '';
      ghost.classList.remove('shown');
      return;
    }
    const { caret, font } = state;
    const drawn = JSON.stringify([state.ghost, font, caret.left, caret.top, caret.height, z, state.rtl === true]);
    if (drawn === ghostDrawn) return;
    ghostDrawn = drawn;
    // The field's font sizes are before its zoom: the ghost takes that zoom, so its own
    // coordinates are divided by it.
    ghost.textContent = state.ghost;
    Object.assign(ghost.style, {
      zoom: String(z),
      font: font!.font,
      letterSpacing: font!.letterSpacing,
      color: font!.color,
      direction: state.rtl ? 'rtl' : 'ltr',
      lineHeight: `${caret.height / z}px`,
      height: `${caret.height / z}px`,
      left: `${caret.left / z}px`,
      top: `${caret.top / z}px`,
      maxWidth: `${Math.max(0, state.rtl ? caret.left - font!.clipLeft : font!.clipRight - caret.left) / z}px`,
    });
    ghost.classList.add('shown');
    // Right to left, the ghost ends at the caret, so it never covers the typed words.
    if (state.rtl) ghost.style.left = `${(caret.left - ghost.getBoundingClientRect().width) / z}px`;
  };

  function hideAll(): void {
    drawnWords = '';
    ghostDrawn = '';
    if (!shown) return;
    voice.hidden();
    bar.classList.remove('shown');
    ghost.classList.remove('shown');
    shown = false;
    ghostShown = false;
  }

  return {
    show(state) {
      attach(state.field);
      const fieldZoom = state.ghost && state.field ? (state.field.currentCSSZoom ?? 1) : 1;
      if (state.words.length === 0) return hideAll();
      if (!shown || state.field !== lastField) raise();
      lastField = state.field;
      const words = state.words.slice(0, MAX_CHIPS);
      const hints = state.hints ?? KEY_HINTS;
      bar.classList.add('shown');
      bar.classList.toggle('dark', state.dark === true);
      // Redrawn when the words or their keys change (the accept keys are a setting).
      const drawn = `${words.join('\n')}\t${hints.join('\n')}\t${state.typed ?? ''}`;
      if (drawn !== drawnWords) {
        choices = renderChips(words, hints, state.typed ?? '');
        drawnWords = drawn;
        if (!resized) size = { width: bar.offsetWidth, height: bar.offsetHeight };
      }
      // Every show is a keystroke or a reply: the announcement waits for a pause in them.
      voice.shown(choices, state.lang ?? '');
      lastCaret = state.caret;
      placeBar(state.caret);
      placeGhost(state, fieldZoom);
      lastRtl = state.rtl === true;
      shown = true;
    },
    hide: () => hideAll(),
    get shown() {
      return shown;
    },
    handleToggle(e) {
      const opened = e.target as HTMLElement;
      if (!shown || opened === host || e.newState !== 'open') return;
      // A modal dialog without the field makes the field inert: nothing there is offered any more.
      if (opened.tagName === 'DIALOG' && opened.matches(':modal') && !(lastField && opened.contains(lastField))) hideAll();
      else raise();
    },
    get ghostShown() {
      return shown && ghostShown;
    },
    isVisible(part) {
      if (!shown) return false;
      if (part === 'ghost') {
        if (!ghostShown) return false;
        const r = ghost.getBoundingClientRect();
        return r.width > 0 && onTop(lastRtl ? r.right - 1 : r.left + 1, r.top + r.height / 2, lastField);
      }
      const chip = bar.children[part];
      if (!chip) return false;
      const r = chip.getBoundingClientRect();
      return r.width > 0 && onTop(r.left + r.width / 2, r.top + r.height / 2, undefined);
    },
    measuringRoot() {
      attach(lastField);
      return shadow;
    },
    setOptions(options) {
      altDigits = options.acceptKeys.altDigits;
      bar.style.setProperty('--inkling-scale', String(options.suggestionScale / 100));
      for (const part of [bar, ghost]) part.classList.toggle('contrast', options.highContrast);
      voice.setOptions(options);
      drawnWords = ''; // drawn and measured again at the next show: names and size may differ
    },
    readAloud: (index) => voice.readAloud(index),
    announceAccepted: (word) => voice.accepted(word),
    destroy() {
      drawnWords = '';
      resized?.disconnect();
      voice.destroy();
      host.remove();
      shown = false;
    },
  };
}
