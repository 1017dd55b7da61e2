import { afterAll, beforeAll } from 'vitest';
import { launchWithExtension, type ExtensionBrowser, type LaunchOptions } from './browser';
import { startPageServer, type PageServer } from './server';

export interface ExtensionSession {
  server: PageServer;
  browser: ExtensionBrowser;
}

/**
 * For one test file: starts the page server and Chromium with the built extension before its
 * tests (handing both to `set`), and closes them after.
 */
export function withExtensionSession(set: (session: ExtensionSession) => void, options: LaunchOptions = {}): void {
  let session: Partial<ExtensionSession> = {};
  beforeAll(async () => {
    const [server, browser] = await Promise.all([startPageServer(), launchWithExtension(options)]);
    session = { server, browser };
    set({ server, browser });
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
}
