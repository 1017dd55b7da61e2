import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from './harness/browser';
import { valueOf, waitForValue } from './harness/fields';
import { recordRequests, type RequestLog } from './harness/network';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { readPageStorage, readStoredData, recordsContaining, type StoredRecord } from './harness/stored-data';
import { InklingUi } from './harness/ui';
import { runningWorker, stopServiceWorker, wakeWorker } from './harness/worker';

/**
 * Privacy, proven in real Chromium: nothing leaves the device, hostile pages learn nothing,
 * sensitive input is never stored. Each test is named after the promise it checks.
 */

/** The extension APIs the snippets evaluated in the worker or an extension page use. */
declare const chrome: {
  runtime: { sendMessage(message: object): Promise<unknown>; connect(info: { name: string }): { onMessage: { addListener(f: (m: unknown) => void): void }; postMessage(m: object): void } };
  tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  windows: { create(data: object): Promise<unknown> };
  developerPrivate: { updateProfileConfiguration(c: object): Promise<void>; updateExtensionConfiguration(c: object): Promise<void> };
};

let server: PageServer;
let browser: ExtensionBrowser;
let network: RequestLog;

withExtensionSession((s) => {
  ({ server, browser } = s);
  network = recordRequests(browser.context);
});
afterAll(() => network?.stop());

/** The extension's running service worker (it is restarted on purpose below). */
const worker = () => runningWorker(browser.context, browser.extensionId);

/** Opens a page and waits until Inkling runs in its `frames` frames. */
async function open(url: string, frames = 1): Promise<{ page: Page; ui: InklingUi }> {
  const page = await browser.context.newPage();
  const ui = await InklingUi.attach(page);
  await page.goto(url);
  await ui.waitForFrames(frames);
  return { page, ui };
}

/** Types `text` into a field and leaves it, which commits the draft; waits until the text is stored. */
async function writeAndCommit(page: Page, selector: string, text: string, leaveTo = '#done'): Promise<void> {
  await page.locator(selector).click();
  await page.keyboard.type(text);
  await page.locator(leaveTo).click();
}

/** Waits until some stored record holds `marker` (a positive control: the reader sees stored writing). */
async function untilStored(marker: string, timeoutMs = 15_000): Promise<StoredRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await readStoredData(await worker());
    if (recordsContaining(records, marker).length) return records;
    if (Date.now() > deadline) throw new Error(`"${marker}" was never stored`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every file of the built extension, relative to its folder. */
function packageFiles(dir = EXTENSION_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? packageFiles(path) : [relative(EXTENSION_DIR, path)];
  });
}

describe('nothing leaves the device', () => {
  it('the manifest has no host permissions, no externally_connectable, a strict CSP, and the package loads no remote code', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.optional_host_permissions).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();
    // Only permissions that reach neither the network nor other sites' data.
    for (const permission of manifest.permissions as string[]) expect(['storage', 'unlimitedStorage', 'alarms', 'idle', 'offscreen']).toContain(permission);
    expect(manifest.optional_permissions).toBeUndefined();
    const csp = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)]));
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(Object.keys(directives).sort()).toEqual(['object-src', 'script-src']);
    expect(directives['object-src']).toEqual(["'self'"]);
    // Scripts and pages only from the package: no remote script tags, imports, workers or eval.
    for (const file of packageFiles().filter((f) => /\.(js|html)$/.test(f))) {
      const text = readFileSync(join(EXTENSION_DIR, file), 'utf8');
      expect(text, file).not.toMatch(/<script[^>]+src=["']?(https?:)?\/\//i);
      expect(text, file).not.toMatch(/\b(importScripts|import)\s*\(\s*["'`](https?:)?\/\//);
      expect(text, file).not.toMatch(/\bnew\s+(Worker|SharedWorker)\s*\(\s*["'`]https?:/);
      expect(text, file).not.toMatch(/\b(fetch|sendBeacon|WebSocket|EventSource)\s*\(\s*["'`](https?|wss?):\/\//);
    }
    const scripts = [(manifest.background as { service_worker: string }).service_worker, ...(manifest.content_scripts as { js: string[] }[]).flatMap((c) => c.js)];
    for (const script of scripts) expect(packageFiles()).toContain(script);
  });

  it('a typing-and-learning session makes no network request from the extension’s worker, pages or content scripts', async () => {
    const { page, ui } = await open(`${server.origin}/basic.html`, 3);
    const area = page.locator('#area');
    await area.click();
    await page.keyboard.type('Thank you for the he');
    await ui.waitForSuggestions();
    await page.keyboard.press('Tab');
    await page.keyboard.type('I met Norvantis at the station and we talked about the plan.');
    await page.locator('#after-area').click(); // commits the draft: stored and learned
    await untilStored('Norvantis');
    // Every extension page, too.
    for (const path of ['popup.html', 'options.html']) {
      const extensionPage = await browser.context.newPage();
      await extensionPage.goto(`chrome-extension://${browser.extensionId}/${path}`);
      await extensionPage.waitForLoadState('networkidle');
      await extensionPage.close();
    }
    // A restarted worker loads its model again: the recorder must see that (a positive control).
    await stopServiceWorker(browser);
    await wakeWorker(browser);
    await page.locator('#text').click();
    await page.keyboard.type('We are going to th');
    await ui.waitForSuggestions();
    await page.close();

    const own = `chrome-extension://${browser.extensionId}/`;
    const requests = network.requests;
    const byWorker = requests.filter((r) => r.by === 'worker');
    const byExtensionPages = requests.filter((r) => r.by.startsWith('chrome-extension://'));
    expect(byWorker.some((r) => r.url.startsWith(`${own}models/`)), 'the recorder sees the worker load its model').toBe(true);
    expect(byWorker.filter((r) => !r.url.startsWith(own))).toEqual([]);
    expect(byExtensionPages.filter((r) => !r.url.startsWith(own))).toEqual([]);
    // Anything else is the test's own navigations and what web pages load of themselves: their
    // HTML, scripts and favicon from the test server. Nothing goes anywhere else.
    const pageFiles = new Set(readdirSync(join(import.meta.dirname, 'pages')).map((f) => `/${f}`).concat('/favicon.ico'));
    const elsewhere = requests.filter((r) => {
      if (r.url.startsWith(own) || /^(data|blob|about):/.test(r.url)) return false;
      const url = new URL(r.url);
      return url.origin !== server.origin || !(pageFiles.has(url.pathname) || url.pathname.startsWith('/bundles/'));
    });
    expect(elsewhere).toEqual([]);
    expect(requests.filter((r) => r.resourceType === 'websocket')).toEqual([]);
  });
});

describe('hostile pages learn nothing', () => {
  const SECRET = 'Zorblattic';

  beforeAll(async () => {
    // The user wrote a made-up name on another site: only Inkling knows it.
    const { page } = await open(`${server.origin.replace('127.0.0.1', 'localhost')}/fields.html`);
    await writeAndCommit(page, '#area', `Please ask ${SECRET} about the plan. ${SECRET} will call you back tomorrow morning.`);
    await untilStored(SECRET);
    await page.close();
  });

  it('a page that watches the DOM, shadow roots, styles, events and messages never sees a suggestion it was not given', async () => {
    const { page, ui } = await open(`${server.origin}/hostile.html`);
    const before = JSON.stringify(await page.evaluate(() => (window as unknown as { __collected(): string[] }).__collected())).toLowerCase();
    const area = page.locator('#area');
    await area.click();
    const shown = new Set<string>();
    const typed = 'I would like to th';
    await page.keyboard.type(typed);
    for (const w of (await ui.waitForSuggestions()).words) shown.add(w);
    await page.keyboard.type('ank you. I will call Zor');
    const offered = await ui.waitUntil((s) => Boolean(s?.words.includes(SECRET)), 10_000);
    for (const w of offered!.words) shown.add(w);
    expect(offered!.ghost).toBe(SECRET.slice(3)); // the rest of the word is drawn after the caret…
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300))); // …and the page keeps sweeping for a while

    const seen = JSON.stringify(await page.evaluate(() => (window as unknown as { __collected(): string[] }).__collected())).toLowerCase();
    const allTyped = `${typed}ank you. I will call Zor`.toLowerCase();
    // Words Inkling showed that the user did not type and the page did not already contain.
    const secretWords = [...shown].map((w) => w.toLowerCase()).filter((w) => w.length >= 4 && !allTyped.includes(w) && !before.includes(w));
    expect(secretWords).toContain(SECRET.toLowerCase());
    for (const word of secretWords) expect(seen, `the page saw "${word}"`).not.toContain(word);
    expect(seen).not.toContain(SECRET.slice(3).toLowerCase()); // nor the ghost text

    // Accepting the word puts it in the field: now it is the page's, and the page sees it (so it would have seen it before).
    await page.keyboard.press('Tab');
    await waitForValue(valueOf(area), `${typed}ank you. I will call ${SECRET} `);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    const after = JSON.stringify(await page.evaluate(() => (window as unknown as { __collected(): string[] }).__collected())).toLowerCase();
    expect(after).toContain(SECRET.toLowerCase());
    await page.close();
  });

  it('a page cannot message the extension: no externally_connectable, spoofed window messages get no answer', async () => {
    const { page, ui } = await open(`${server.origin}/hostile.html`);
    await page.locator('#area').click();
    await page.keyboard.type('I would like to th');
    expect((await ui.waitForSuggestions()).words.length).toBeGreaterThan(0); // Inkling runs here
    const results = await page.evaluate((id) => (window as unknown as { tryExtension(id: string): Promise<Record<string, string>> }).tryExtension(id), browser.extensionId);
    expect(results.runtime).toMatch(/no chrome\.runtime|error|threw/);
    expect(results.connect).toMatch(/no chrome\.runtime|threw/);
    expect(results.resource).toMatch(/fetch failed/);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    const messages = (await page.evaluate(() => (window as unknown as { __collected(): string[] }).__collected())).filter((m) => m.startsWith('postMessage:'));
    // Only the page's own spoofed messages and the WXT loader's start notice: no answer from Inkling.
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).not.toMatch(/"ok"|"suggestions"|"samples"|"error"|zorblattic/i);
    await page.close();
  });

  it('a compromised content script cannot read stored writing or another tab’s suggestions', async () => {
    const victim = await open(`${server.origin}/basic.html`, 3);
    const attacker = await open(`${server.origin}/hostile.html`);
    const victimTab = await (await worker()).evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id));
    // Code running in Inkling's content-script world of the hostile page (what a compromised renderer could run).
    const cdp = await browser.context.newCDPSession(attacker.page);
    const worlds: number[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.auxData?.type === 'isolated' && String(context.origin).startsWith('chrome-extension://')) worlds.push(context.id);
    });
    await cdp.send('Runtime.enable');
    const inContentScript = async (expression: string) => {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: worlds[0], awaitPromise: true, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value as unknown;
    };
    const replies = await inContentScript(`Promise.all(['exportData', 'listSamples', 'listVocabulary', 'personalInfo'].map((type) =>
      chrome.runtime.sendMessage({ inkling: 1, type, data: {} })))`) as { ok?: unknown; error?: string }[];
    for (const reply of replies) expect(reply).toMatchObject({ name: 'ProtocolError' });
    expect(JSON.stringify(replies)).not.toContain(SECRET);
    // Listening on the popup's live port for every tab while the user types in another one.
    await inContentScript(`(() => { globalThis.__live = []; for (const tabId of ${JSON.stringify(victimTab)}) {
      const port = chrome.runtime.connect({ name: 'inkling-live' });
      port.onMessage.addListener((m) => globalThis.__live.push(m));
      port.postMessage({ tabId });
    } return true; })()`);
    await victim.page.bringToFront();
    await victim.page.locator('#area').click();
    await victim.page.keyboard.type('I will call Zor');
    await victim.ui.waitUntil((s) => Boolean(s?.words.includes(SECRET)), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await inContentScript('globalThis.__live')).toEqual([]);
    await cdp.detach();
    await victim.page.close();
    await attacker.page.close();
  });
});

describe('sensitive input is never stored', () => {
  it('nothing typed in password, card-number or one-time-code fields is captured (every stored record read)', async () => {
    const { page } = await open(`${server.origin}/fields.html`);
    await writeAndCommit(page, '#password', 'Kwyjibopass secret words here');
    await writeAndCommit(page, '#card', 'Cardnumblix 4111 1111 1111 1111');
    await writeAndCommit(page, '#otp', 'Otpzyxwv code');
    await writeAndCommit(page, '#area', 'Ordinary Plumbrella words that may be kept and learned.');
    const records = await untilStored('Plumbrella');
    // The card number as typed and with its spaces gone (four digits alone also turn up in any
    // stored float: the personal gate's weights held 0.9698527737114111 once).
    for (const marker of ['Kwyjibopass', 'Cardnumblix', '4111 1111', '4111111111111111', 'Otpzyxwv']) expect(recordsContaining(records, marker)).toEqual([]);
    expect(await readPageStorage(page)).not.toMatch(/Kwyjibopass|Cardnumblix|Otpzyxwv|Plumbrella/);
    await page.close();
  });

  it('nothing typed on a site switched off in the popup is captured', async () => {
    const site = server.origin.replace('127.0.0.1', 'localhost');
    const { page } = await open(`${site}/fields.html`);
    await page.bringToFront();
    const tabId = await (await worker()).evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]!.id!);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
    const siteSwitch = popup.getByRole('switch', { name: 'Suggest on localhost' });
    await expect.poll(() => siteSwitch.isChecked(), { timeout: 10_000 }).toBe(true); // the popup has read the switches
    await siteSwitch.uncheck();
    await expect.poll(async () => (await worker()).evaluate(async () => JSON.stringify(await chrome.storage.local.get('sitesTurnedOff'))), { timeout: 10_000 }).toContain('localhost');
    await popup.close();
    await page.bringToFront();
    await writeAndCommit(page, '#area', 'Blockomatic words written on a site switched off.');
    await page.locator('#notes').click();
    await page.keyboard.type('More Blockomatic text, then a pause long enough to commit a draft.');
    await page.locator('#done').click();
    // A positive control on another site, written after: once it is stored, the blocked draft was handled.
    const other = await open(`${server.origin}/fields.html`);
    await writeAndCommit(other.page, '#area', 'Allowed Glimmerfax words on a site that is on.');
    const records = await untilStored('Glimmerfax');
    expect(recordsContaining(records, 'Blockomatic')).toEqual([]);
    await page.close();
    await other.page.close();
  });

  it('nothing typed in an incognito window is captured', async () => {
    // Its own browser: allowing the extension in incognito reloads it. The switch is the one on chrome://extensions.
    const own = await launchWithExtension();
    try {
      const settings = await own.context.newPage();
      await settings.goto('chrome://extensions/');
      const reloaded = own.context.waitForEvent('serviceworker');
      await settings.evaluate(async (extensionId) => {
        await chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true });
        await chrome.developerPrivate.updateExtensionConfiguration({ extensionId, incognitoAccess: true });
      }, own.extensionId);
      const wake = await own.context.newPage();
      await wake.goto(`chrome-extension://${own.extensionId}/popup.html`);
      const worker = await Promise.race([reloaded, runningWorker(own.context, own.extensionId)]);
      await wake.close();

      const incognitoPage = own.context.waitForEvent('page');
      await worker.evaluate((url) => chrome.windows.create({ incognito: true, url }), `${server.origin}/fields.html`);
      const page = await incognitoPage;
      const ui = await InklingUi.attach(page);
      await page.reload();
      await ui.waitForFrames(1);
      expect(await worker.evaluate(async () => (await chrome.tabs.query({})).some((t) => (t as { incognito?: boolean }).incognito))).toBe(true);
      // Inkling runs there (suggestions appear), so its content script did see the typing…
      await page.locator('#area').click();
      await page.keyboard.type('Incognitrix words typed in a private window. I would like to th');
      expect((await ui.waitForSuggestions()).words.length).toBeGreaterThan(0);
      await page.locator('#done').click();
      // …and a draft from a normal window, written after, is stored: the private one had its turn.
      const normal = await own.context.newPage();
      const normalUi = await InklingUi.attach(normal);
      await normal.goto(`${server.origin}/fields.html`);
      await normalUi.waitForFrames(1);
      await writeAndCommit(normal, '#area', 'Normal Vandermoss words from an ordinary window.');
      let records: StoredRecord[] = [];
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        records = await readStoredData(await runningWorker(own.context, own.extensionId));
        if (recordsContaining(records, 'Vandermoss').length) break;
      }
      expect(recordsContaining(records, 'Vandermoss').length).toBeGreaterThan(0);
      expect(recordsContaining(records, 'Incognitrix')).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
