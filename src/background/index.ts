import { browser } from 'wxt/browser';
import { createEngine } from '../engine/engine';
import { createMessageListener } from '../messaging/server';
import { LIVE_PORT } from '../messaging/protocol';
import { createLazyEngine, loadShippedEngine } from './lazy-engine';
import { LiveHub } from './live-hub';
import { createInklingService } from './service';

export const SHIPPED_MODEL_PATH = '/models/en.inkling';

/** Wires the service to the extension APIs. Called once by the background entrypoint. */
export function startBackground(): void {
  const live = new LiveHub();
  const getEngine = createLazyEngine(() =>
    loadShippedEngine(browser.runtime.getURL(SHIPPED_MODEL_PATH), createEngine),
  );
  const service = createInklingService({ getEngine, live });

  browser.runtime.onMessage.addListener(createMessageListener(service.handlers, browser.runtime.id));
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
