import type { PredictParams, PredictResult } from '../../src/messaging/protocol';
import type { SuggestionState, SuggestionView } from '../../src/page/suggestion-view';
import { TypingLoop, type TypingOptions } from '../../src/page/typing-loop';
import { DEFAULT_SETTINGS } from '../../src/storage/settings';

/**
 * A field made from `html` (a textarea by default), a loop that answers every prediction with
 * `words`, and a view that records what it was asked to show. `shown.onScreen` = false stands
 * for a bar the page covers.
 */
export function loopFixture(words: string[], options: Partial<TypingOptions> = {}, html = '<textarea></textarea>', reply: Partial<PredictResult> = {}) {
  document.body.innerHTML = html;
  const field = document.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
  // happy-dom has no execCommand: the loop falls back to setRangeText, as where a browser refuses it.
  (document as { execCommand?: unknown }).execCommand = () => false;
  field.focus();
  const shown = { last: null as SuggestionState | null, visible: false, onScreen: true, readAloud: [] as (number | 'all')[], announced: [] as string[] };
  const view = {
    get shown() { return shown.visible; },
    show(state: SuggestionState) { shown.visible = true; shown.last = state; },
    hide() { shown.visible = false; },
    get ghostShown() { return shown.visible && shown.last?.ghost !== ''; },
    isVisible: () => shown.visible && shown.onScreen,
    handleToggle() {},
    measuringRoot: () => document.createElement('div').attachShadow({ mode: 'open' }),
    setOptions() {},
    readAloud(index: number | 'all') { shown.readAloud.push(index); },
    announceAccepted(word: string) { shown.announced.push(word); },
    destroy() {},
  } as SuggestionView;
  const asked: PredictParams[] = [];
  const saved: number[] = [];
  const predict = async (params: PredictParams): Promise<PredictResult> => {
    asked.push(params);
    return { seq: params.seq, suggestions: words, lang: 'en', ...reply };
  };
  const loop = new TypingLoop({ doc: document, view, predict, reportError: () => {}, schedule: (send) => send(), onAccepted: (n) => saved.push(n) });
  loop.setOptions({ ...DEFAULT_SETTINGS, ...options });
  const type = async (value: string) => {
    field.value = value;
    field.setSelectionRange(value.length, value.length);
    const event = new InputEvent('input', { bubbles: true, composed: true });
    field.dispatchEvent(event);
    loop.handleInput(event);
    for (let i = 0; i < 4; i++) await Promise.resolve();
  };
  const key = (init: KeyboardEventInit) => {
    const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init });
    field.dispatchEvent(event);
    loop.handleKeydown(event);
    return event.defaultPrevented;
  };
  return { field, area: field, shown, asked, saved, loop, type, key };
}
