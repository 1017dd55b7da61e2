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

/** Starts Inkling in one frame: listeners in the capture phase, so pages cannot hide typing from us. */
export function startContentScript(ctx: ContentScriptContext): void {
  // SVG and other XML documents have no text fields and cannot host our custom element.
  if (document.documentElement?.namespaceURI !== 'http://www.w3.org/1999/xhtml') return;
  const send = (request: Request) => browser.runtime.sendMessage(request);
  const view = createSuggestionView(document, (index) => loop.acceptByClick(index));
  const loop = new TypingLoop({
    doc: document,
    view,
    predict: (params) => callBackground(send, 'predict', params),
    reportError: reportOnce(),
    onAccepted: (saved) => void callBackground(send, 'accepted', { saved }).catch(report),
  });
  // What the user writes, sent to the background as drafts for on-device learning.
  let learningOn = true;
  const drafts = new DraftTracker((draft) => {
    if (learningOn) callBackground(send, 'draft', draft).catch(report);
  }, fieldText);
  const report = reportOnce();
  const fieldOf = (e: Event) => (e.isTrusted ? classifyField(e.composedPath()[0])?.element : undefined);
  const capture = { capture: true };
  ctx.addEventListener(document, 'input', (e) => { const f = fieldOf(e); if (f && learningOn) drafts.typed(f); }, capture);
  ctx.addEventListener(document, 'paste', (e) => {
    const f = fieldOf(e);
    if (f) drafts.pasted(f, (e as ClipboardEvent).clipboardData?.getData('text/plain') ?? '');
  }, capture);
  ctx.addEventListener(document, 'focusout', (e) => { const f = fieldOf(e); if (f) drafts.commit(f); }, capture);
  ctx.addEventListener(document, 'submit', () => drafts.commitAll(), capture);
  ctx.addEventListener(window, 'pagehide', () => drafts.commitAll());
  ctx.addEventListener(document, 'beforeinput', (e) => loop.handleBeforeInput(e), capture);
  ctx.addEventListener(document, 'input', (e) => loop.handleInput(e), capture);
  ctx.addEventListener(window, 'keydown', (e) => loop.handleKeydown(e), capture);
  ctx.addEventListener(document, 'selectionchange', () => loop.handleCaretMove(), capture);
  ctx.addEventListener(document, 'mouseup', () => loop.handleCaretMove(), capture);
  ctx.addEventListener(document, 'focusout', (e) => loop.handleFocusOut(e), capture);
  ctx.addEventListener(window, 'scroll', () => loop.reposition(), { capture: true, passive: true });
  ctx.addEventListener(window, 'resize', () => loop.reposition());
  if (window.visualViewport) ctx.addEventListener(window.visualViewport, 'resize', () => loop.reposition());
  ctx.onInvalidated(() => view.destroy());

  const site = siteOf(window);
  // Both the site switches and the settings apply at once, in every open tab.
  const incognito = browser.extension?.inIncognitoContext === true;
  let siteOn = true;
  let current: Settings = DEFAULT_SETTINGS;
  const apply = () => {
    const policy = pagePolicy(siteOn, current, incognito);
    loop.setOptions(current);
    loop.setEnabled(policy.suggest);
    learningOn = policy.learn;
  };
  ctx.onInvalidated(watchSite(site, (on) => { siteOn = on; apply(); }));
  ctx.onInvalidated(watchSettings((s) => { current = s; apply(); }));
  if (window === window.top) {
    const listener = createMessageListener({ pageSite: () => ({ site }) }, browser.runtime.id);
    browser.runtime.onMessage.addListener(listener);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
  }
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
