import type { Page } from 'playwright-core';
import { afterEach } from 'vitest';
import type { ExtensionSession } from './session';
import { InklingUi } from './ui';

/** One open test page and Inkling's UI in it; closed after each test. */
export interface OpenTab {
  page: Page;
  ui: InklingUi;
}

/**
 * `open(path, frames)` opens a test page in a new tab and waits for Inkling to run in `frames`
 * of its frames; the tab is closed after the test, or when the next one is opened.
 */
export function tabOpener(session: () => ExtensionSession): (path: string, frames?: number) => Promise<OpenTab> {
  let current: OpenTab | null = null;
  const close = async () => {
    await current?.ui.detach();
    await current?.page.close();
    current = null;
  };
  afterEach(close);
  return async (path, frames = 1) => {
    await close(); // one tab at a time: opening another closes the last
    const { browser, server } = session();
    const page = await browser.context.newPage();
    const ui = await InklingUi.attach(page);
    current = { page, ui };
    await page.goto(`${server.origin}${path}`);
    await ui.waitForFrames(frames);
    return current;
  };
}
