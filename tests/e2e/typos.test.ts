import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from './harness/browser';
import { valueOf, waitForValue } from './harness/fields';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { InklingUi } from './harness/ui';

let server: PageServer;
let browser: ExtensionBrowser;
let page: Page;
let ui: InklingUi;

withExtensionSession((s) => ({ server, browser } = s));

afterEach(async () => {
  await ui?.detach();
  await page?.close();
});

async function typeIn(path: string, frames: number, text: string) {
  page = await browser.context.newPage();
  ui = await InklingUi.attach(page);
  await page.goto(`${server.origin}${path}`);
  await ui.waitForFrames(frames);
  const area = page.locator('#area');
  await area.click();
  await page.keyboard.type(text);
  return area;
}

/** Accepts the shown suggestion `word` with its Alt+digit key, once the bar offers it. */
async function acceptWord(word: string) {
  const shown = await ui.waitUntil((s) => s?.words.includes(word) === true, 10_000);
  expect(shown?.words).toContain(word);
  const index = shown!.words.indexOf(word);
  await page.keyboard.press(`Alt+Digit${index + 1}`);
  return { shown: shown!, index };
}

describe('corrections of keyboard slips in real Chromium', () => {
  it('offers "receive" after "I will recieve", marked as a correction without ghost text; accepting replaces the typed letters and Ctrl+Z gives them back', async () => {
    const area = await typeIn('/basic.html', 3, 'I will recieve');
    const { shown, index } = await acceptWord('receive');
    expect(shown.marked[index]).not.toBe('');
    expect('receive'.includes(shown.marked[index])).toBe(true);
    // Ghost text only ever shows the rest of a plain completion of what was typed.
    if (shown.ghost) expect(`recieve${shown.ghost}`.toLowerCase().startsWith(shown.words[0].toLowerCase())).toBe(true);
    await waitForValue(valueOf(area), 'I will receive ');
    await page.keyboard.press('Control+z');
    await waitForValue(valueOf(area), 'I will recieve');
    // Typing on works from there, and nothing was replaced without asking.
    await page.keyboard.type('d');
    await waitForValue(valueOf(area), 'I will recieved');
  });

  it('a plain completion is not marked', async () => {
    await typeIn('/basic.html', 3, 'Thank you for the he');
    const shown = await ui.waitForSuggestions();
    expect(shown.words[0].toLowerCase().startsWith('he')).toBe(true);
    expect(shown.marked[0]).toBe('');
  });

  it('Portuguese: "voce" still completes to "você" (accents are matched, not corrected)', async () => {
    const area = await typeIn('/pt.html', 1, 'Obrigado, voce');
    const { shown, index } = await acceptWord('você');
    expect(shown.marked[index]).toBe('');
    await waitForValue(valueOf(area), 'Obrigado, você ');
  });
});
