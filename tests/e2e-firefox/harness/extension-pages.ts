import type { Page } from 'puppeteer-core';
import { readStoredSamples } from '../../e2e/harness/stored-samples';
import type { FirefoxWithExtension } from './firefox';

/** The WebExtension API as the extension's own pages see it (only what these helpers call). */
interface ExtensionApi {
  tabs: { getCurrent(): Promise<{ id?: number }>; query(q: object): Promise<{ id?: number }[]> };
  runtime: { reload(): void };
  extension: { getBackgroundPage(): Window | null };
}
declare const browser: ExtensionApi;

/**
 * Opens one of the extension's own pages in a new tab. `goto` on a moz-extension:// URL never
 * settles under WebDriver BiDi (RECIPES.md), so the page is polled until it has loaded.
 */
export async function openExtensionPage(ff: FirefoxWithExtension, path: string, timeoutMs = 15_000): Promise<Page> {
  const page = await ff.browser.newPage();
  const url = `${ff.extensionOrigin}/${path}`;
  void page.goto(url).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await page.evaluate(() => `${document.readyState} ${location.href}`).catch(() => '');
    if (ready === `complete ${url}`) return page;
    if (Date.now() > deadline) throw new Error(`${url} did not load (last state: ${ready || 'none'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The ids of the tabs that are not this extension page (the test's web pages). */
export function otherTabIds(extensionPage: Page): Promise<number[]> {
  return extensionPage.evaluate(async () => {
    const me = await browser.tabs.getCurrent();
    return (await browser.tabs.query({})).map((t) => t.id!).filter((id) => id !== me.id);
  });
}

/** Every stored writing sample, read from the extension origin's IndexedDB (shared with its background page). */
export function storedSamples(extensionPage: Page): Promise<{ text: string; learned: number }[]> {
  return extensionPage.evaluate(readStoredSamples);
}

/** What the popup (opened as a tab for a page's tab) lists live: the word being typed and the suggestions. */
export function liveSuggestions(popup: Page): Promise<{ title: string; words: string[] }> {
  return popup.evaluate(() => ({
    title: document.querySelector('.live h2')?.textContent ?? '',
    words: [...document.querySelectorAll('.live li')].map((li) => li.textContent ?? ''),
  }));
}

/** Polls `read` until `check` holds; returns the last value or throws with it. */
export async function pollUntil<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reloads the whole extension from one of its pages: the background page starts again. */
export async function reloadExtension(extensionPage: Page): Promise<void> {
  // The page goes away with the extension, so the call may never answer.
  await Promise.race([
    extensionPage.evaluate(() => browser.runtime.reload()).catch(() => undefined),
    new Promise((r) => setTimeout(r, 2000)),
  ]);
}

/** When the extension's background page started (its time origin, ms since the epoch). */
export function backgroundStartedAt(extensionPage: Page): Promise<number> {
  return extensionPage.evaluate(() => browser.extension.getBackgroundPage()!.performance.timeOrigin);
}
