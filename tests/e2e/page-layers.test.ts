import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { typeAndAccept, valueOf, waitForValue } from './harness/fields';
import { withExtensionSession, type ExtensionSession } from './harness/session';
import { tabOpener } from './harness/tab';
import type { Box, InklingUi, ShownSuggestions } from './harness/ui';

/**
 * Always visible, or not offered: the bar over modal dialogs and popovers, at the caret under
 * CSS zoom, and ghost text that never covers the typed words in right-to-left fields.
 */

let session: ExtensionSession;
withExtensionSession((s) => (session = s));
const open = tabOpener(() => session);

/** Where the page's caret is: the end of a textarea's value. */
async function caretBox(page: Page, selector: string): Promise<Box> {
  return measureInCopy(page, selector, 'caret');
}

/**
 * Chromium exposes no caret or text box for a textarea: they are measured in a same-styled div
 * laid over it (the test's own measurement, independent of Inkling's mirror).
 */
async function measureInCopy(page: Page, selector: string, what: 'caret' | 'text'): Promise<Box> {
  return page.evaluate(({ sel, what }) => {
    const field = document.querySelector(sel) as HTMLTextAreaElement;
    const copy = document.createElement('div');
    const style = getComputedStyle(field);
    for (const name of ['font', 'padding', 'border', 'boxSizing', 'width', 'lineHeight', 'letterSpacing', 'direction', 'textAlign'] as const) {
      (copy.style as unknown as Record<string, string>)[name] = style[name];
    }
    Object.assign(copy.style, { whiteSpace: 'pre-wrap', position: 'absolute', visibility: 'hidden', left: `${field.offsetLeft}px`, top: `${field.offsetTop}px` });
    const text = document.createElement('span');
    text.textContent = field.value;
    const marker = document.createElement('span');
    marker.textContent = '\u200b';
    copy.append(text, marker);
    field.parentElement!.insertBefore(copy, field);
    const r = (what === 'caret' ? marker : text).getBoundingClientRect();
    const f = field.getBoundingClientRect();
    const c = copy.getBoundingClientRect();
    copy.remove();
    return { left: f.left + (r.left - c.left), top: f.top + (r.top - c.top), width: r.width, height: r.height };
  }, { sel: selector, what });
}

async function expectNear(shown: ShownSuggestions, caret: Box): Promise<void> {
  // The bar starts just below the caret's line, its left edge 8 px left of the caret.
  expect(Math.abs(shown.bar.top - (caret.top + caret.height + 4))).toBeLessThan(6);
  expect(Math.abs(shown.bar.left - (caret.left - 8))).toBeLessThan(6);
  // The ghost text starts at the caret, its letters as tall as the field's.
  expect(shown.ghostBox).not.toBeNull();
  expect(Math.abs(shown.ghostBox!.left - caret.left)).toBeLessThan(4);
  expect(Math.abs(shown.ghostBox!.height - caret.height)).toBeLessThan(4);
}

async function typeUntilShown(page: Page, ui: InklingUi, selector: string, text: string): Promise<ShownSuggestions> {
  await page.locator(selector).click();
  await page.keyboard.type(text);
  return ui.waitForSuggestions();
}

describe('above the page’s top layer', () => {
  it('a modal <dialog> (showModal): the bar is on top, clicking it and Tab both insert', async () => {
    const { page, ui } = await open('/dialog.html');
    await page.evaluate(() => (window as unknown as { openDialog(): void }).openDialog());
    const area = page.locator('#dialog-area');
    await area.click();
    const first = await typeAndAccept(page, ui, '', 'I would like to th', 'click', valueOf(area));
    await page.keyboard.type('and I a');
    expect((await ui.waitForSuggestions()).topAtChip).toBe('inkling-suggestions');
    await page.keyboard.press('Backspace');
    const second = await typeAndAccept(page, ui, `${first.expected}and I `, 'a', 'tab', valueOf(area));
    // Ctrl+Z takes the word back; typing on keeps the field exactly as typed.
    await page.keyboard.press('Control+z');
    await waitForValue(valueOf(area), `${first.expected}and I a`);
    expect(second.expected).not.toBe(`${first.expected}and I a`);
    await page.keyboard.press('End');
    await page.keyboard.type('m done');
    await waitForValue(valueOf(area), `${first.expected}and I am done`);
  });

  it('a popover the page opens later: the bar is shown above it again; the field’s text under it is not, so Tab is the page’s', async () => {
    const { page, ui } = await open('/dialog.html');
    const shown = await typeUntilShown(page, ui, '#page-area', 'I would like to th');
    expect(shown.topAtChip).toBe('inkling-suggestions');
    // The page opens a popover over everything (the field keeps focus).
    await page.evaluate(() => (window as unknown as { openOver(): void }).openOver());
    await ui.waitUntil((s) => s?.topAtChip === 'inkling-suggestions');
    // The chips are on screen: Alt+digit takes one.
    await page.keyboard.press('Alt+Digit2');
    const typed = `I would like to ${shown.words[1]} `;
    await waitForValue(valueOf(page.locator('#page-area')), typed);
    // The ghost text would continue text the page now covers: Tab is the page's.
    await page.keyboard.type('a');
    await ui.waitForSuggestions();
    await page.keyboard.press('Tab');
    expect(await page.locator('#page-area').inputValue()).toBe(`${typed}a`);
  });

  it('a modal dialog the page opens later (the field is now inert): the bar goes', async () => {
    const { page, ui } = await open('/dialog.html');
    await typeUntilShown(page, ui, '#page-area', 'I would like to th');
    await page.evaluate(() => (window as unknown as { openCover(): void }).openCover());
    await ui.waitUntil((s) => s === null);
  });

  it('a popover: the bar is drawn over it, a click inserts', async () => {
    const { page, ui } = await open('/dialog.html');
    await page.evaluate(() => (window as unknown as { openPopover(): void }).openPopover());
    const area = page.locator('#pop-area');
    await area.click();
    const first = await typeAndAccept(page, ui, '', 'Thank you for the he', 'click', valueOf(area));
    await page.keyboard.type('I w');
    expect((await ui.waitForSuggestions()).topAtChip).toBe('inkling-suggestions');
    await typeAndAccept(page, ui, `${first.expected}I w`, 'o', 'alt', valueOf(area));
    await page.keyboard.press('Control+z');
    await waitForValue(valueOf(area), `${first.expected}I wo`);
  });
});

describe('CSS zoom', () => {
  it.each([
    ['html { zoom: 1.5 }', '#area'],
    ['a container zoomed again (× 1.6)', '#inner'],
  ])('%s: the bar and ghost text sit at the caret, and accepting inserts', async (_name, selector) => {
    const { page, ui } = await open('/zoom.html');
    const shown = await typeUntilShown(page, ui, selector, 'I would like to th');
    await expectNear(shown, await caretBox(page, selector));
    const { expected } = await typeAndAccept(page, ui, 'I would like to th', 'e', 'click', valueOf(page.locator(selector)));
    await page.keyboard.type('and');
    await waitForValue(valueOf(page.locator(selector)), `${expected}and`);
  });
});

describe('right to left', () => {
  it.each([
    ['dir=rtl', '#area'],
    ['inside a dir=rtl block', '#inherited'],
  ])('%s: ghost text never lies over the typed words; Alt+digit and click insert', async (_name, selector) => {
    const { page, ui } = await open('/rtl.html');
    const field = page.locator(selector);
    const shown = await typeUntilShown(page, ui, selector, 'I would like to th');
    const typed = await textBox(page, selector);
    if (shown.ghostBox) {
      const overlap = Math.min(shown.ghostBox.left + shown.ghostBox.width, typed.left + typed.width) - Math.max(shown.ghostBox.left, typed.left);
      expect(overlap).toBeLessThanOrEqual(1);
    }
    await page.keyboard.press('Alt+Digit2');
    const afterFirst = `I would like to ${shown.words[1]} `;
    await waitForValue(valueOf(field), afterFirst);
    await typeAndAccept(page, ui, afterFirst, 'and I a', 'click', valueOf(field));
    await page.keyboard.press('Control+z');
    await waitForValue(valueOf(field), `${afterFirst}and I a`);
  });

  it('right-to-left text: the ghost text is drawn to the left of the caret, clear of the typed words', async () => {
    const { page, ui } = await open('/rtl.html');
    const shown = await typeUntilShown(page, ui, '#area', 'שלום לכולם ');
    expect(shown.ghostBox).not.toBeNull();
    const typed = await textBox(page, '#area');
    expect(shown.ghostBox!.left + shown.ghostBox!.width).toBeLessThanOrEqual(typed.left + 1);
    expect(shown.ghostBox!.left + shown.ghostBox!.width).toBeGreaterThan(typed.left - 6);
    await page.keyboard.press('ArrowLeft'); // ← is forward in right-to-left text: takes the ghost text
    await waitForValue(valueOf(page.locator('#area')), `שלום לכולם ${shown.words[0]} `);
  });
});

/** The box of a textarea's text as laid out (a same-styled copy in the same place). */
async function textBox(page: Page, selector: string): Promise<Box> {
  return measureInCopy(page, selector, 'text');
}
