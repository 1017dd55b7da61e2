import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from './harness/browser';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { InklingUi } from './harness/ui';

/** The one extension API the worker-side snippet below uses. */
declare const chrome: { tabs: { query(query: object): Promise<{ id?: number }[]> } };

let server: PageServer;
let browser: ExtensionBrowser;

withExtensionSession((s) => ({ server, browser } = s));

/** Opens the test page and returns it with the id of its tab (asked from the worker). */
async function openPage(): Promise<{ page: Page; ui: InklingUi; tabId: number }> {
  const page = await browser.context.newPage();
  const ui = await InklingUi.attach(page);
  await page.goto(`${server.origin}/basic.html`);
  await ui.waitForFrames(3);
  await page.bringToFront();
  const tabId = await browser.worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab!.id!;
  });
  return { page, ui, tabId };
}

async function openPopup(tabId: number): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

describe('popup', () => {
  it('lists the live suggestions and switches a site off and on at once', async () => {
    const { page, ui, tabId } = await openPage();
    const popup = await openPopup(tabId);
    await page.bringToFront();
    await page.locator('#area').click();
    await page.keyboard.type('I would like to th');
    const shown = await ui.waitForSuggestions();
    await popup.locator('.live li').first().waitFor();
    expect(await popup.locator('.live li').allTextContents()).toEqual(shown.words);
    await expect.poll(() => popup.locator('main').textContent(), { timeout: 5000 }).toMatch(/M parameters/);

    const siteSwitch = popup.getByRole('switch', { name: 'Suggest on 127.0.0.1' });
    await siteSwitch.uncheck();
    await page.bringToFront();
    await page.keyboard.type('e');
    await ui.settle();
    expect(await ui.read()).toBeNull();

    await siteSwitch.check();
    await page.bringToFront();
    await page.keyboard.type(' a');
    await ui.waitForSuggestions();
    await popup.close();
    await page.close();
  });
});

describe('service worker lifetime', () => {
  it('answers again after the worker is stopped (state rebuilt on demand)', async () => {
    const { page, ui } = await openPage();
    await page.locator('#area').click();
    await page.keyboard.type('We are going to th');
    await ui.waitForSuggestions();

    // Stopping the worker needs an extension page with DevTools' ServiceWorker domain.
    const extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const cdp = await browser.context.newCDPSession(extensionPage);
    const statuses: string[] = [];
    const reached = (status: string) =>
      new Promise<void>((done) => {
        const check = () => statuses.includes(status) && done();
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          for (const v of versions) if (v.scriptURL.includes(browser.extensionId)) statuses.push(v.runningStatus);
          check();
        });
        check();
      });
    await cdp.send('ServiceWorker.enable');
    const stopped = reached('stopped');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    statuses.length = 0;
    const running = reached('running');

    await page.bringToFront();
    await page.keyboard.type('e and I a');
    const shown = await ui.waitForSuggestions();
    await running;
    await extensionPage.close();
    expect(shown.words.length).toBeGreaterThan(0);
    await page.close();
  });
});
