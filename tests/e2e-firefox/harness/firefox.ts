import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Browser as BrowserName, createProfile } from '@puppeteer/browsers';
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX_EXTENSION_DIR =
  process.env.INKLING_FIREFOX_EXTENSION_DIR ?? resolve(import.meta.dirname, '../../../.output/firefox-mv2');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** The add-on id of the Firefox build (wxt.config.ts) and the fixed internal UUID we give it. */
const ADDON_ID = 'inkling@inkling.local';
const ADDON_UUID = '7c1d3f4e-9a55-4c5e-8f0e-14c1a6e2e000';

export interface FirefoxWithExtension {
  browser: Browser;
  /** `moz-extension://<uuid>` — the extension's own pages live under it. */
  extensionOrigin: string;
  close(): Promise<void>;
}

/** Reads the WebDriver BiDi address Firefox prints on stderr once it listens. */
function bidiEndpoint(proc: ChildProcess, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolveEndpoint, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`Firefox did not start in ${timeoutMs} ms:\n${log}`)), timeoutMs);
    proc.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const found = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
      if (found) {
        clearTimeout(timer);
        resolveEndpoint(found[1]!);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Firefox exited (${code}) before it listened:\n${log}`));
    });
  });
}

/**
 * Starts headless Firefox ESR with the built MV2 extension installed as a temporary add-on
 * (RECIPES.md: our own process and profile, puppeteer-core over WebDriver BiDi).
 */
export async function launchFirefox(extensionDir = FIREFOX_EXTENSION_DIR): Promise<FirefoxWithExtension> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build in ${extensionDir}: run \`npm run build:firefox\` first (npm test does).`);
  }
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: apt-get install -y firefox-esr`);
  const profile = mkdtempSync(join(tmpdir(), 'inkling-ff-'));
  await createProfile(BrowserName.FIREFOX, {
    path: profile,
    // A fixed internal UUID, so the tests know the address of the extension's pages.
    preferences: { 'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }) },
  });
  const proc = spawn(
    FIREFOX,
    ['--headless', '--remote-debugging-port=0', '--remote-allow-system-access', '--profile', profile],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } },
  );
  const stop = () => {
    proc.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const endpoint = await bidiEndpoint(proc);
    const browser = await puppeteer.connect({ browserWSEndpoint: `${endpoint}/session`, protocol: 'webDriverBiDi' });
    const id = await browser.installExtension(extensionDir);
    if (id !== ADDON_ID) throw new Error(`installed add-on ${id}, expected ${ADDON_ID}`);
    return {
      browser,
      extensionOrigin: `moz-extension://${ADDON_UUID}`,
      close: async () => {
        await browser.close().catch(() => undefined);
        stop();
      },
    };
  } catch (error) {
    stop();
    throw error;
  }
}
