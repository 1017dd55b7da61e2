import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from './harness/browser';
import { editorModelOf, textOf, typeAndAccept, valueOf, waitForValue, type AcceptBy, type ReadField } from './harness/fields';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { InklingUi } from './harness/ui';

// The README's screenshot is refreshed with INKLING_UPDATE_SCREENSHOTS=1; a plain run leaves the tree clean.
const SCREENSHOT = process.env.INKLING_UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, '../../docs/screenshot-suggestions.png')
  : resolve(import.meta.dirname, 'artifacts/screenshot-suggestions.png');

let server: PageServer;
let browser: ExtensionBrowser;
let page: Page;
let ui: InklingUi;

// Single words taken with Tab: the session writes the same sentences again and again, which phrases
// (tested in phrases.test.ts) would soon offer whole.
withExtensionSession((s) => ({ server, browser } = s), { settings: { phrases: false } });

afterEach(async () => {
  await ui?.detach();
  await page?.close();
});

/** Opens a test page and waits for Inkling to run in its `frames` frames. */
async function open(path: string, frames = 1): Promise<void> {
  page = await browser.context.newPage();
  ui = await InklingUi.attach(page);
  await page.goto(`${server.origin}${path}`);
  await ui.waitForFrames(frames);
}

/**
 * Two rounds of type + accept, then more typing: the field must hold exactly
 * what was typed plus the accepted words, in the editor's own model too.
 */
async function acceptTwice(by: [AcceptBy, AcceptBy], read: ReadField, model: ReadField = read): Promise<void> {
  const first = await typeAndAccept(page, ui, '', 'I would like to th', by[0], read);
  const second = await typeAndAccept(page, ui, first.expected, 'and I a', by[1], read);
  await page.keyboard.type('done');
  const final = `${second.expected}done`;
  await waitForValue(read, final);
  await waitForValue(model, final);
}

describe('typing and accepting in real Chromium', () => {
  it('textarea: Tab and Alt+digit, then Ctrl+Z undoes an insertion', async () => {
    await open('/basic.html', 3);
    const area = page.locator('#area');
    await area.click();
    const first = await typeAndAccept(page, ui, '', 'Thank you for the he', 'tab', valueOf(area));
    await page.keyboard.type('I w');
    await ui.waitForSuggestions();
    await page.mouse.move(900, 650); // no hover highlight in the picture
    await page.screenshot({ path: SCREENSHOT, clip: { x: 0, y: 0, width: 800, height: 260 } });
    await page.keyboard.press('Alt+Digit1');
    const accepted = await area.inputValue();
    expect(accepted.startsWith(`${first.expected}I`)).toBe(true);
    await page.keyboard.press('Control+z');
    await waitForValue(valueOf(area), `${first.expected}I w`);
    // Nothing is left selected by the undo: typing on adds to the letters, never over them.
    await page.keyboard.type('o');
    await waitForValue(valueOf(area), `${first.expected}I wo`);
  });

  it('text input: Alt+digit and click', async () => {
    await open('/basic.html', 3);
    await page.locator('#text').click();
    await acceptTwice(['alt', 'click'], valueOf(page.locator('#text')));
  });

  // Single-line inputs: Tab is the page's (forms), → at the end takes the ghost text.
  it('untyped and search inputs: click and →', async () => {
    await open('/basic.html', 3);
    await page.locator('#untyped').click();
    await acceptTwice(['click', 'arrow'], valueOf(page.locator('#untyped')));
    await page.locator('#search').click();
    await acceptTwice(['arrow', 'alt'], valueOf(page.locator('#search')));
  });

  it('contenteditable: Tab, Alt+digit and click', async () => {
    await open('/basic.html', 3);
    const editable = page.locator('#editable');
    await editable.click();
    const first = await typeAndAccept(page, ui, '', 'We are going to th', 'tab', textOf(editable));
    await acceptTwice(['alt', 'click'], async () => (await textOf(editable)()).slice(first.expected.length));
  });

  it('React-controlled input: the component state follows', async () => {
    await open('/react-input.html');
    const input = page.locator('#controlled');
    await input.click();
    await acceptTwice(['arrow', 'click'], valueOf(input), async () => (await page.locator('#state').textContent()) ?? '');
  });

  it('Quill: Tab and click, Quill’s model follows', async () => {
    await open('/quill.html');
    await page.locator('.ql-editor').click();
    await acceptTwice(['tab', 'click'], textOf(page.locator('.ql-editor')), editorModelOf(page));
  });

  it('TipTap (ProseMirror): Tab and Alt+digit, the editor’s model follows', async () => {
    await open('/tiptap.html');
    await page.locator('.ProseMirror').click();
    await acceptTwice(['tab', 'alt'], textOf(page.locator('.ProseMirror')), editorModelOf(page));
  });

  it('Lexical: click and Tab, the editor’s model follows', async () => {
    await open('/lexical.html');
    await page.locator('#editor').click();
    await acceptTwice(['click', 'tab'], textOf(page.locator('#editor')), editorModelOf(page));
  });

  it('a textarea in an iframe', async () => {
    await open('/basic.html', 3);
    const framed = page.frameLocator('#frame').locator('#framed');
    await framed.click();
    await acceptTwice(['tab', 'click'], valueOf(framed));
  });

  it('a textarea in an about:blank iframe written by the page', async () => {
    await open('/basic.html', 3);
    const area = page.frameLocator('#blank').locator('#blank-area');
    await area.click();
    await acceptTwice(['click', 'alt'], valueOf(area));
  });

  it('a textarea in an open shadow root', async () => {
    await open('/basic.html', 3);
    const inner = page.locator('#shadow-host #inner');
    await inner.click();
    await acceptTwice(['alt', 'tab'], valueOf(inner));
  });
});

describe('leaving the page alone', () => {
  it('Tab does what the page expects when nothing is shown (after Esc, or before typing)', async () => {
    await open('/basic.html', 3);
    const area = page.locator('#area');
    await area.click();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('after-area');
    await area.click();
    await page.keyboard.type('See you th');
    await ui.waitForSuggestions();
    await page.keyboard.press('Escape');
    expect(await ui.read()).toBeNull();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('after-area');
    expect(await page.evaluate(() => (window as unknown as { pageTabs: number }).pageTabs)).toBe(2);
    expect(await area.inputValue()).toBe('See you th');
  });

  it('the bar follows the caret when the page scrolls, and hides when the caret moves away', async () => {
    await open('/basic.html', 3);
    const area = page.locator('#area');
    await area.click();
    await page.keyboard.type('See you th');
    const before = await ui.waitForSuggestions();
    await page.evaluate(() => window.scrollBy(0, 60));
    await ui.waitUntil((shown) => shown !== null && Math.abs(shown.chips[0]!.y - (before.chips[0]!.y - 60)) < 1);
    await page.keyboard.press('Home');
    await ui.waitUntil((shown) => shown === null);
    expect(await area.inputValue()).toBe('See you th');
  });

  it('matches a dark field with a dark bar', async () => {
    await open('/basic.html', 3);
    await page.locator('#area').click();
    await page.keyboard.type('See you th');
    expect((await ui.waitForSuggestions()).dark).toBe(false);
    await page.locator('#dark-area').click();
    await page.keyboard.type('See you th');
    expect((await ui.waitForSuggestions()).dark).toBe(true);
  });

  it('is styled and works on a page with a strict Content-Security-Policy', async () => {
    await open('/csp.html');
    const area = page.locator('#strict');
    await area.click();
    const first = await typeAndAccept(page, ui, '', 'We are going to th', 'tab', valueOf(area));
    await page.keyboard.type('and I a');
    expect((await ui.waitForSuggestions()).styled).toBe(true);
    expect((await area.inputValue()).startsWith(first.expected)).toBe(true);
  });

  it('password and card fields get nothing', async () => {
    await open('/basic.html', 3);
    // Warm the model up first, so "nothing shown" is not just "not loaded yet".
    await page.locator('#area').click();
    await page.keyboard.type('I would like to th');
    await ui.waitForSuggestions();
    for (const selector of ['#password', '#card']) {
      await page.locator(selector).click();
      await page.keyboard.type('I would like to th');
      await ui.settle();
      expect(await ui.read()).toBeNull();
      await page.keyboard.press('Tab');
      expect(await page.locator(selector).inputValue()).toBe('I would like to th');
    }
  });
});
