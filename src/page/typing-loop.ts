import { MAX_CONTEXT_CHARS, MAX_PREFIX_CHARS, type PredictParams, type PredictResult } from '../messaging/protocol';
import { afterCurrentTask, afterNextPaint } from './editor-input';
import { insertSuggestion } from './insert';
import { classifyField } from './field';
import type { SuggestionView } from './suggestion-view';
import { langHint } from './lang';
import { boundContext, cleanEditorText, keystrokesSaved, splitAtWord } from './word';
import { fitting, replyFitting, wordToInsert } from './correction';
import { barState, type FieldState } from './bar-state';
import { FieldRegistry, type FieldEntry } from './field-registry';
import { DEFAULT_SETTINGS, type Settings } from '../storage/settings';
import { inDataToken } from '../text/field-kind';
import { pageShowsOwnSuggestions } from './page-popups';
import { OneInFlight } from './one-in-flight';
import { acceptIndex, isFieldSwitch, isGhostKey, isRtl, readAloudIndex } from './accept-keys';
import { isNextWordKey, nextPhraseWord, phraseRest, replyPhrase } from './phrase-ghost';

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
export type TypingOptions = Pick<Settings, 'suggestionCount' | 'acceptKeys' | 'ghostText' | 'autoSpace' | 'startAfterLetters' | 'codeFields'
  | 'suggestionScale' | 'highContrast' | 'speakSuggestions' | 'speakAccepted' | 'phrases' | 'corrections'>;

/** Characters read before the caret: the context bound plus the longest word prefix. */
const READ_CHARS = MAX_CONTEXT_CHARS + MAX_PREFIX_CHARS;
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
 * older keystroke than the latest are dropped (sequence numbers), and one request is in flight at a time.
 */
export class TypingLoop {
  private enabled = true;
  private options: TypingOptions = DEFAULT_SETTINGS;
  private seq = 0;
  private state: FieldState | null = null;
  /** Esc hides suggestions until the context changes (the next word). */
  private escapedContext: string | null = null;
  private readonly fields: FieldRegistry;
  private repositionQueued = false;
  /** Next-word candidates fetched ahead, for `context` = the typed word plus a space. */
  private lookahead: { fieldId: string; context: string; words: string[] } | null = null;
  /** Whether an `input` event followed the last `beforeinput`. */
  private inputSeen = true;
  private readonly requests = new OneInFlight();

  constructor(private readonly deps: TypingLoopDeps) {
    this.fields = new FieldRegistry(() => deps.view.measuringRoot());
  }

  setEnabled(on: boolean): void {
    this.enabled = on;
    if (!on) this.reset();
  }

  /** Follows changed settings at once: what is on display is drawn again under them. */
  setOptions(options: TypingOptions): void {
    this.options = options;
    this.deps.view.setOptions(options);
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
    void afterCurrentTask().then(() => {
      if (!this.inputSeen && this.enabled) this.update(this.fields.entryFor(field.element, field.kind));
    });
  }

  handleInput(event: Event): void {
    this.inputSeen = true;
    if (!this.enabled) return;
    if ((event as InputEvent).isComposing) return this.reset();
    const field = classifyField(event.composedPath()[0]);
    if (!field) return this.reset();
    this.update(this.fields.entryFor(field.element, field.kind));
  }

  handleKeydown(event: KeyboardEvent): void {
    if (event.isComposing) return;
    if (isFieldSwitch(event) && this.enabled) return this.switchField(event);
    const state = this.state;
    const { view } = this.deps;
    if (!state || !view.shown) return;
    if (classifyField(event.composedPath()[0])?.element !== state.adapter.element) return;
    // The page may clear or replace the text on this key (chat: Enter sends): look once it has run.
    if (event.key.length > 1) void afterCurrentTask().then(() => this.handleCaretMove());
    const read = readAloudIndex(event);
    if (read === 'all' || (read >= 0 && read < Math.min(this.options.suggestionCount, state.words.length))) {
      consume(event);
      return view.readAloud(read);
    }
    const rest = view.ghostShown ? phraseRest(state.phrase, state.context + state.prefix) : undefined;
    if (rest && isNextWordKey(event, this.options.acceptKeys, isRtl(state.adapter.element))) {
      consume(event);
      return this.acceptPhrase(state, nextPhraseWord(rest));
    }
    const index = acceptIndex(event, this.options.acceptKeys, state.adapter.kind, view.ghostShown);
    if (index === -1) return; // a letter: nothing is measured before the page handles it
    if (pageShowsOwnSuggestions(state.adapter.element, state.adapter.caretRect())) return view.hide();
    if (index === 'escape') {
      consume(event);
      this.escapedContext = state.context;
      return view.hide();
    }
    if (index < 0 || index >= Math.min(this.options.suggestionCount, state.words.length)) return;
    // What is not on screen (under a dialog, off the page) is never accepted.
    const byGhost = index === 0 && isGhostKey(event);
    if (!view.isVisible(byGhost ? 'ghost' : index)) return view.hide();
    consume(event);
    // The key that takes the ghost text takes all of a phrase's.
    if (byGhost && rest) return this.acceptPhrase(state, rest);
    this.accept(index);
  }

  /** The field key: turns Inkling on for a field the rules leave out, or off for one they include. */
  private switchField(event: KeyboardEvent): void {
    const field = classifyField(event.composedPath()[0]);
    if (!field) return;
    consume(event);
    const entry = this.fields.entryFor(field.element, field.kind);
    if (this.fields.toggle(field.element, this.options.codeFields)) this.update(entry);
    else this.reset();
  }

  /** Whether Inkling suggests in this field: prose fields, code ones if the user asked, or the user's switch. */
  suggestsInField(element: HTMLElement): boolean {
    return this.fields.suggestsIn(element, this.options.codeFields);
  }

  /** The caret moved or the text changed without an input event: what is shown may no longer fit. */
  handleCaretMove(): void {
    const state = this.state;
    if (!state) return;
    if (state.adapter.textBeforeCaret(READ_CHARS) !== state.text) this.reset();
  }

  handleFocusOut(event: FocusEvent): void {
    const target = event.composedPath()[0] as HTMLElement;
    this.fields.blurred(target);
    if (this.state && target === this.state.adapter.element) this.reset();
  }

  /** The frame lost focus (to another frame, or the browser): what is shown is for a field no longer typed in. */
  handleFrameBlur(): void {
    if (this.state) this.reset();
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
    const suggestion = state.words[index];
    if (suggestion === undefined || adapter.textBeforeCaret(READ_CHARS) !== state.text) return this.reset();
    // A correction replaces the typed letters with the word; a completion keeps them as typed.
    const word = wordToInsert(prefix, suggestion);
    const spaceFollows = /^[ \u00A0]/.test(adapter.charAfterCaret());
    this.deps.view.hide();
    const insertion = spaceFollows || !this.options.autoSpace ? word : `${word} `;
    const stepsOver = spaceFollows ? adapter.charAfterCaret() : '';
    // Through the editor's own path; if it did not land, the field is restored and left alone.
    const landed = spaceFollows ? () => this.update({ adapter, id: state.fieldId }) : undefined;
    if (!insertSuggestion(adapter, { replace: prefix.length, text: insertion, stepsOver }, { landed, failed: () => this.reset() })) return this.reset();
    this.deps.view.announceAccepted(word);
    this.deps.onAccepted?.(keystrokesSaved(prefix, insertion));
  }

  /** Inserts `part` of the phrase on screen (all of its rest, or its next word) after the caret. */
  private acceptPhrase(state: FieldState, part: string): void {
    const { adapter } = state;
    if (adapter.textBeforeCaret(READ_CHARS) !== state.text) return this.reset();
    this.deps.view.hide();
    const insertion = this.options.autoSpace ? `${part} ` : part;
    if (!insertSuggestion(adapter, { replace: 0, text: insertion, stepsOver: '' }, { failed: () => this.reset() })) return this.reset();
    this.deps.view.announceAccepted(part.trim());
    this.deps.onAccepted?.(keystrokesSaved('', insertion));
  }

  private update({ adapter, id }: FieldEntry): void {
    const seq = ++this.seq;
    if (!this.suggestsInField(adapter.element)) return this.reset();
    const text = adapter.textBeforeCaret(READ_CHARS);
    if (text === null) return this.reset();
    // Inside an address, a URL, a @mention or a code block, words are no help.
    if (inDataToken(text) || (adapter.kind === 'editable' && this.fields.inCode(adapter.element, this.options.codeFields))) return this.reset();
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
    // A phrase stays while the typing still follows it (its next words, across word boundaries).
    const phrase = previous?.adapter === adapter && phraseRest(previous.phrase, context + prefix) ? previous.phrase : undefined;
    this.state = { adapter, fieldId: id, text, context, prefix, words, phrase };

    // Draw now from what is known; ask once the letter is on screen: sending and
    // handling a reply before that frame would make the letter itself appear later.
    const bounded = boundContext(context, MAX_CONTEXT_CHARS);
    // While a word is typed, or after punctuation, fetch what follows it and a space.
    const lookahead = /\p{L}/u.test(prefix) || (prefix === '' && AHEAD_AFTER.test(context));
    const send = () => {
      if (seq !== this.seq) return; // a newer keystroke asks instead
      return this.deps
        .predict({ field: id, seq, context: bounded, prefix, k: this.deps.k ?? CANDIDATES, lookahead, phrase: this.options.phrases && this.options.ghostText, ...langHint(adapter.element) })
        .then((result) => {
          if (result.next) this.lookahead = { fieldId: id, context: `${context}${prefix} `, words: result.next };
          // A newer keystroke, or the text changed under us: this reply is stale.
          if (result.seq !== this.seq || this.state?.text !== text) return this.showStale(adapter, context, prefix, result.suggestions);
          if (adapter.textBeforeCaret(READ_CHARS) !== text) return;
          this.state.words = replyFitting(prefix, result.suggestions, this.options.corrections);
          this.state.phrase = replyPhrase(context, prefix, result.phrase) ?? this.state.phrase;
          this.state.lang = result.lang;
          this.render(this.state);
        })
        .catch((error: unknown) => {
          if (seq === this.seq) this.deps.view.hide();
          this.deps.reportError(error);
        });
    };
    (this.deps.schedule ?? ((fn: () => void) => afterNextPaint(this.deps.doc.defaultView ?? window, fn)))(() => this.requests.run(send));
    this.render(this.state);
  }

  /** An overtaken reply for the same word: where nothing is on screen yet (typing fast), its words that still fit are. */
  private showStale(adapter: FieldState['adapter'], context: string, prefix: string, suggestions: readonly string[]): void {
    const now = this.state;
    if (!now || now.adapter !== adapter || now.context !== context || now.words.length || !now.prefix.startsWith(prefix)) return;
    if (adapter.textBeforeCaret(READ_CHARS) !== now.text) return;
    const words = fitting(now.prefix, suggestions);
    if (!words.length) return;
    now.words = words;
    this.render(now);
  }

  private render(state: FieldState): void {
    const shown = this.enabled && this.escapedContext !== state.context ? barState(state, this.options, (e) => this.fields.isDark(e)) : null;
    if (shown) this.deps.view.show(shown);
    else this.deps.view.hide();
  }

  private reset(): void {
    this.seq++;
    this.state = null;
    this.deps.view.hide();
  }
}

function consume(event: Event): void {
  event.preventDefault();
  event.stopImmediatePropagation();
}
