import type { CaretRect, FieldFont } from './rect';
import { SUGGESTION_CSS } from './suggestion-style';

export interface SuggestionState {
  /** The words to offer, best first (at most 3 are shown). */
  words: string[];
  /** The letters of the first word still to type, drawn as ghost text at the caret ('' for none). */
  ghost: string;
  caret: CaretRect;
  font: FieldFont | null;
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
const KEY_HINTS = ['Tab', 'Alt+2', 'Alt+3'];

/**
 * The suggestion bar and ghost text, drawn in a closed shadow root so page scripts
 * cannot read what is suggested. It never takes focus: mousedown is cancelled.
 * @param onPick called with the index of a clicked suggestion
 */
export function createSuggestionView(doc: Document, onPick: (index: number) => void): SuggestionView {
  const host = doc.createElement('inkling-suggestions');
  host.setAttribute('style', 'all: initial !important; position: fixed !important; top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important; z-index: 2147483647 !important; display: block !important;');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = SUGGESTION_CSS;
  const bar = doc.createElement('div');
  bar.className = 'bar';
  const ghost = doc.createElement('div');
  ghost.className = 'ghost';
  shadow.append(style, ghost, bar);

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

  const renderChips = (words: string[]) => {
    const chips = words.slice(0, 3).map((word, i) => {
      const chip = doc.createElement('div');
      chip.className = i === 0 ? 'chip first' : 'chip';
      chip.dataset.index = String(i);
      const label = doc.createElement('span');
      label.textContent = word;
      const key = doc.createElement('span');
      key.className = 'key';
      key.textContent = KEY_HINTS[i]!;
      chip.append(label, key);
      return chip;
    });
    bar.replaceChildren(...chips);
  };

  const placeBar = (caret: CaretRect) => {
    const view = doc.defaultView!;
    const width = bar.offsetWidth;
    const height = bar.offsetHeight;
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
      renderChips(state.words);
      bar.style.left = '0';
      bar.style.top = '0';
      bar.classList.add('shown');
      placeBar(state.caret);
      placeGhost(state);
      shown = true;
    },
    hide() {
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
      host.remove();
      shown = false;
    },
  };
}
