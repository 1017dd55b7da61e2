import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from './harness/browser';
import { textOf, valueOf, waitForValue, type ReadField } from './harness/fields';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { InklingUi } from './harness/ui';

/**
 * Bad input in real Chromium: a 1 MB field, scripts from everywhere, and typing faster than
 * anyone types. The field must always end with exactly what was typed, and suggestions must
 * keep coming.
 */

let server: PageServer;
let browser: ExtensionBrowser;
let page: Page;
let ui: InklingUi;
/** Warnings Inkling logged in the page (it logs each error once, as "[Inkling] …"). */
let warnings: string[];

withExtensionSession((s) => ({ server, browser } = s));

beforeEach(async () => {
  page = await browser.context.newPage();
  warnings = [];
  page.on('console', (m) => { if (m.text().includes('[Inkling]')) warnings.push(m.text()); });
  ui = await InklingUi.attach(page);
  await page.goto(`${server.origin}/basic.html`);
  await ui.waitForFrames(3);
});

afterEach(async () => {
  await ui?.detach();
  await page?.close();
  expect(warnings).toEqual([]);
});

/** Prose of about `chars` characters (real words, so the model has context to work with). */
function prose(chars: number): string {
  const sentence = 'Thank you for the update on the project, and I think we should meet next week to talk about the plan. ';
  return sentence.repeat(Math.ceil(chars / sentence.length)).slice(0, chars);
}

/**
 * Presses the keys of `text` at `perSecond` keys a second by the clock, like a fast typist: key
 * events are sent through DevTools without waiting for each to be handled (they queue in order,
 * as a keyboard's do). Returns the seconds it took until the last key was handled.
 */
async function typeAtRate(target: Page, text: string, perSecond: number): Promise<number> {
  const cdp = await target.context().newCDPSession(target);
  const handled: Promise<unknown>[] = [];
  const start = performance.now();
  for (let i = 0; i < text.length; i++) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const key = text[i]!;
    handled.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, text: key, unmodifiedText: key }));
    handled.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key }));
  }
  await Promise.all(handled);
  await cdp.detach();
  return (performance.now() - start) / 1000;
}

describe('bad input', () => {
  it('a 1 MB textarea: typing at its end stays exact and is answered, and a suggestion is inserted in the right place', async () => {
    const area = page.locator('#area');
    const big = `${prose(1_000_000).trimEnd()} `;
    await area.fill(big);
    await area.press('Control+End');
    const started = Date.now();
    await page.keyboard.type('I would like to th');
    const typedAt = Date.now();
    const shown = await ui.waitForSuggestions();
    const answeredMs = Date.now() - typedAt;
    await waitForValue(valueOf(area), `${big}I would like to th`);
    await page.keyboard.press('Tab');
    await waitForValue(valueOf(area), `${big}I would like to ${shown.words[0]} `);
    console.log(`1 MB textarea: 18 keys took ${typedAt - started} ms to type; suggestions ${JSON.stringify(shown.words)} on screen ${answeredMs} ms after the last`);
  });

  it.each([
    ['textarea', '#area', valueOf],
    ['text input', '#text', valueOf],
    ['contenteditable', '#editable', textOf],
  ] as [string, string, (l: Locator) => ReadField][])('emoji, RTL, CJK and combining marks in a %s: the field ends with exactly what was typed', async (_kind, selector, read) => {
    const field = page.locator(selector);
    await field.click();
    const text = 'Olá 👋🏽 👨‍👩‍👧 שלום עולם مرحبا 你好世界 日本語 e\u0301 n\u0303 naïve — I would like to th';
    await page.keyboard.type(text);
    expect((await ui.waitForSuggestions()).words.length).toBeGreaterThan(0);
    await waitForValue(read(field), text);
  });

  it('100 keystrokes a second for 10 seconds: nothing dropped or reordered, and suggestions keep coming', async () => {
    const area = page.locator('#area');
    await area.click();
    const text = prose(1000).trimEnd();
    let sawSuggestions = 0, polls = 0, typing = true;
    const watcher = (async () => {
      while (typing) {
        polls++;
        if ((await ui.read())?.words.length) sawSuggestions++;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const seconds = await typeAtRate(page, text, 100);
    typing = false;
    await watcher;
    await waitForValue(valueOf(area), text, 15_000);
    await page.keyboard.type(' I would like to th');
    const shown = await ui.waitForSuggestions();
    console.log(`typed ${text.length} keys in ${seconds.toFixed(1)} s (${(text.length / seconds).toFixed(0)}/s); suggestions on screen in ${sawSuggestions}/${polls} polls; then ${JSON.stringify(shown.words)}`);
    expect(sawSuggestions).toBeGreaterThan(0); // shown while keys were still coming in, not only after
    await waitForValue(valueOf(area), `${text} I would like to th`);
  });
});
