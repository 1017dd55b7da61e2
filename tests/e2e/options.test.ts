import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser';
import { valueOf, waitForValue } from './harness/fields';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { InklingUi } from './harness/ui';

/** The extension APIs the worker-side snippets below use. */
declare const chrome: {
  tabs: { query(query: object): Promise<{ id?: number }[]> };
  storage: { local: { get(keys: null): Promise<Record<string, unknown>> } };
};

// The README's screenshots are refreshed with INKLING_UPDATE_SCREENSHOTS=1; a plain run leaves the tree clean.
const SHOTS = process.env.INKLING_UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, '../../docs')
  : resolve(import.meta.dirname, 'artifacts');

let server: PageServer;
let browser: ExtensionBrowser;

withExtensionSession((s) => ({ server, browser } = s));
beforeAll(() => { mkdirSync(SHOTS, { recursive: true }); });

/** Console errors and uncaught exceptions of an extension page: there must be none. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Opens the typing page, from the page server (127.0.0.1) unless another origin is given. */
async function openTypingPage(b = browser, origin = server.origin): Promise<{ page: Page; ui: InklingUi; area: Locator }> {
  const page = await b.context.newPage();
  const ui = await InklingUi.attach(page);
  await page.goto(`${origin}/basic.html`);
  await ui.waitForFrames(3);
  const area = page.locator('#area');
  await area.click();
  return { page, ui, area };
}

async function openOptions(b = browser): Promise<{ options: Page; errors: string[] }> {
  const options = await b.context.newPage();
  const errors = consoleErrors(options);
  await options.goto(`chrome-extension://${b.extensionId}/options.html`);
  await options.getByRole('heading', { level: 1 }).waitFor();
  await options.getByLabel('Number of suggestions').or(options.getByLabel('Número de sugestões')).waitFor();
  return { options, errors };
}

/** The id of the tab in front (asked from the worker). */
async function frontTabId(page: Page, b = browser): Promise<number> {
  await page.bringToFront();
  return b.worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]!.id!);
}

/** How many records each IndexedDB store holds, read in the worker. */
function storeCounts(): Promise<Record<string, number>> {
  return browser.worker.evaluate(() => new Promise<Record<string, number>>((done, fail) => {
    const open = indexedDB.open('inkling');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames];
      const tx = db.transaction(names);
      const counts: Record<string, number> = {};
      for (const name of names) {
        const req = tx.objectStore(name).count();
        req.onsuccess = () => { counts[name] = req.result; };
      }
      tx.oncomplete = () => { db.close(); done(counts); };
      tx.onerror = () => fail(tx.error);
    };
  }));
}

/** Every record of one store, read in the worker. */
function storeRecords(store: 'samples' | 'vocabulary'): Promise<unknown[]> {
  return browser.worker.evaluate((name) => new Promise<unknown[]>((done, fail) => {
    const open = indexedDB.open('inkling');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction(name).objectStore(name).getAll();
      get.onsuccess = () => { open.result.close(); done(get.result); };
      get.onerror = () => fail(get.error);
    };
  }), store);
}

/** Puts the caret at the end of the field (after focus moved away). */
async function caretToEnd(area: Locator): Promise<void> {
  await area.evaluate((el: HTMLTextAreaElement) => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); });
}

describe('options page: each setting applies in an open tab at once', () => {
  it('number of suggestions, ghost text, accept keys, automatic space, when to start', async () => {
    const { page, ui, area } = await openTypingPage();
    const { options, errors } = await openOptions();
    await page.keyboard.type('I would like to th');
    let shown = await ui.waitForSuggestions();
    expect(shown.words).toHaveLength(3);
    expect(shown.ghost).not.toBe('');

    await options.getByLabel('Number of suggestions').selectOption('5');
    await ui.waitUntil((s) => s?.words.length === 5);
    await options.getByLabel('Number of suggestions').selectOption('1');
    await ui.waitUntil((s) => s?.words.length === 1);
    await options.getByLabel('Number of suggestions').selectOption('3');

    await options.getByRole('switch', { name: /^Show the rest of the word/ }).uncheck();
    await ui.waitUntil((s) => s !== null && s.ghost === '');
    await options.getByRole('switch', { name: /^Show the rest of the word/ }).check();
    await ui.waitUntil((s) => s !== null && s.ghost !== '');

    // Tab off: it moves the focus as on any page, nothing is inserted.
    await options.getByRole('switch', { name: /^Tab in text boxes and editors/ }).uncheck();
    await page.keyboard.press('Tab');
    expect(await area.inputValue()).toBe('I would like to th');
    await options.getByRole('switch', { name: /^Tab in text boxes and editors/ }).check();

    // Enter on: it accepts.
    await options.getByRole('switch', { name: 'Enter (the first suggestion)' }).check();
    await caretToEnd(area);
    await page.keyboard.type('e');
    shown = await ui.waitForSuggestions();
    await page.keyboard.press('Enter');
    await waitForValue(valueOf(area), `I would like to ${shown.words[0]} `);
    await options.getByRole('switch', { name: 'Enter (the first suggestion)' }).uncheck();

    // Automatic space off: the word alone.
    await options.getByRole('switch', { name: 'Add a space after an accepted word' }).uncheck();
    await area.fill('');
    await page.keyboard.type('Thank you for the he');
    shown = await ui.waitForSuggestions();
    await page.keyboard.press('Tab');
    await waitForValue(valueOf(area), `Thank you for the ${shown.words[0]}`);
    await options.getByRole('switch', { name: 'Add a space after an accepted word' }).check();

    // Alt+digits and click off: neither inserts.
    await area.fill('');
    await page.keyboard.type('I would like to th');
    shown = await ui.waitForSuggestions();
    await options.getByRole('switch', { name: /^Alt\+1/ }).uncheck();
    await options.getByRole('switch', { name: 'A click on the suggestion' }).uncheck();
    await page.keyboard.press('Alt+Digit2');
    await page.mouse.click(shown.chips[1]!.x, shown.chips[1]!.y);
    await ui.settle();
    expect(await area.inputValue()).toBe('I would like to th');
    await options.getByRole('switch', { name: /^Alt\+1/ }).check();
    await options.getByRole('switch', { name: 'A click on the suggestion' }).check();
    await caretToEnd(area);
    await page.keyboard.press('Alt+Digit2');
    await waitForValue(valueOf(area), `I would like to ${shown.words[1]} `);

    // Start after 2 letters: nothing at a word start or after one letter.
    await options.getByLabel('Start suggesting').selectOption('2');
    await area.fill('');
    await page.keyboard.type('We are going to t');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await page.keyboard.type('h');
    await ui.waitForSuggestions();
    await options.getByLabel('Start suggesting').selectOption('0');

    expect(errors).toEqual([]);
    await Promise.all([page.close(), options.close()]);
  });

  it('sites turned off, blocked words, and learning off', async () => {
    const { page, ui, area } = await openTypingPage();
    const { options, errors } = await openOptions();
    await page.keyboard.type('I would like to th');
    const shown = await ui.waitForSuggestions();

    await options.getByLabel('Turn off on a site').fill('127.0.0.1');
    await options.getByRole('button', { name: 'Turn off', exact: true }).click();
    await ui.waitUntil((s) => s === null);
    await page.keyboard.type('e');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await options.getByRole('button', { name: 'Turn suggestions back on for 127.0.0.1' }).click();
    // The tab hears of the switch through storage, a moment later: a key typed before that is
    // rightly ignored, so keep typing until it suggests again.
    await expect.poll(async () => {
      await page.keyboard.press('Backspace');
      await page.keyboard.type('e');
      await ui.settle();
      return (await ui.read()) !== null;
    }, { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Backspace');
    await ui.waitForSuggestions();

    // A blocked word is never suggested again.
    const word = shown.words[0]!;
    await options.getByLabel('Never suggest a word').fill(word);
    await options.getByLabel('Never suggest a word').press('Enter');
    await options.getByRole('button', { name: `Unblock ${word.toLowerCase()}` }).waitFor();
    await page.keyboard.press('Backspace');
    await page.keyboard.type('h');
    // Until the reply comes the bar may show the earlier words; the reply has no blocked word.
    await ui.waitUntil((s) => s !== null && s.words.length > 0 && !s.words.map((w) => w.toLowerCase()).includes(word.toLowerCase()));
    await options.getByRole('button', { name: `Unblock ${word.toLowerCase()}` }).click();

    // Learning off: what is written now is not kept; on again, it is.
    await options.getByRole('switch', { name: 'Learn from what I write' }).uncheck();
    await page.locator('#text').click();
    await page.keyboard.type('Nothing from this sentence should be kept anywhere.');
    await page.locator('#after-area').click();
    await options.getByRole('switch', { name: 'Learn from what I write' }).check();
    await area.click();
    await page.keyboard.type(' And this sentence is kept for learning.');
    await page.locator('#after-area').click();
    const texts = async () => (await storeRecords('samples')).map((s) => (s as { text: string }).text);
    await expect.poll(async () => (await texts()).some((t) => t.includes('kept for learning')), { timeout: 10_000 }).toBe(true);
    expect((await texts()).some((t) => t.includes('Nothing from this sentence'))).toBe(false);

    expect(errors).toEqual([]);
    await Promise.all([page.close(), options.close()]);
  });

  it('with "suggest everywhere" off, suggestions only on the sites turned on (options page and popup)', async () => {
    // Two sites: the page server answers as 127.0.0.1 and as localhost.
    const a = await openTypingPage();
    const b = await openTypingPage(browser, server.origin.replace('127.0.0.1', 'localhost'));
    const { options, errors } = await openOptions();
    await options.getByRole('switch', { name: 'Suggest everywhere' }).uncheck();
    await options.getByText('Sites where suggestions are on').waitFor();

    const nothingShown = async ({ page, ui, area }: typeof a, text: string) => {
      await caretToEnd(area);
      await page.keyboard.type(text);
      await ui.settle();
      expect(await ui.read()).toBeNull();
    };
    await nothingShown(a, 'I would like to th');

    // On for 127.0.0.1 from the options page: at once there, and still not on localhost.
    await options.getByLabel('Turn on for a site').fill('127.0.0.1');
    await options.getByRole('button', { name: 'Turn on', exact: true }).click();
    await options.getByRole('button', { name: 'Turn suggestions off for 127.0.0.1' }).waitFor();
    await caretToEnd(a.area);
    await a.page.keyboard.type('e');
    await a.ui.waitForSuggestions();
    await nothingShown(b, 'I would like to th');

    // On for localhost from the popup: its site switch works while "everywhere" is off.
    const popup = await browser.context.newPage();
    const popupErrors = consoleErrors(popup);
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await frontTabId(b.page)}`);
    const siteSwitch = popup.getByRole('switch', { name: 'Suggest on localhost' });
    await expect.poll(() => siteSwitch.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await siteSwitch.isChecked()).toBe(false);
    expect(await popup.getByRole('switch', { name: 'Suggest everywhere' }).isChecked()).toBe(false);
    await siteSwitch.check();
    await options.getByRole('button', { name: 'Turn suggestions off for localhost' }).waitFor();
    await caretToEnd(b.area);
    await b.page.keyboard.type('e');
    await b.ui.waitForSuggestions();

    // Both off again from the options page, then back to "everywhere" for the other tests.
    await options.getByRole('button', { name: 'Turn suggestions off for 127.0.0.1' }).click();
    await options.getByRole('button', { name: 'Turn suggestions off for localhost' }).click();
    await nothingShown(a, ' and th');
    await options.getByRole('switch', { name: 'Suggest everywhere' }).check();
    await options.getByText('Sites where suggestions are off').waitFor();
    await caretToEnd(a.area);
    await a.page.keyboard.type('e');
    await a.ui.waitForSuggestions();

    expect([...errors, ...popupErrors]).toEqual([]);
    await Promise.all([a.page.close(), b.page.close(), popup.close(), options.close()]);
  });
});

describe('popup', () => {
  it('shows the language in use, learning, and the keystrokes saved today', async () => {
    const { page, ui, area } = await openTypingPage();
    const tabId = await frontTabId(page);
    const popup = await browser.context.newPage();
    const errors = consoleErrors(popup);
    await popup.setViewportSize({ width: 340, height: 640 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
    await area.click();
    await page.keyboard.type('Thank you for the he');
    await ui.waitForSuggestions();
    await page.keyboard.press('Tab');
    await page.keyboard.type('I would like to th');
    await ui.waitForSuggestions();
    await popup.getByText('Language: English').waitFor();
    await popup.getByRole('button', { name: 'Pause learning' }).click();
    await popup.getByRole('button', { name: 'Resume learning' }).click();
    // The chart is read when the popup opens: open it again to see the accepted word counted.
    await popup.reload();
    const chart = popup.getByRole('img');
    await expect.poll(async () => Number(/^(\d+)/.exec((await chart.getAttribute('aria-label')) ?? '')?.[1] ?? 0)).toBeGreaterThan(0);
    await popup.getByRole('link', { name: 'Settings and your data' }).waitFor();
    expect(errors).toEqual([]);
    await Promise.all([page.close(), popup.close()]);
  });
});

describe('your data', () => {
  it('a word added in the options page is suggested at once after its first letters', async () => {
    const { page, ui } = await openTypingPage();
    const { options, errors } = await openOptions();
    await options.getByLabel('Add a word').fill('Zyrquandle');
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await options.getByRole('button', { name: 'Remove Zyrquandle' }).waitFor();
    await page.keyboard.type('Ask Zyrq');
    expect((await ui.waitUntil((s) => Boolean(s?.words.includes('Zyrquandle')), 10_000))?.words).toContain('Zyrquandle');
    // Removed, it is no longer suggested (from the next reply after the engines heard of it).
    await options.getByRole('button', { name: 'Remove Zyrquandle' }).click();
    await expect.poll(async () => {
      await page.keyboard.type('u');
      await ui.settle();
      await page.keyboard.press('Backspace');
      await ui.settle();
      return (await ui.read())?.words ?? [];
    }, { timeout: 10_000 }).not.toContain('Zyrquandle');
    expect(errors).toEqual([]);
    await Promise.all([page.close(), options.close()]);
  });

  it('export → delete everything → import restores the same samples and words; delete everything leaves no record', async () => {
    const { page, area } = await openTypingPage();
    await page.keyboard.type('I met Zyrtelle at the harbour. Zyrtelle waved to everyone there.');
    await page.locator('#after-area').click();
    const { options, errors } = await openOptions();
    await options.getByLabel('Add a word').fill('Quixotic');
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await options.getByRole('button', { name: 'Remove Quixotic' }).waitFor();
    await expect.poll(async () => (await storeRecords('vocabulary')).some((w) => (w as { word: string }).word === 'zyrtelle'), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await storeRecords('samples')).every((s) => (s as { learned: number }).learned === 1), { timeout: 15_000 }).toBe(true);
    const samples = await storeRecords('samples');
    const words = await storeRecords('vocabulary');

    const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export to a file' }).click()]);
    const file = readFileSync(await download.path(), 'utf8');
    expect(JSON.parse(file)).toMatchObject({ format: 'inkling-personal-data', version: 2 });

    await options.getByRole('button', { name: 'Delete everything…' }).click();
    await options.getByRole('button', { name: 'Yes, delete everything' }).click();
    await options.getByText('Everything was deleted.').waitFor();
    expect(Object.values(await storeCounts()).every((n) => n === 0)).toBe(true);
    expect(Object.keys(await storeCounts()).sort()).toEqual(['checkpointParts', 'checkpoints', 'meta', 'samples', 'stats', 'vocabulary']);
    const settingKeys = Object.keys(await browser.worker.evaluate(() => chrome.storage.local.get(null)));
    expect(settingKeys.filter((k) => /^(settings|language|suggestEverywhere|sitesTurnedOff|sitesTurnedOn)\$?$/.test(k))).toEqual([]);

    const path = resolve(import.meta.dirname, 'artifacts/import-test.json');
    writeFileSync(path, file);
    await options.getByLabel('Import a file…').setInputFiles(path);
    await options.getByRole('button', { name: 'Replace with this file' }).click();
    await options.getByText(/^Imported \d+ samples and \d+ words\.$/).waitFor();
    expect(await storeRecords('samples')).toEqual(samples);
    expect(await storeRecords('vocabulary')).toEqual(words);
    await options.getByRole('button', { name: 'Remove Quixotic' }).waitFor();

    // Retention: a sample last written long ago goes when the retention is shortened.
    const old = JSON.parse(file) as { samples: { updatedAt: number; createdAt: number }[] };
    old.samples[0]!.updatedAt = old.samples[0]!.createdAt = Date.UTC(2020, 0, 1);
    writeFileSync(path, JSON.stringify(old));
    await options.getByLabel('Import a file…').setInputFiles(path);
    await options.getByRole('button', { name: 'Replace with this file' }).click();
    await options.getByText(/^Imported/).waitFor();
    await options.getByLabel('Keep writing samples for').selectOption('30');
    await expect.poll(async () => (await storeRecords('samples')).length).toBe(samples.length - 1);

    // A damaged file is refused and changes nothing (once the relearning after the expiry is done).
    await expect.poll(async () => (await storeRecords('samples')).every((s) => (s as { learned: number }).learned === 1), { timeout: 15_000 }).toBe(true);
    writeFileSync(path, file.replace('"samples":[{', '"samples":[{"extra":1,'));
    const before = await storeRecords('samples');
    await options.getByLabel('Import a file…').setInputFiles(path);
    await options.getByRole('button', { name: 'Replace with this file' }).click();
    await options.getByText(/^Nothing was changed: samples\[0\] has an unknown field "extra"/).waitFor();
    expect(await storeRecords('samples')).toEqual(before);

    expect(errors).toEqual([]);
    await Promise.all([page.close(), options.close()]);
  });
});

describe('in English and Brazilian Portuguese', () => {
  it.each([
    ['en', 'Inkling settings', 'Suggest everywhere'],
    ['pt-BR', 'Configurações do Inkling', 'Sugerir em todos os sites'],
  ])('%s: popup and options render, with screenshots', async (locale, title, everywhere) => {
    const b = locale === 'en' ? browser : await launchWithExtension({ locale });
    try {
      const { page, ui } = await openTypingPage(b);
      const tabId = await frontTabId(page, b);
      await page.keyboard.type('Thank you for the he');
      await ui.waitForSuggestions();
      await page.keyboard.press('Tab'); // a word accepted: the chart has a bar for today
      await page.keyboard.type('I would like to th');
      await ui.waitForSuggestions();
      const popup = await b.context.newPage();
      const popupErrors = consoleErrors(popup);
      await popup.setViewportSize({ width: 340, height: 600 });
      await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tabId}`);
      await popup.getByRole('switch', { name: everywhere }).waitFor();
      await popup.locator('.live li').first().waitFor();
      await popup.getByRole('img').waitFor();
      await popup.locator('main').screenshot({ path: resolve(SHOTS, `popup-${locale}.png`) });

      const { options, errors } = await openOptions(b);
      await options.setViewportSize({ width: 860, height: 900 });
      expect(await options.getByRole('heading', { level: 1 }).textContent()).toBe(title);
      expect(await options.evaluate(() => document.documentElement.lang)).toMatch(new RegExp(`^${locale}`));
      await options.screenshot({ path: resolve(SHOTS, `options-${locale}.png`), fullPage: true });
      expect([...popupErrors, ...errors]).toEqual([]);
      await Promise.all([page.close(), popup.close(), options.close()]);
    } finally {
      if (b !== browser) await b.close();
    }
  });
});
