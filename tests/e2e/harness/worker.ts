import type { BrowserContext, Worker } from 'playwright-core';
import type { ExtensionBrowser } from './browser';

/**
 * Stopping and finding the extension's service worker. Under Playwright the worker is never
 * stopped for idleness (DevTools stays attached), so tests stop it on purpose, the way the
 * browser does after 30 s without events: DevTools' ServiceWorker.stopAllWorkers.
 */

/** Stops the extension's service worker and waits until the browser reports it stopped. */
export async function stopServiceWorker(browser: ExtensionBrowser): Promise<void> {
  // The ServiceWorker domain is reachable from an extension page's DevTools session.
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  const cdp = await browser.context.newCDPSession(page);
  const stopped = new Promise<void>((done) => {
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v) => v.scriptURL.includes(browser.extensionId) && v.runningStatus === 'stopped')) done();
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await cdp.detach();
  await page.close();
}

/** The running service worker of the extension: the current one, or the next to start. */
export async function runningWorker(context: BrowserContext, extensionId: string, timeout = 15_000): Promise<Worker> {
  const ours = (w: Worker) => w.url().startsWith(`chrome-extension://${extensionId}/`);
  return context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', { predicate: ours, timeout }));
}

/** Wakes the worker with a message from an extension page (as the popup would), and returns it. */
export async function wakeWorker(browser: ExtensionBrowser): Promise<Worker> {
  const next = runningWorker(browser.context, browser.extensionId);
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await page.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } })
    .chrome.runtime.sendMessage({ inkling: 1, type: 'learningStatus', data: {} }));
  const worker = await next;
  await page.close();
  return worker;
}
