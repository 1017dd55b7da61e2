import type { CaretRect, FieldFont } from './rect';
import { SUGGESTION_CSS } from './suggestion-style';

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
}

export interface SuggestionView {
  show(state: SuggestionState): void;
  hide(): void;
  readonly shown: boolean;
  /** A place to lay out hidden measuring elements (the caret mirror). */
  measuringRoot(): ShadowRoot;
  destroy(): void;
}

const GAP_PX = 4;
const HOST_STYLE: [string, string][] = [
  ['all', 'initial'], ['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'],
  ['z-index', '2147483647'], ['display', 'block'],
];

/** A constructed style sheet where supported (not subject to page CSP), else a <style>. */
function adoptStyles(doc: Document, shadow: ShadowRoot): void {
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
const KEY_HINTS = ['Tab', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5'];
/** The most suggestions the bar shows. */
const MAX_CHIPS = 5;

/**
 * The suggestion bar and ghost text, drawn in a closed shadow root so page scripts
 * cannot read what is suggested. It never takes focus: mousedown is cancelled.
 * @param onPick called with the index of a clicked suggestion
 */
export function createSuggestionView(doc: Document, onPick: (index: number) => void): SuggestionView {
  const host = doc.createElement('inkling-suggestions');
  // Styles go through the CSSOM, which a page's Content-Security-Policy does not block.
  for (const [name, value] of HOST_STYLE) host.style.setProperty(name, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  adoptStyles(doc, shadow);
  const bar = doc.createElement('div');
  bar.className = 'bar';
  const ghost = doc.createElement('div');
  ghost.className = 'ghost';
  shadow.append(ghost, bar);

  bar.addEventListener('mousedown', (e) => e.preventDefault());
  bar.addEventListener('pointerdown', (e) => e.preventDefault());
  bar.addEventListener('click', (e) => {
    const chip = (e.target as Element).closest?.('.chip') as HTMLElement | null;
    if (!chip) return;
    e.preventDefault();
    onPick(Number(chip.dataset.index));
  });

  let shown = false;
  const attach = () => {
    if (!host.isConnected) doc.documentElement.append(host);
  };

  const renderChips = (words: string[], hints: readonly string[]) => {
    const chips = words.map((word, i) => {
      const chip = doc.createElement('div');
      chip.className = i === 0 ? 'chip first' : 'chip';
      chip.dataset.index = String(i);
      const label = doc.createElement('span');
      label.textContent = word;
      const key = doc.createElement('span');
      key.className = 'key';
      key.textContent = hints[i] ?? '';
      chip.append(label);
      if (key.textContent) chip.append(key);
      return chip;
    });
    bar.replaceChildren(...chips);
  };

  // The bar's size, measured once per set of words: re-reading it on every keystroke
  // would force a layout of the page before the typed letter is painted.
  let drawnWords = '';
  let size = { width: 0, height: 0 };

  const placeBar = (caret: CaretRect) => {
    const view = doc.defaultView!;
    const { width, height } = size;
    const below = caret.top + caret.height + GAP_PX;
    const top = below + height <= view.innerHeight ? below : Math.max(0, caret.top - GAP_PX - height);
    const left = Math.max(0, Math.min(caret.left - 8, view.innerWidth - width - 2));
    bar.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  };

  const placeGhost = (state: SuggestionState) => {
    if (!state.ghost || !state.font) {
      ghost.classList.remove('shown');
      return;
    }
    const { caret, font } = state;
    ghost.textContent = state.ghost;
    Object.assign(ghost.style, {
      font: font.font,
      letterSpacing: font.letterSpacing,
      color: font.color,
      lineHeight: `${caret.height}px`,
      height: `${caret.height}px`,
      left: `${caret.left}px`,
      top: `${caret.top}px`,
      maxWidth: `${Math.max(0, font.clipRight - caret.left)}px`,
    });
    ghost.classList.add('shown');
  };

  return {
    show(state) {
      attach();
      if (state.words.length === 0) return this.hide();
      const words = state.words.slice(0, MAX_CHIPS);
      const hints = state.hints ?? KEY_HINTS;
      bar.classList.add('shown');
      bar.classList.toggle('dark', state.dark === true);
      // Redrawn when the words or their keys change (the accept keys are a setting).
      const drawn = `${words.join('\n')}\t${hints.join('\n')}`;
      if (drawn !== drawnWords) {
        renderChips(words, hints);
        drawnWords = drawn;
        size = { width: bar.offsetWidth, height: bar.offsetHeight };
      }
      placeBar(state.caret);
      placeGhost(state);
      shown = true;
    },
    hide() {
      drawnWords = '';
      if (!shown) return;
      bar.classList.remove('shown');
      ghost.classList.remove('shown');
      shown = false;
    },
    get shown() {
      return shown;
    },
    measuringRoot() {
      attach();
      return shadow;
    },
    destroy() {
      drawnWords = '';
      host.remove();
      shown = false;
    },
  };
}
