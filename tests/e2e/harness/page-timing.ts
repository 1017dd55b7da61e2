import type { BrowserContext } from 'playwright-core';

/**
 * How long a page takes to show, in ms after its navigation start: its first contentful paint,
 * and the frame painted once an element is there (the popup's switches, read from storage).
 */

/** Installed before the page's own scripts: the time (ms after navigation start) the frame showing `selector` was painted. */
const markPainted = (selector: string) => {
  const mark = globalThis as { __inklingPainted?: number };
  new MutationObserver((_, observer) => {
    if (!document.querySelector(selector)) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { mark.__inklingPainted = performance.now(); };
      channel.port2.postMessage(0);
    });
  }).observe(document, { subtree: true, childList: true });
};

/** The first contentful paint of the page, in ms after navigation start (waits for it). */
const FIRST_CONTENTFUL_PAINT = `new Promise((done) => new PerformanceObserver((list, observer) => {
  const entry = list.getEntriesByName('first-contentful-paint')[0];
  if (entry) { observer.disconnect(); done(entry.startTime); }
}).observe({ type: 'paint', buffered: true }))`;

/** Opens `url` in a new page: its first contentful paint and the paint showing `selector` (ms after navigation start). */
export async function timeOpening(context: BrowserContext, url: string, selector: string): Promise<{ fcp: number; shown: number }> {
  const page = await context.newPage();
  try {
    await page.addInitScript(markPainted, selector);
    await page.goto(url);
    const fcp = (await page.evaluate(FIRST_CONTENTFUL_PAINT)) as number;
    const shown = (await (await page.waitForFunction('globalThis.__inklingPainted')).jsonValue()) as number;
    return { fcp, shown };
  } finally {
    await page.close();
  }
}
