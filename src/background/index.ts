import { browser } from 'wxt/browser';
import { startCommands } from './commands';
import { createMessageListener } from '../messaging/server';
import { LIVE_PORT } from '../messaging/protocol';
import { openInklingDB, type InklingDatabase } from '../storage/db';
import { followItem } from '../storage/items';
import { asLanguageChoice, asSettings, languageChoice, settings, watchSettings } from '../storage/settings';
import { readSiteSwitches } from '../storage/site-switches';
import type { ModelLanguage } from '../text/language-choice';
import { createBackgroundServices, enforceRetention } from './services';

/** The alarm that wakes the worker while learning is unfinished. */
const LEARN_ALARM = 'inkling-learn';

/** The base model of each language, shipped inside the extension. */
export const shippedModelPath = (lang: ModelLanguage) => `/models/${lang}.inkling` as const;

const report = (problem: string, error?: unknown) => console.warn('[Inkling]', problem, ...(error === undefined ? [] : [error]));

/** Wires the services to the extension APIs. Called once by the background entrypoint. */
export function startBackground(): void {
  startCommands();
  const ownOrigin = new URL(browser.runtime.getURL('/')).origin;
  let db: Promise<InklingDatabase> | undefined;
  const { handlers, predictions, learning, live } = createBackgroundServices({
    modelUrl: (lang) => browser.runtime.getURL(shippedModelPath(lang)),
    ownOrigin,
    browserLanguage: browser.i18n?.getUILanguage?.() ?? navigator.language,
    openDb: () => (db ??= openInklingDB(indexedDB)),
    // A language setting that cannot be read means automatic, as a missing one does.
    languageChoice: followItem(languageChoice, asLanguageChoice, () => 'auto'),
    settings: followItem(settings, asSettings),
    siteSwitches: readSiteSwitches,
    // An alarm wakes a worker the browser stopped mid-learning, so the work always finishes.
    keepAwake: (on) => void (on ? browser.alarms.create(LEARN_ALARM, { periodInMinutes: 0.5 }) : browser.alarms.clear(LEARN_ALARM)),
    report,
  });
  watchSettings(enforceRetention(learning, report));
  // A worker stopped in the middle of learning picks up where its last checkpoint left off.
  const resume = () => learning.wake().catch((e: unknown) => report('learning could not resume', e));
  void resume();
  browser.alarms.onAlarm.addListener((alarm) => { if (alarm.name === LEARN_ALARM) void resume(); });

  browser.runtime.onMessage.addListener(createMessageListener(handlers, browser.runtime.id));
  browser.tabs.onRemoved.addListener((tabId) => predictions.tabClosed(tabId));
  browser.runtime.onConnect.addListener((port) => {
    // Only our own pages (the popup) may watch a tab's suggestions: a content script runs
    // inside a web page, and must not learn what is typed in another tab.
    const from = port.sender?.url ? new URL(port.sender.url).origin : '';
    if (port.name !== LIVE_PORT || port.sender?.id !== browser.runtime.id || from !== ownOrigin) return;
    // The popup's first message names the tab it shows.
    port.onMessage.addListener((message: unknown) => {
      const tabId = (message as { tabId?: unknown })?.tabId;
      if (!Number.isInteger(tabId)) return;
      const stop = live.watch(tabId as number, port);
      port.onDisconnect.addListener(stop);
    });
  });
}
