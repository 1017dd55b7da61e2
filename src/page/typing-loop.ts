import { MAX_CONTEXT_CHARS, MAX_LANG_TAG_CHARS, MAX_PREFIX_CHARS, type PredictParams, type PredictResult } from '../messaging/protocol';
import { editableAdapter } from './editable';
import { classifyField, type FieldAdapter } from './field';
import { fieldFont } from './rect';
import { isDarkBehind } from './theme';
import type { SuggestionView } from './suggestion-view';
import { textControlAdapter } from './text-control';
import { langTagOf } from './lang';
import { boundContext, cleanEditorText, completeWord, remainingLetters, splitAtWord } from './word';
import { DEFAULT_SETTINGS, type Settings } from '../storage/settings';

export interface TypingLoopDeps {
  doc: Document;
  view: SuggestionView;
  predict(params: PredictParams): Promise<PredictResult>;
  reportError(error: unknown): void;
  /** How many candidates to ask for (more than are shown, so the next letters can be filtered locally). */
  k?: number;
  /** When to send a request; by default just after the typed letter has been painted. */
  schedule?: (send: () => void) => void;
  /** Called after a suggestion is inserted, with the keystrokes it saved. */
  onAccepted?: (saved: number) => void;
}

/** The settings the typing loop follows (changed at any time, without reload). */
export type TypingOptions = Pick<Settings, 'suggestionCount' | 'acceptKeys' | 'ghostText' | 'autoSpace' | 'startAfterLetters'>;

/** What the loop knows about the field being typed in. */
interface FieldState {
  adapter: FieldAdapter;
  fieldId: string;
  /** The text before the caret the suggestions are for (compared to detect changes). */
  text: string;
  context: string;
  prefix: string;
  /** The candidates that continue `prefix`, best first; the first `suggestionCount` are on display. */
  words: string[];
}

/** Characters read before the caret: the context bound plus the longest word prefix. */
const READ_CHARS = MAX_CONTEXT_CHARS + MAX_PREFIX_CHARS;
const ACCEPT_DIGIT = /^Digit([1-9])$/;
/**
 * Candidates asked for per reply. The engine ranks by one score, so the best of these
 * that fit the next letter are also the best overall: the next keystroke can be answered
 * on the spot, in the same frame as the letter, while the exact reply is on its way.
 */
const CANDIDATES = 64;
/** Punctuation a space usually follows: the next word is fetched ahead after these too. */
const AHEAD_AFTER = /[.,;:!?…)\]}"'”’»]$/u;

/**
 * The typing loop of one frame: on each input, read the text before the caret, ask for
 * suggestions, draw them; on Tab / Alt+digit / click, insert one. Replies for an
 * older keystroke than the latest are dropped (sequence numbers).
 */
export class TypingLoop {
  private enabled = true;
  private options: TypingOptions = DEFAULT_SETTINGS;
  private seq = 0;
  private state: FieldState | null = null;
  /** Esc hides suggestions until the context changes (the next word). */
  private escapedContext: string | null = null;
  private readonly adapters = new WeakMap<HTMLElement, { adapter: FieldAdapter; id: string }>();
  /** Whether the page is dark behind each field, measured once per field and focus. */
  private readonly darkness = new WeakMap<HTMLElement, boolean>();
  private nextFieldId = 1;
  private repositionQueued = false;
  /** Next-word candidates fetched ahead, for `context` = the typed word plus a space. */
  private lookahead: { fieldId: string; context: string; words: string[] } | null = null;
  /** Whether an `input` event followed the last `beforeinput`. */
  private inputSeen = true;

  constructor(private readonly deps: TypingLoopDeps) {}

  setEnabled(on: boolean): void {
    this.enabled = on;
    if (!on) this.reset();
  }

  /** Follows changed settings at once: what is on display is drawn again under them. */
  setOptions(options: TypingOptions): void {
    this.options = options;
    if (this.state && this.deps.view.shown) this.render(this.state);
  }

  /** A click on suggestion `index`, if clicking is one of the accept keys. */
  acceptByClick(index: number): void {
    if (this.options.acceptKeys.click) this.accept(index);
  }

  /**
   * Editors that cancel `beforeinput` and apply the edit themselves (Lexical, some Draft
   * builds) fire no `input` event: look at the field once their own update has run.
   */
  handleBeforeInput(event: InputEvent): void {
    if (!this.enabled || event.isComposing) return;
    const field = classifyField(event.composedPath()[0]);
    if (field?.kind !== 'editable') return;
    this.inputSeen = false;
    afterCurrentTask(() => {
      if (!this.inputSeen && this.enabled) this.update(this.adapterFor(field.element, field.kind));
    });
  }

  handleInput(event: Event): void {
    this.inputSeen = true;
    if (!this.enabled) return;
    if ((event as InputEvent).isComposing) return this.reset();
    const field = classifyField(event.composedPath()[0]);
    if (!field) return this.reset();
    this.update(this.adapterFor(field.element, field.kind));
  }

  handleKeydown(event: KeyboardEvent): void {
    const state = this.state;
    if (!state || !this.deps.view.shown || event.isComposing) return;
    if (classifyField(event.composedPath()[0])?.element !== state.adapter.element) return;
    let index = -1;
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    const keys = this.options.acceptKeys;
    if (event.key === 'Tab' && plain && !event.shiftKey) index = keys.tab ? 0 : -1;
    else if (event.key === 'Enter' && plain && !event.shiftKey) index = keys.enter ? 0 : -1;
    else if (event.altKey && !event.ctrlKey && !event.metaKey && keys.altDigits) index = Number(ACCEPT_DIGIT.exec(event.code)?.[1] ?? 0) - 1;
    else if (event.key === 'Escape' && plain) {
      consume(event);
      this.escapedContext = state.context;
      this.deps.view.hide();
      return;
    }
    if (index < 0 || index >= Math.min(this.options.suggestionCount, state.words.length)) return;
    consume(event);
    this.accept(index);
  }

  /** The caret moved or the text changed without an input event: what is shown may no longer fit. */
  handleCaretMove(): void {
    const state = this.state;
    if (!state) return;
    if (state.adapter.textBeforeCaret(READ_CHARS) !== state.text) this.reset();
  }

  handleFocusOut(event: FocusEvent): void {
    const target = event.composedPath()[0] as HTMLElement;
    this.darkness.delete(target);
    this.adapters.get(target)?.adapter.forgetLayout?.();
    if (this.state && target === this.state.adapter.element) this.reset();
  }

  /** Scroll, resize or zoom: move the bar with the caret on the next frame. */
  reposition(): void {
    if (!this.state || !this.deps.view.shown || this.repositionQueued) return;
    this.repositionQueued = true;
    requestAnimationFrame(() => {
      this.repositionQueued = false;
      if (this.state && this.deps.view.shown) this.render(this.state);
    });
  }

  /** Inserts suggestion `index` in place of the typed prefix, followed by a space. */
  accept(index: number): void {
    const state = this.state;
    if (!state) return;
    const { adapter, prefix } = state;
    const word = completeWord(prefix, state.words[index] ?? '');
    if (word === null || adapter.textBeforeCaret(READ_CHARS) !== state.text) return this.reset();
    const spaceFollows = /^[ \u00A0]/.test(adapter.charAfterCaret());
    if (prefix.length > 0 && !adapter.selectBeforeCaret(prefix.length)) return this.reset();
    this.deps.view.hide();
    const insertion = spaceFollows || !this.options.autoSpace ? word : `${word} `;
    if (!this.deps.doc.execCommand('insertText', false, insertion)) insertByHand(adapter, insertion);
    this.deps.onAccepted?.(keystrokesSaved(prefix, insertion));
    if (spaceFollows) {
      adapter.stepForward();
      this.update({ adapter, id: state.fieldId });
    }
  }

  private adapterFor(element: HTMLElement, kind: FieldAdapter['kind']): { adapter: FieldAdapter; id: string } {
    let entry = this.adapters.get(element);
    if (!entry) {
      const adapter =
        kind === 'editable'
          ? editableAdapter(element)
          : textControlAdapter(element as HTMLInputElement, () => this.deps.view.measuringRoot());
      entry = { adapter, id: `f${this.nextFieldId++}` };
      this.adapters.set(element, entry);
    }
    return entry;
  }

  private update({ adapter, id }: { adapter: FieldAdapter; id: string }): void {
    const seq = ++this.seq;
    const text = adapter.textBeforeCaret(READ_CHARS);
    if (text === null) return this.reset();
    const { context, prefix } = splitAtWord(adapter.kind === 'editable' ? cleanEditorText(text) : text);
    if (prefix.length > MAX_PREFIX_CHARS) return this.reset();
    // "Start suggesting after N letters": nothing is shown or asked for before that.
    if (prefix.length < this.options.startAfterLetters) return this.reset();
    if (this.escapedContext !== null && this.escapedContext !== context) this.escapedContext = null;

    // Until the reply comes, show what is known already: the earlier candidates that still
    // fit, or at a new word the candidates fetched ahead while the last word was typed.
    const previous = this.state;
    const ahead = this.lookahead;
    let words: string[] = [];
    if (previous?.adapter === adapter && previous.context === context) words = fitting(prefix, previous.words);
    else if (ahead?.fieldId === id && ahead.context === context) words = fitting(prefix, ahead.words);
    this.state = { adapter, fieldId: id, text, context, prefix, words };

    // Draw now from what is known; ask once the letter is on screen: sending and
    // handling a reply before that frame would make the letter itself appear later.
    const bounded = boundContext(context, MAX_CONTEXT_CHARS);
    // While a word is typed, or after punctuation, fetch what follows it and a space.
    const lookahead = /\p{L}/u.test(prefix) || (prefix === '' && AHEAD_AFTER.test(context));
    const send = () => {
      if (seq !== this.seq) return; // a newer keystroke asks instead
      this.deps
        .predict({ field: id, seq, context: bounded, prefix, k: this.deps.k ?? CANDIDATES, lookahead, ...langHint(adapter.element) })
        .then((result) => {
          if (result.next) this.lookahead = { fieldId: id, context: `${context}${prefix} `, words: result.next };
          // A newer keystroke, or the text changed under us: this reply is stale.
          if (result.seq !== this.seq || this.state?.text !== text) return;
          if (adapter.textBeforeCaret(READ_CHARS) !== text) return;
          this.state.words = fitting(prefix, result.suggestions);
          this.render(this.state);
        })
        .catch((error: unknown) => {
          if (seq === this.seq) this.deps.view.hide();
          this.deps.reportError(error);
        });
    };
    (this.deps.schedule ?? afterNextPaint)(send);
    this.render(this.state);
  }

  private render(state: FieldState): void {
    const { view } = this.deps;
    if (!this.enabled || state.words.length === 0 || this.escapedContext === state.context) return view.hide();
    const caret = state.adapter.caretRect();
    if (!caret) return view.hide();
    const after = state.adapter.charAfterCaret();
    const element = state.adapter.element;
    // Ghost text only where it cannot cover the page's own text: at the end of a line.
    const ghost = this.options.ghostText && (after === '' || after === '\n') ? remainingLetters(state.prefix, state.words[0]!) : '';
    view.show({
      words: state.words.slice(0, this.options.suggestionCount).map((w) => completeWord(state.prefix, w)!),
      hints: keyHints(this.options),
      ghost,
      caret,
      font: ghost ? fieldFont(element, element.ownerDocument.defaultView!) : null,
      dark: this.isDark(element),
    });
  }

  private isDark(element: HTMLElement): boolean {
    let dark = this.darkness.get(element);
    if (dark === undefined) {
      dark = isDarkBehind(element, element.ownerDocument.defaultView!);
      this.darkness.set(element, dark);
    }
    return dark;
  }

  private reset(): void {
    this.seq++;
    this.state = null;
    this.deps.view.hide();
  }
}

/**
 * Keystrokes an accepted suggestion saved: the characters it inserted that the user did not
 * type (the rest of the word, and the space), less the one key that accepted it.
 */
export function keystrokesSaved(prefix: string, insertion: string): number {
  return Math.max(0, insertion.length - prefix.length - 1);
}

/** The key shown on each suggestion: what accepts it under the current settings ('' for none). */
export function keyHints({ acceptKeys: keys, suggestionCount }: TypingOptions): string[] {
  return Array.from({ length: suggestionCount }, (_, i) => {
    if (i === 0 && keys.tab) return 'Tab';
    if (i === 0 && keys.enter) return 'Enter';
    return keys.altDigits ? `Alt+${i + 1}` : '';
  });
}

/** The suggestions that continue `prefix` and add at least one letter. */
function fitting(prefix: string, suggestions: readonly string[]): string[] {
  return suggestions.filter((w) => w.length > prefix.length && completeWord(prefix, w) !== null);
}

/** Runs `fn` just after the next frame has been painted. */
function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => afterCurrentTask(fn));
}

/** Runs `fn` in a new task, after the current one and its microtasks (where editors commit). */
function afterCurrentTask(fn: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    fn();
  };
  channel.port2.postMessage(null);
}

function consume(event: Event): void {
  event.preventDefault();
  event.stopImmediatePropagation();
}

/** Where `execCommand` is refused (it is deprecated, though every browser keeps it): set the value and announce it. */
function insertByHand(adapter: FieldAdapter, text: string): void {
  const el = adapter.element;
  if (adapter.kind === 'editable') return;
  const field = el as HTMLInputElement | HTMLTextAreaElement;
  field.setRangeText(text, field.selectionStart ?? 0, field.selectionEnd ?? 0, 'end');
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
}

/** The field's `lang`, sent as a hint for the language of its suggestions. */
function langHint(element: HTMLElement): { lang?: string } {
  const lang = langTagOf(element);
  return lang ? { lang: lang.slice(0, MAX_LANG_TAG_CHARS) } : {};
}
