import { browser } from 'wxt/browser';
import { createEngine } from '../engine/engine';
import { createMessageListener } from '../messaging/server';
import { LIVE_PORT } from '../messaging/protocol';
import { createLazyEngine, loadShippedEngine } from './lazy-engine';
import { LiveHub } from './live-hub';
import { createInklingService } from './service';
import { createLearningService } from './learning';
import { openInklingDB, type InklingDatabase } from '../storage/db';
import { isOnFor, sitesTurnedOff, suggestEverywhere } from '../storage/site-switches';

export const SHIPPED_MODEL_PATH = '/models/en.inkling';

/** Wires the service to the extension APIs. Called once by the background entrypoint. */
export function startBackground(): void {
  const live = new LiveHub();
  const getEngine = createLazyEngine(() =>
    loadShippedEngine(browser.runtime.getURL(SHIPPED_MODEL_PATH), createEngine),
  );
  const service = createInklingService({ getEngine, live });
  let db: Promise<InklingDatabase> | undefined;
  const learning = createLearningService({
    getEngine,
    openDb: () => (db ??= openInklingDB(indexedDB)),
    // Learning follows the same switches as suggestions: nothing is kept from a site turned off.
    allowed: async (origin) => {
      const [everywhere, off] = await Promise.all([suggestEverywhere.getValue(), sitesTurnedOff.getValue()]);
      return { learning: true, blocked: !isOnFor(hostOf(origin), everywhere, off) };
    },
    report: (problem) => console.warn('[Inkling]', problem),
  });
  const handlers = {
    ...service.handlers,
    draft: (data: Parameters<typeof learning.draft>[0], caller: { origin: string; incognito: boolean }) =>
      learning.draft(data, { origin: caller.origin, incognito: caller.incognito }, false),
    learningStatus: () => learning.status(),
  };
  // A worker stopped in the middle of learning picks up where its last checkpoint left off.
  void learning.wake().catch((e: unknown) => console.warn('[Inkling] learning could not resume:', e));

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
