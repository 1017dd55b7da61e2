import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const EXTENSION_DIR = process.env.INKLING_EXTENSION_DIR ?? resolve(import.meta.dirname, '../../../.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The extension's service worker (replace it after stopping the worker on purpose). */
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * A user-data directory to use and keep (to relaunch the same browser profile, as after a
   * browser restart). By default a fresh temporary profile is made and deleted on close.
   */
  profile?: string;
  /** The browser's UI language, e.g. 'pt-BR' (extension pages follow it); English by default. */
  locale?: string;
  /** The built extension to load; EXTENSION_DIR by default. */
  extensionDir?: string;
  /** Settings stored before the first page opens (the rest keep their defaults). */
  settings?: Record<string, unknown>;
}

/** Launches headless Chromium with the built extension loaded (flags from RECIPES.md). */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run \`npm run build\` first (npm test does).`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'inkling-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1000, height: 700 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.locale ? [`--lang=${options.locale}`] : []),
    ],
    ...(options.locale ? { locale: options.locale } : {}),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  if (options.settings) {
    // Runs in the worker, where `chrome` is the extension API.
    const store = (settings: Record<string, unknown>) =>
      (globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }).chrome.storage.local.set({ settings });
    await worker.evaluate(store, options.settings);
  }
  return {
    context,
    worker,
    extensionId: new URL(worker.url()).host,
    close: async () => {
      await context.close();
      if (!options.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}
