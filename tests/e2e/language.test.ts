import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/engine';
import type { ExtensionBrowser } from './harness/browser';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { InklingUi } from './harness/ui';

let server: PageServer;
let browser: ExtensionBrowser;
const engines: Record<'en' | 'pt', Engine> = {
  en: createEngine(readFileSync(new URL('../../models/en.inkling', import.meta.url))),
  pt: createEngine(readFileSync(new URL('../../models/pt.inkling', import.meta.url))),
};

/** The first three suggestions each shipped model gives after `context` (no personal data yet). */
const expected = (lang: 'en' | 'pt', context: string) => engines[lang].predict({ field: 'x', context, prefix: '', k: 3 });

// Learning off: what one test types must not become personal data that reorders the next
// test's suggestions (a learned Portuguese sentence swaps two near-tied words after "pela").
withExtensionSession((s) => ({ server, browser } = s), { settings: { learning: false } });

/** A new tab on one of the test pages, with the caret in its textarea. */
async function typingIn(path: string) {
  const page = await browser.context.newPage();
  const ui = await InklingUi.attach(page);
  await page.goto(`${server.origin}/${path}`);
  await ui.waitForFrames(1);
  await page.locator('#area').click();
  return { page, ui };
}

describe('the language of each field, in real Chromium', () => {
  it('switches an untagged page to Portuguese once the user writes a Portuguese sentence', async () => {
    const english = 'Thank you for the ';
    const portuguese = 'Eu acho que a reunião de amanhã vai ser muito boa. Depois vamos ';
    const { page, ui } = await typingIn('untagged.html');
    await page.keyboard.type(english);
    expect((await ui.waitForSuggestions()).words).toEqual(expected('en', english));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(portuguese);
    const pt = expected('pt', portuguese);
    expect(pt).not.toEqual(expected('en', portuguese));
    const shown = await ui.waitUntil((s) => JSON.stringify(s?.words) === JSON.stringify(pt), 10_000);
    expect(shown?.words).toEqual(pt);
    await page.close();
  });

  it('suggests Portuguese on a lang="pt-BR" page: "Muito obrigado pela " + Tab inserts a Portuguese word', async () => {
    const context = 'Muito obrigado pela ';
    const pt = expected('pt', context);
    expect(pt).not.toEqual(expected('en', context));
    const { page, ui } = await typingIn('pt.html');
    await page.keyboard.type(context);
    const shown = await ui.waitForSuggestions();
    expect(shown.words).toEqual(pt);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('#area').inputValue()).toBe(`${context}${pt[0]} `);
    await page.close();
  });
});
