import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { callBackground } from '../messaging/client';
import type { Request } from '../messaging/protocol';
import { createMessageListener } from '../messaging/server';
import { watchSite } from '../storage/site-switches';
import { DEFAULT_SETTINGS, watchSettings, type Settings } from '../storage/settings';
import { pagePolicy } from './page-policy';
import { siteOf } from './site';
import { createSuggestionView } from './suggestion-view';
import { TypingLoop } from './typing-loop';
import { DraftTracker, fieldText } from './drafts';
import { classifyField } from './field';
import { watchInsertionFailures } from './insert';
import { followFrames, runByParent, type DocumentSession } from './frames';

/** What every document's typing loop shares: the background, the drafts, the current switches. */
interface FrameServices {
  send: (request: Request) => Promise<unknown>;
  drafts: DraftTracker;
  learning: () => boolean;
  report: (error: unknown) => void;
  signal: AbortSignal;
}

/** Starts Inkling in one frame and the same-origin frames below it. */
export function startContentScript(ctx: ContentScriptContext): void {
  // SVG and other XML documents have no text fields and cannot host our custom element.
  if (document.documentElement?.namespaceURI !== 'http://www.w3.org/1999/xhtml') return;
  // A same-origin frame is run from the frame above (frames.ts).
  if (runByParent(window)) return;
  const send = (request: Request) => browser.runtime.sendMessage(request);
  const report = reportOnce();
  // What the user writes, sent to the background as drafts for on-device learning.
  let learningOn = true;
  const drafts = new DraftTracker((draft) => {
    if (learningOn) callBackground(send, 'draft', draft).catch(report);
  }, fieldText);
  const stop = new AbortController();
  ctx.onInvalidated(() => stop.abort());
  ctx.onInvalidated(watchInsertionFailures((failure) => void callBackground(send, 'insertionFailed', failure).catch(report)));
  const services: FrameServices = { send, drafts, learning: () => learningOn, report, signal: stop.signal };

  const site = siteOf(window);
  // Both the site switches and the settings apply at once, in every open tab.
  const incognito = browser.extension?.inIncognitoContext === true;
  let siteOn = true;
  let current: Settings = DEFAULT_SETTINGS;
  const loops = new Set<TypingLoop>();
  const applyTo = (loop: TypingLoop) => {
    const policy = pagePolicy(siteOn, current, incognito);
    loop.setOptions(current);
    loop.setEnabled(policy.suggest);
    learningOn = policy.learn;
  };
  const apply = () => loops.forEach(applyTo);
  followFrames(document, (doc) => {
    const { loop, session } = startInDocument(doc, services);
    loops.add(loop);
    applyTo(loop);
    return session;
  }, stop.signal);
  ctx.onInvalidated(watchSite(site, (on) => { siteOn = on; apply(); }));
  ctx.onInvalidated(watchSettings((s) => { current = s; apply(); }));
  if (window === window.top) {
    const listener = createMessageListener({ pageSite: () => ({ site }) }, browser.runtime.id);
    browser.runtime.onMessage.addListener(listener);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
  }
}

/**
 * The typing loop, suggestion view and listeners of one document, in the capture phase so
 * pages cannot hide typing from us. `listen` adds the listeners again after `document.open()`.
 */
function startInDocument(doc: Document, services: FrameServices): { loop: TypingLoop; session: DocumentSession } {
  const win = doc.defaultView!;
  const { send, drafts, report, signal } = services;
  const view = createSuggestionView(doc, (index) => loop.acceptByClick(index));
  const loop = new TypingLoop({
    doc,
    view,
    predict: (params) => callBackground(send, 'predict', params),
    reportError: reportOnce(),
    onAccepted: (saved) => void callBackground(send, 'accepted', { saved }).catch(report),
  });
  signal.addEventListener('abort', () => view.destroy(), { once: true });
  // Only what the user types in fields Inkling suggests in is learned from (not names, addresses, code).
  const fieldOf = (e: Event) => {
    const field = e.isTrusted ? classifyField(e.composedPath()[0])?.element : undefined;
    return field && loop.suggestsInField(field) ? field : undefined;
  };
  const capture = { capture: true, signal };
  // Named once, so adding them again after document.open() does not add them twice.
  const handlers: [EventTarget, string, (e: Event) => void, AddEventListenerOptions][] = [
    [doc, 'input', (e) => { const f = fieldOf(e); if (f && services.learning()) drafts.typed(f); }, capture],
    [doc, 'paste', (e) => { const f = fieldOf(e); if (f) drafts.pasted(f, (e as ClipboardEvent).clipboardData?.getData('text/plain') ?? ''); }, capture],
    [doc, 'focusout', (e) => { const f = fieldOf(e); if (f) drafts.commit(f); }, capture],
    [doc, 'submit', () => drafts.commitAll(), capture],
    [win, 'pagehide', () => drafts.commitAll(), { signal }],
    [doc, 'beforeinput', (e) => loop.handleBeforeInput(e as InputEvent), capture],
    [doc, 'input', (e) => loop.handleInput(e), capture],
    [win, 'keydown', (e) => loop.handleKeydown(e as KeyboardEvent), capture],
    [doc, 'selectionchange', () => loop.handleCaretMove(), capture],
    [doc, 'mouseup', () => loop.handleCaretMove(), capture],
    [doc, 'focusout', (e) => loop.handleFocusOut(e as FocusEvent), capture],
    // A popover or dialog the page opens later: the bar goes above it (toggle does not bubble: capture).
    [doc, 'toggle', (e) => view.handleToggle(e as ToggleEvent), capture],
    // A designMode document's focus is the document itself: no field sees focusout when it goes.
    [win, 'blur', (e) => { if (e.target === win) loop.handleFrameBlur(); }, { signal }],
    [win, 'scroll', () => loop.reposition(), { capture: true, passive: true, signal }],
    [win, 'resize', () => loop.reposition(), { signal }],
  ];
  if (win.visualViewport) handlers.push([win.visualViewport, 'resize', () => loop.reposition(), { signal }]);
  const session = {
    listen() {
      if (signal.aborted) return;
      for (const [target, type, handler, options] of handlers) target.addEventListener(type, handler, options);
    },
  };
  return { loop, session };
}

/** Logs each distinct error once, so a broken model does not flood the page's console. */
function reportOnce(): (error: unknown) => void {
  const seen = new Set<string>();
  return (error) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (seen.has(message)) return;
    seen.add(message);
    console.warn('[Inkling]', message);
  };
}
