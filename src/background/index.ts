import { browser } from 'wxt/browser';
import { createEngine } from '../engine/engine';
import { createMessageListener } from '../messaging/server';
import { LIVE_PORT } from '../messaging/protocol';
import { createLazyEngines, loadShippedEngine } from './lazy-engine';
import { LiveHub } from './live-hub';
import { createInklingService } from './service';
import { createLearningService } from './learning';
import { openInklingDB, type InklingDatabase } from '../storage/db';
import { isOnFor, sitesTurnedOff, suggestEverywhere } from '../storage/site-switches';
import { asLanguageChoice, languageChoice, type LanguageChoice } from '../storage/settings';
import type { ModelLanguage } from '../text/language-choice';

/** The alarm that wakes the worker while learning is unfinished. */
const LEARN_ALARM = 'inkling-learn';

/** The base model of each language, shipped inside the extension. */
export const shippedModelPath = (lang: ModelLanguage) => `/models/${lang}.inkling` as const;

/** The language setting, read once and then followed (asked on every keystroke). */
function followLanguageChoice(): () => Promise<LanguageChoice> {
  let current: LanguageChoice | undefined;
  const first = languageChoice.getValue().then(asLanguageChoice, () => 'auto' as const);
  languageChoice.watch((value) => { current = asLanguageChoice(value); });
  return async () => current ?? (current = await first);
}

/** Wires the service to the extension APIs. Called once by the background entrypoint. */
export function startBackground(): void {
  const live = new LiveHub();
  const engines = createLazyEngines((lang: ModelLanguage) =>
    loadShippedEngine(browser.runtime.getURL(shippedModelPath(lang)), createEngine),
  );
  const getEngine = (lang: ModelLanguage) => engines.get(lang);
  const choice = followLanguageChoice();
  const browserLanguage = browser.i18n?.getUILanguage?.() ?? navigator.language;
  const service = createInklingService({ getEngine, live, languageChoice: choice, browserLanguage });
  let db: Promise<InklingDatabase> | undefined;
  const learning = createLearningService({
    getEngine,
    languageChoice: choice,
    browserLanguage,
    openDb: () => (db ??= openInklingDB(indexedDB)),
    // Learning follows the same switches as suggestions: nothing is kept from a site turned off.
    allowed: async (origin) => {
      const [everywhere, off] = await Promise.all([suggestEverywhere.getValue(), sitesTurnedOff.getValue()]);
      return { learning: true, blocked: !isOnFor(hostOf(origin), everywhere, off) };
    },
    report: (problem) => console.warn('[Inkling]', problem),
    lastKeystroke: () => lastKeystroke,
    // An alarm wakes a worker the browser stopped mid-learning, so the work always finishes.
    keepAwake: (on) => void (on ? browser.alarms.create(LEARN_ALARM, { periodInMinutes: 0.5 }) : browser.alarms.clear(LEARN_ALARM)),
  });
  let lastKeystroke = -Infinity;
  const handlers = {
    ...service.handlers,
    predict: (data: Parameters<typeof service.handlers.predict>[0], caller: Parameters<typeof service.handlers.predict>[1]) => {
      lastKeystroke = Date.now();
      return service.handlers.predict(data, caller);
    },
    draft: (data: Parameters<typeof learning.draft>[0], caller: { origin: string; incognito: boolean }) =>
      learning.draft(data, { origin: caller.origin, incognito: caller.incognito }, false),
    learningStatus: () => learning.status(),
  };
  // A worker stopped in the middle of learning picks up where its last checkpoint left off.
  const resume = () => void learning.wake().catch((e: unknown) => console.warn('[Inkling] learning could not resume:', e));
  resume();
  browser.alarms.onAlarm.addListener((alarm) => { if (alarm.name === LEARN_ALARM) resume(); });

  browser.runtime.onMessage.addListener(createMessageListener(handlers, browser.runtime.id));
  browser.tabs.onRemoved.addListener((tabId) => service.tabClosed(tabId));
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== LIVE_PORT || port.sender?.id !== browser.runtime.id) return;
    // The popup's first message names the tab it shows.
    port.onMessage.addListener((message: unknown) => {
      const tabId = (message as { tabId?: unknown })?.tabId;
      if (!Number.isInteger(tabId)) return;
      const stop = live.watch(tabId as number, port);
      port.onDisconnect.addListener(stop);
    });
  });
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return '';
  }
}
