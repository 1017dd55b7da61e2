import { browser } from 'wxt/browser';
import { createEngine, type Engine } from '../engine/engine';
import { createMessageListener } from '../messaging/server';
import { LIVE_PORT } from '../messaging/protocol';
import { createLazyEngines, loadShippedEngine } from './lazy-engine';
import { LiveHub } from './live-hub';
import { createInklingService } from './service';
import { createLearningService } from './learning';
import { openInklingDB, type InklingDatabase } from '../storage/db';
import { isOnFor, readSiteSwitches } from '../storage/site-switches';
import { asLanguageChoice, languageChoice, readSettings, settings as settingsItem, asSettings, watchSettings, type LanguageChoice, type Settings } from '../storage/settings';
import { blockedWords, listVocabulary } from '../storage/vocabulary';
import { BlockedWords } from './blocked-words';
import { createDataService, pastRetention } from './data';
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

/** The settings, read once and then followed (asked for every draft). */
function followSettings(): () => Promise<Settings> {
  let current: Settings | undefined;
  const first = readSettings();
  settingsItem.watch((value) => { current = asSettings(value); });
  return async () => current ?? (current = await first);
}

/** Wires the service to the extension APIs. Called once by the background entrypoint. */
export function startBackground(): void {
  const live = new LiveHub();
  // Every engine completes the words the user added to their vocabulary: given once it loads,
  // and again after every change.
  let userWords: Promise<{ word: string; display: string }[]> | null = null;
  const addedWords = () => (userWords ??= openDb().then(async (d) =>
    (await listVocabulary(d)).filter((e) => e.addedByUser && !e.blocked).map(({ word, display }) => ({ word, display }))));
  const withUserWords = async (engine: Engine) => {
    engine.setUserWords(await addedWords().catch(() => (userWords = null, [])));
    return engine;
  };
  const engines = createLazyEngines((lang: ModelLanguage) =>
    loadShippedEngine(browser.runtime.getURL(shippedModelPath(lang)), createEngine).then(withUserWords),
  );
  const getEngine = (lang: ModelLanguage) => engines.get(lang);
  const vocabularyChanged = {
    refresh: () => {
      blocked.refresh();
      userWords = null;
      void Promise.all(engines.loaded().map(withUserWords)).catch((e: unknown) => console.warn('[Inkling] user words:', e));
    },
  };
  const choice = followLanguageChoice();
  const browserLanguage = browser.i18n?.getUILanguage?.() ?? navigator.language;
  let db: Promise<InklingDatabase> | undefined;
  const openDb = () => (db ??= openInklingDB(indexedDB));
  const blocked = new BlockedWords(async () => blockedWords(await openDb()));
  const settings = followSettings();
  // Predictions wait for the personal memory of their language (restored after a worker restart).
  const personalEngine = async (lang: ModelLanguage) => {
    const engine = await getEngine(lang);
    await learning.ready(lang).catch((e: unknown) => console.warn('[Inkling] personal memory not loaded:', e));
    return engine;
  };
  const service = createInklingService({
    getEngine: personalEngine, live, languageChoice: choice, browserLanguage, filterWords: (w) => blocked.filter(w),
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
  });
  const learning = createLearningService({
    getEngine,
    languageChoice: choice,
    browserLanguage,
    openDb,
    // Learning follows the same switches as suggestions: nothing is kept from a site turned off.
    allowed: async (origin) => {
      const [{ everywhere, off, on }, s] = await Promise.all([readSiteSwitches(), settings()]);
      return {
        learning: s.learning,
        blocked: !isOnFor(hostOf(origin), everywhere, off, on),
        retention: { retentionDays: s.retentionDays, maxTotalChars: s.retentionChars },
      };
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
    ...createDataService({ openDb, learning, blocked: vocabularyChanged, extensionOrigin: new URL(browser.runtime.getURL('/')).origin }),
  };
  // Samples past the retention settings go now and whenever those settings change.
  let retention = '';
  watchSettings((s) => {
    if (`${s.retentionDays}/${s.retentionChars}` === retention) return;
    retention = `${s.retentionDays}/${s.retentionChars}`;
    // What expired leaves the personal model too (exactly its counts; the rest is kept).
    void learning.forget(pastRetention(s, Date.now())).catch((e: unknown) => console.warn('[Inkling] retention:', e));
  });
  // A worker stopped in the middle of learning picks up where its last checkpoint left off.
  const resume = () => void learning.wake().catch((e: unknown) => console.warn('[Inkling] learning could not resume:', e));
  resume();
  browser.alarms.onAlarm.addListener((alarm) => { if (alarm.name === LEARN_ALARM) resume(); });

  browser.runtime.onMessage.addListener(createMessageListener(handlers, browser.runtime.id));
  browser.tabs.onRemoved.addListener((tabId) => service.tabClosed(tabId));
  browser.runtime.onConnect.addListener((port) => {
    // Only our own pages (the popup) may watch a tab's suggestions: a content script runs
    // inside a web page, and must not learn what is typed in another tab.
    const from = port.sender?.url ? new URL(port.sender.url).origin : '';
    if (port.name !== LIVE_PORT || port.sender?.id !== browser.runtime.id || from !== new URL(browser.runtime.getURL('/')).origin) return;
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
