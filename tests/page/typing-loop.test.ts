// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { PredictParams, PredictResult } from '../../src/messaging/protocol';
import type { SuggestionState, SuggestionView } from '../../src/page/suggestion-view';
import { TypingLoop } from '../../src/page/typing-loop';

/** A view that records what it was asked to show. */
function recordingView() {
  const view = {
    shown: false,
    last: null as SuggestionState | null,
    show(state: SuggestionState) {
      view.shown = true;
      view.last = state;
    },
    hide() {
      view.shown = false;
    },
    get ghostShown() {
      return view.shown && view.last?.ghost !== '';
    },
    isVisible: () => view.shown,
    handleToggle() {},
    measuringRoot: () => document.createElement('div').attachShadow({ mode: 'open' }),
    setOptions() {},
    readAloud() {},
    announceAccepted() {},
    destroy() {},
  };
  return view;
}

/** predict() calls that the test answers by hand, in any order. */
function pendingPredictions() {
  type Call = { params: PredictParams; answer: (words: string[], next?: string[]) => Promise<void> };
  const calls: Call[] = [];
  const predict = (params: PredictParams) =>
    new Promise<PredictResult>((resolve) => {
      calls.push({
        params,
        answer: async (suggestions, next) => {
          resolve({ seq: params.seq, suggestions, next, lang: 'en' });
          await Promise.resolve();
          await Promise.resolve();
        },
      });
    });
  return { calls, predict };
}

function setup() {
  const area = document.createElement('textarea');
  document.body.replaceChildren(area);
  area.focus();
  const view = recordingView();
  const { calls, predict } = pendingPredictions();
  const loop = new TypingLoop({ doc: document, view: view as unknown as SuggestionView, predict, reportError: () => {}, schedule: (send) => send() });
  const type = (value: string) => {
    area.value = value;
    area.setSelectionRange(value.length, value.length);
    const event = new InputEvent('input', { bubbles: true, composed: true });
    area.dispatchEvent(event);
    loop.handleInput(event);
  };
  const key = (init: KeyboardEventInit) => {
    const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init });
    area.dispatchEvent(event);
    loop.handleKeydown(event);
    return event;
  };
  return { area, view, calls, loop, type, key };
}

describe('TypingLoop', () => {
  it('sends the context and the word prefix', () => {
    const { calls, type } = setup();
    type('Hello wor');
    expect(calls[0]!.params).toMatchObject({ context: 'Hello ', prefix: 'wor', k: 64 });
  });

  it('drops a reply to an older keystroke', async () => {
    const { view, calls, type } = setup();
    type('Hello w');
    type('Hello wo');
    await calls[0]!.answer(['wide']);
    expect(view.shown).toBe(false);
    await calls[1]!.answer(['world', 'work']);
    expect(view.last?.words).toEqual(['world', 'work']);
  });

  it('shows an overtaken reply\'s words that fit the letters typed since, until the newer reply comes', async () => {
    const { view, calls, type } = setup();
    type('Hello w');
    type('Hello wo');
    await calls[0]!.answer(['world', 'wide', 'work']);
    expect(view.last?.words).toEqual(['world', 'work']);
    await calls[1]!.answer(['worth', 'world']);
    expect(view.last?.words).toEqual(['worth', 'world']);
  });

  it('never shows an overtaken reply for another word, or over words already shown', async () => {
    const { view, calls, type } = setup();
    type('Hello w');
    type('Hello world, s');
    await calls[0]!.answer(['world', 'sure']);
    expect(view.shown).toBe(false);
    type('Hello world, so');
    // The reply to "s", overtaken by "so", is shown where nothing is yet.
    await calls[1]!.answer(['soon', 'some']);
    expect(view.last?.words).toEqual(['soon', 'some']);
    type('Hello world, som');
    expect(view.last?.words).toEqual(['some']);
    // The reply to "so", overtaken by "som", would fit "som" too: what is shown stays.
    await calls[2]!.answer(['something']);
    expect(view.last?.words).toEqual(['some']);
  });

  it('keeps one request in flight: keystrokes meanwhile send only the newest, once it is answered', async () => {
    const { calls, type } = setup();
    type('Hello w');
    type('Hello wo');
    type('Hello wor');
    expect(calls.map((c) => c.params.prefix)).toEqual(['w']);
    await calls[0]!.answer(['world']);
    expect(calls.map((c) => c.params.prefix)).toEqual(['w', 'wor']);
    await calls[1]!.answer(['world']);
    expect(calls).toHaveLength(2);
  });

  it('drops a reply when the text changed without an input event', async () => {
    const { area, view, calls, type } = setup();
    type('Hello wo');
    area.value = 'Something else';
    await calls[0]!.answer(['world']);
    expect(view.shown).toBe(false);
  });

  it('keeps the words that still fit while the next reply is on its way', async () => {
    const { view, calls, type } = setup();
    type('Hello w');
    await calls[0]!.answer(['world', 'wide', 'way']);
    type('Hello wo');
    expect(view.last?.words).toEqual(['world']);
    expect(view.last?.ghost).toBe('rld');
  });

  it('draws the next word at once from the look-ahead fetched while the last word was typed', async () => {
    const { view, calls, type } = setup();
    type('Hello world');
    expect(calls[0]!.params).toMatchObject({ context: 'Hello ', prefix: 'world', lookahead: true });
    await calls[0]!.answer(['world'], ['peace', 'and']);
    type('Hello world ');
    expect(calls[1]!.params).toMatchObject({ context: 'Hello world ', prefix: '', lookahead: false });
    expect(view.last?.words).toEqual(['peace', 'and']);
  });

  it('fetches the next word ahead after punctuation, so it is drawn at once after the space', async () => {
    const { view, calls, type } = setup();
    type('Hello world.');
    expect(calls[0]!.params).toMatchObject({ context: 'Hello world.', prefix: '', lookahead: true });
    await calls[0]!.answer([], ['I', 'We']);
    type('Hello world. ');
    expect(view.last?.words).toEqual(['I', 'We']);
  });

  it('lets Tab through when nothing is shown', () => {
    const { key } = setup();
    expect(key({ key: 'Tab', code: 'Tab' }).defaultPrevented).toBe(false);
  });

  it('hides on Esc until the next word', async () => {
    const { view, calls, type, key } = setup();
    type('Hello w');
    await calls[0]!.answer(['world']);
    expect(key({ key: 'Escape', code: 'Escape' }).defaultPrevented).toBe(true);
    expect(view.shown).toBe(false);
    type('Hello wo');
    await calls[1]!.answer(['world']);
    expect(view.shown).toBe(false);
    type('Hello world ');
    await calls[2]!.answer(['peace']);
    expect(view.shown).toBe(true);
  });

  it('never reads a password field', () => {
    const { calls, loop } = setup();
    const password = document.createElement('input');
    password.type = 'password';
    document.body.append(password);
    password.value = 'hunter';
    loop.handleInput(Object.assign(new InputEvent('input'), { composedPath: () => [password] }));
    expect(calls).toHaveLength(0);
  });
});
