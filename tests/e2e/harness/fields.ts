import type { Frame, Locator, Page } from 'playwright-core';
import { splitAtWord } from '../../../src/page/word';
import type { InklingUi } from './ui';

/** How a suggestion is accepted: Tab or → (the ghost text, the first word), Alt+digit or a click (the second). */
export type AcceptBy = 'tab' | 'arrow' | 'alt' | 'click';

/** Reads what a field holds, as the user sees it (no-break spaces as spaces). */
export type ReadField = () => Promise<string>;

export function valueOf(field: Locator): ReadField {
  return async () => (await field.inputValue()).replace(/\u00A0/g, ' ');
}

export function textOf(field: Locator): ReadField {
  return async () => (await field.evaluate((el) => (el as HTMLElement).innerText)).replace(/\u00A0/g, ' ').replace(/\n$/, '');
}

/** The editor's own model (window.editorText), so we know the editor saw the insertion. */
export function editorModelOf(frame: Page | Frame): ReadField {
  return async () =>
    (await frame.evaluate(() => (window as unknown as { editorText: () => string }).editorText()))
      .replace(/\u00A0/g, ' ')
      .replace(/\n$/, '');
}

/**
 * Types `text` into the focused field, waits for suggestions and accepts one.
 * Returns the word accepted and what the field must now hold.
 * @param before what the field held before typing
 */
export async function typeAndAccept(
  page: Page,
  ui: InklingUi,
  before: string,
  text: string,
  by: AcceptBy,
  read: ReadField,
): Promise<{ word: string; expected: string }> {
  await page.keyboard.type(text);
  const shown = await ui.waitForSuggestions();
  const index = by === 'tab' || by === 'arrow' ? 0 : Math.min(1, shown.words.length - 1);
  const word = shown.words[index]!;
  const typed = before + text;
  const expected = `${splitAtWord(typed).context}${word} `;
  if (by === 'tab') await page.keyboard.press('Tab');
  else if (by === 'arrow') await page.keyboard.press('ArrowRight');
  else if (by === 'alt') await page.keyboard.press(`Alt+Digit${index + 1}`);
  else await page.mouse.click(shown.chips[index]!.x, shown.chips[index]!.y);
  await waitForValue(read, expected);
  return { word, expected };
}

/** Waits until a field holds exactly `expected` (polling the page, up to `timeoutMs`). */
export async function waitForValue(read: ReadField, expected: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await read();
    if (last === expected) return;
  }
  throw new Error(`field holds ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
}
