import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPageServer, type PageServer } from '../e2e/harness/server';
import { splitAtWord } from '../../src/page/word';
import { launchFirefox, type FirefoxWithExtension } from './harness/firefox';
import { backgroundStartedAt, liveSuggestions, openExtensionPage, otherTabIds, pollUntil, reloadExtension, storedSamples } from './harness/extension-pages';

/**
 * The Firefox build (.output/firefox-mv2) in real Firefox ESR, seen only through what a page and
 * the extension's own pages can see: the field's value, and the popup (opened as a tab for the
 * page's tab) that lists the live suggestions.
 */

let ff: FirefoxWithExtension;
let server: PageServer;

beforeAll(async () => {
  [ff, server] = await Promise.all([launchFirefox(), startPageServer()]);
});
afterAll(async () => {
  await ff?.close();
  await server?.close();
});

interface Opened { page: Page; popup: Page; close(): Promise<void> }

/** Opens a test page and, beside it, the popup for that page's tab. */
async function openWithPopup(path = '/basic.html'): Promise<Opened> {
  // One web page tab (the browser's first, reused: its last tab cannot close), so the popup knows which.
  const [page, ...stale] = await ff.browser.pages();
  for (const tab of stale) await tab.close().catch(() => undefined);
  await page!.goto(`${server.origin}${path}`);
  const probe = await openExtensionPage(ff, 'popup.html');
  const tabIds = await otherTabIds(probe);
  await probe.close();
  if (tabIds.length !== 1) throw new Error(`expected one web page tab, found ${tabIds.length}`);
  // The popup names the site once the page's content script answers it (it starts at document_idle).
  const popup = await pollUntil(async () => {
    const opened = await openExtensionPage(ff, `popup.html?tab=${tabIds[0]}`);
    const named = await pollUntil(() => opened.evaluate(() => document.body.innerText.includes('127.0.0.1')), (v) => v, 'site', 2000).catch(() => false);
    if (named) return opened;
    await opened.close();
    return null;
  }, (p) => p !== null, 'the content script answering the popup', 30_000);
  await page!.bringToFront();
  return { page: page!, popup: popup!, close: async () => { await popup!.close(); } };
}

const valueOf = (page: Page, selector: string) =>
  page.$eval(selector, (el) => ('value' in el ? (el as HTMLInputElement).value : (el as HTMLElement).innerText).replace(/\u00A0/g, ' '));

/**
 * Types `text` and waits until the popup lists suggestions for its last word (the content
 * script and the model may still be starting; the list follows the keystrokes a little behind).
 */
async function typeUntilSuggested(opened: Opened, selector: string, text: string): Promise<string[]> {
  await opened.page.click(selector);
  await opened.page.keyboard.type(text);
  const { prefix } = splitAtWord(text);
  const live = await pollUntil(
    () => liveSuggestions(opened.popup),
    (l) => l.words.length > 0 && (prefix ? l.title.includes(`“${prefix}…”`) : !l.title.includes('“')),
    `suggestions for "${text}"`,
    20_000,
  );
  return live.words;
}

/** Where the page sees our (closed) suggestion host below a field: a point to click the first chip. */
function firstChipPoint(page: Page, selector: string): Promise<{ x: number; y: number } | null> {
  return page.$eval(selector, (field) => {
    const r = field.getBoundingClientRect();
    for (let y = r.top; y < r.bottom + 80; y += 3) {
      for (let x = r.left; x < r.right; x += 3) {
        if (document.elementFromPoint(x, y)?.localName === 'inkling-suggestions') return { x: x + 12, y: y + 6 };
      }
    }
    return null;
  });
}

describe('Inkling in real Firefox ESR', () => {
  it('accepts with Tab in a textarea, Alt+1 in an input and a click in a contenteditable; Ctrl+Z undoes', async () => {
    const opened = await openWithPopup();
    const { page } = opened;

    const typed = 'I would like to th';
    const [first] = await typeUntilSuggested(opened, '#area', typed);
    await page.keyboard.press('Tab');
    const accepted = `${splitAtWord(typed).context}${first} `;
    await pollUntil(() => valueOf(page, '#area'), (v) => v === accepted, 'textarea after Tab');
    await page.keyboard.down('Control'); await page.keyboard.press('z'); await page.keyboard.up('Control');
    await pollUntil(() => valueOf(page, '#area'), (v) => v === typed, 'textarea after Ctrl+Z');

    const inInput = 'Thank you for the he';
    const [inputFirst] = await typeUntilSuggested(opened, '#text', inInput);
    await page.keyboard.down('Alt'); await page.keyboard.press('1'); await page.keyboard.up('Alt');
    await pollUntil(() => valueOf(page, '#text'), (v) => v === `${splitAtWord(inInput).context}${inputFirst} `, 'input after Alt+1');

    const inEditable = 'See you at the mee';
    const [editableFirst] = await typeUntilSuggested(opened, '#editable', inEditable);
    const point = await pollUntil(() => firstChipPoint(page, '#editable'), (p) => p !== null, 'the suggestion bar under the contenteditable');
    await page.mouse.click(point!.x, point!.y);
    await pollUntil(() => valueOf(page, '#editable'), (v) => v === `${splitAtWord(inEditable).context}${editableFirst} `, 'contenteditable after click');
    await opened.close();
  });

  it('the popup renders and its site switch applies at once', async () => {
    const opened = await openWithPopup();
    const { page, popup } = opened;
    await typeUntilSuggested(opened, '#area', 'We are going to the');
    await pollUntil(() => popup.evaluate(() => document.querySelector('main')?.textContent ?? ''), (t) => /M parameters/.test(t), 'model line');
    const clickSiteSwitch = () => popup.evaluate(() => {
      const label = [...document.querySelectorAll('label.switch')].find((l) => l.textContent?.includes('127.0.0.1'));
      (label?.querySelector('input') as HTMLInputElement).click();
      return (label?.querySelector('input') as HTMLInputElement).checked;
    });
    expect(await clickSiteSwitch()).toBe(false);
    await page.bringToFront();
    await page.click('#dark-area');
    await page.keyboard.type('We are going to the be');
    await page.keyboard.press('Tab'); // with the site off, Tab is the page's: focus moves on, nothing inserted
    expect(await valueOf(page, '#dark-area')).toBe('We are going to the be');
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('dark-area');
    expect(await clickSiteSwitch()).toBe(true);
    await page.bringToFront();
    await typeUntilSuggested(opened, '#area', ' and a');
    await opened.close();
  });

  it('learns a made-up name on one page and suggests it on another, also after the background restarts; never stores a password', async () => {
    const opened = await openWithPopup();
    const { page, popup } = opened;
    await page.click('#password');
    await page.keyboard.type('hunter2 secret passphrase');
    await page.click('#area');
    await page.keyboard.type('I met Quorvenne at the station. Quorvenne says hello to everyone.');
    await page.click('#after-area'); // leaving the field commits the draft
    const samples = await pollUntil(() => storedSamples(popup), (s) => s.some((x) => x.text.includes('Quorvenne') && x.learned === 1), 'learned sample', 20_000);
    expect(samples.some((s) => /hunter2|passphrase/.test(s.text))).toBe(false);
    await opened.close();

    const again = await openWithPopup();
    const words = await typeUntilSuggested(again, '#area', 'Please call Quor');
    expect(words).toContain('Quorvenne');
    const startedBefore = await backgroundStartedAt(again.popup);
    await reloadExtension(again.popup);

    const restarted = await pollUntil(async () => openWithPopup().catch(() => null), (o) => o !== null, 'extension back after reload', 20_000);
    const after = await pollUntil(
      async () => { await restarted!.page.reload(); return typeUntilSuggested(restarted!, '#text', 'Say hi to Quor').catch(() => [] as string[]); },
      (w) => w.includes('Quorvenne'), 'the name after the background page restarted', 40_000);
    expect(after).toContain('Quorvenne');
    expect(await backgroundStartedAt(restarted!.popup)).toBeGreaterThan(startedBefore);
    await restarted!.close();
  });

  it('keeps a draft when the user navigates away right after typing', async () => {
    const opened = await openWithPopup();
    const { page, popup } = opened;
    await typeUntilSuggested(opened, '#area', 'Remember the Velcastria meeting tomorrow');
    await page.goto(`${server.origin}/untagged.html`); // pagehide, no focusout, well within the pause
    await pollUntil(() => storedSamples(popup), (s) => s.some((x) => x.text.includes('Velcastria')), 'the draft stored', 15_000);
    await opened.close();
  });
});
