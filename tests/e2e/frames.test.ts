import type { Locator, Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { textOf, typeAndAccept, valueOf, waitForValue, type ReadField } from './harness/fields';
import { withExtensionSession, type ExtensionSession } from './harness/session';
import { tabOpener } from './harness/tab';

/**
 * Every frame, every time: a webmail-style page writes its compose frames after load
 * (document.open + write, designMode, srcdoc) or while it loads, then navigates one to a new
 * about:blank and writes it again. Loaded again and again, each
 * frame must get suggestions, and accepting must leave its text exactly typed + accepted.
 */

let session: ExtensionSession;
// Single words taken with Tab: the same sentence is written in every frame, which phrases
// (tested in phrases.test.ts) would soon offer whole.
withExtensionSession((s) => (session = s), { settings: { phrases: false } });
const open = tabOpener(() => session);

/** When the page writes its frames: while parsing, or this many ms after load. */
const WHEN = ['parse', '0', '10', '40', '120'];
const LOADS = 10;

interface ComposeFrame {
  name: string;
  field: (page: Page) => Locator;
  read: (field: Locator) => ReadField;
}

const FRAMES: ComposeFrame[] = [
  { name: 'document.write', field: (p) => p.frameLocator('#compose').locator('#mail'), read: textOf },
  { name: 'designMode', field: (p) => p.frameLocator('#made').locator('body'), read: textOf },
  { name: 'srcdoc', field: (p) => p.frameLocator('#srcdoc').locator('#note'), read: valueOf },
];

describe('webmail frames written by script', () => {
  it(`get suggestions on each of ${LOADS} loads, and accepting inserts exactly one word`, async () => {
    for (let load = 0; load < LOADS; load++) {
      const when = WHEN[load % WHEN.length]!;
      const { page, ui } = await open(`/webmail.html?when=${when}`);
      await page.waitForFunction(() => (window as unknown as { composeReady?: boolean }).composeReady === true);
      for (const frame of FRAMES) {
        const field = frame.field(page);
        await field.click();
        const read = frame.read(field);
        const { expected } = await typeAndAccept(page, ui, '', 'I would like to th', 'tab', read).catch((error: Error) => {
          throw new Error(`load ${load + 1} (frames written at ${when}), ${frame.name}: ${error.message}`);
        });
        await page.keyboard.type('and');
        await waitForValue(read, `${expected}and`);
      }
      // Navigated again and rewritten: suggestions there too; Ctrl+Z takes the word back.
      await page.evaluate(() => (window as unknown as { recompose(): Promise<boolean> }).recompose());
      const field = FRAMES[0]!.field(page);
      await field.click();
      const read = textOf(field);
      await typeAndAccept(page, ui, '', 'Thank you for the he', 'tab', read).catch((error: Error) => {
        throw new Error(`load ${load + 1}, the compose frame navigated and rewritten: ${error.message}`);
      });
      await page.keyboard.press('Control+z');
      await waitForValue(read, 'Thank you for the he');
    }
  });
});
