import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from './harness/browser';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { readStoredSamples } from './harness/stored-samples';
import { InklingUi } from './harness/ui';

let server: PageServer;
let browser: ExtensionBrowser;

withExtensionSession((s) => ({ server, browser } = s));

function storedSamples(): Promise<{ text: string; learned: number }[]> {
  return browser.worker.evaluate(readStoredSamples);
}

/** Writes `text` in the page's text area and leaves the field, which commits it as a sample. */
async function write(text: string): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/basic.html`);
  await page.locator('#area').click();
  await page.keyboard.type(text);
  await page.locator('#after-area').click();
  await expect.poll(async () => (await storedSamples()).some((s) => s.text === text), { timeout: 10_000 }).toBe(true);
  await page.close();
}

/** The suggestions shown after typing `typed` in a fresh field (the word being typed last). */
async function suggestionsAfter(page: Page, ui: InklingUi, typed: string): Promise<string[]> {
  await page.locator('#text').fill('');
  await page.locator('#text').click();
  await page.keyboard.type(typed);
  await ui.settle();
  return (await ui.read())?.words ?? [];
}

describe('deleting one piece of writing in the options page, in real Chromium', () => {
  it('forgets its made-up name and keeps the name the other piece taught', async () => {
    await write('I met Zorblatt at the station yesterday. Zorblatt says hello to everyone.');
    await write('The report from Quendrix came late. Please thank Quendrix for the figures.');
    await expect.poll(async () => (await storedSamples()).filter((s) => s.learned === 1).length, { timeout: 20_000 }).toBe(2);

    const page = await browser.context.newPage();
    const ui = await InklingUi.attach(page);
    await page.goto(`${server.origin}/basic.html`);
    await ui.waitForFrames(3);
    await expect.poll(() => suggestionsAfter(page, ui, 'Please call Zor'), { timeout: 10_000 }).toContain('Zorblatt');
    await expect.poll(() => suggestionsAfter(page, ui, 'Please call Que'), { timeout: 10_000 }).toContain('Quendrix');

    const options = await browser.context.newPage();
    const errors: string[] = [];
    options.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.locator('ul.words li', { hasText: 'Zorblatt' }).waitFor();
    await options.locator('ul.samples li', { hasText: 'Zorblatt' }).getByRole('button', { name: /^Delete the sample from/ }).click();
    await expect.poll(async () => (await storedSamples()).some((s) => s.text.includes('Zorblatt')), { timeout: 10_000 }).toBe(false);
    expect((await storedSamples()).some((s) => s.text.includes('Quendrix'))).toBe(true);
    await options.locator('ul.samples li', { hasText: 'Zorblatt' }).waitFor({ state: 'detached' });
    // The vocabulary list on the same page follows at once, without a reload.
    await options.locator('ul.words li', { hasText: 'Zorblatt' }).waitFor({ state: 'detached', timeout: 5000 });
    expect(await options.locator('ul.words li', { hasText: 'Quendrix' }).count()).toBe(1);

    await page.bringToFront();
    await expect.poll(() => suggestionsAfter(page, ui, 'Please call Zor'), { timeout: 10_000 }).not.toContain('Zorblatt');
    await expect.poll(() => suggestionsAfter(page, ui, 'Please call Que'), { timeout: 10_000 }).toContain('Quendrix');
    expect(errors).toEqual([]);
    await Promise.all([page.close(), options.close()]);
  });
});
