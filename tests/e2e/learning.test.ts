import { describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from './harness/browser';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { readStoredSamples } from './harness/stored-samples';
import { InklingUi } from './harness/ui';

let server: PageServer;
let browser: ExtensionBrowser;

withExtensionSession((s) => ({ server, browser } = s));

/** Every stored writing sample, read from the worker's own IndexedDB. */
function storedSamples(): Promise<{ text: string; learned: number }[]> {
  return browser.worker.evaluate(readStoredSamples);
}

describe('learning from what the user writes, in real Chromium', () => {
  it('suggests a made-up name on another page after it was written twice', async () => {
    const first = await browser.context.newPage();
    await first.goto(`${server.origin}/basic.html`);
    await first.locator('#area').click();
    await first.keyboard.type('I met Zorblatt at the station. Zorblatt says hello to everyone.');
    await first.locator('#after-area').click(); // leaving the field commits the draft
    await expect.poll(async () => (await storedSamples()).filter((s) => s.learned === 1).length, { timeout: 10_000 }).toBe(1);

    const second = await browser.context.newPage();
    const ui = await InklingUi.attach(second);
    await second.goto(`${server.origin}/basic.html`);
    await ui.waitForFrames(3);
    await second.locator('#text').click();
    await second.keyboard.type('Please call Zor');
    const shown = await ui.waitUntil((s) => Boolean(s?.words.includes('Zorblatt')), 10_000);
    expect(shown?.words).toContain('Zorblatt');
    await first.close(); await second.close();
  });

  it('keeps a draft when the user navigates away right after typing', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/basic.html`);
    await page.locator('#area').click();
    await page.keyboard.type('Remember the Velcastria meeting tomorrow');
    await page.goto(`${server.origin}/untagged.html`); // pagehide, no focusout, well within the pause
    await expect.poll(async () => (await storedSamples()).some((s) => s.text.includes('Velcastria')), { timeout: 10_000 }).toBe(true);
    await page.close();
  });

  it('stores nothing typed in a password field', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/basic.html`);
    await page.locator('#password').click();
    await page.keyboard.type('hunter2 secret passphrase words');
    await page.locator('#after-area').click();
    await page.locator('#area').click();
    await page.keyboard.type('A few ordinary words to commit.');
    await page.locator('#after-area').click();
    await expect.poll(async () => (await storedSamples()).some((s) => s.text.includes('ordinary')), { timeout: 10_000 }).toBe(true);
    expect((await storedSamples()).some((s) => s.text.includes('hunter2') || s.text.includes('passphrase'))).toBe(false);
    await page.close();
  });
});
