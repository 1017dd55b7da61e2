import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorModelOf, textOf, typeAndAccept, valueOf, waitForValue } from './harness/fields';
import { withExtensionSession, type ExtensionSession } from './harness/session';
import { tabOpener } from './harness/tab';
import type { InklingUi } from './harness/ui';

/**
 * Where Inkling suggests and which keys it takes, on pages built like real ones: a sign-up form
 * filled with Tab, a chat that sends on Enter, the page's own @mention and search lists, and a
 * code editor. Each checks what the field (or the editor's model) holds, character for character.
 */

let session: ExtensionSession;
withExtensionSession((s) => (session = s));
const open = tabOpener(() => session);

/** Types into a prose field until suggestions show: the model is loaded, so "nothing shown" later means something. */
async function warmUp(page: Page, ui: InklingUi, selector: string): Promise<void> {
  await page.locator(selector).click();
  await page.keyboard.type('I would like to th');
  await ui.waitForSuggestions();
  await page.locator(selector).fill('');
}

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('a sign-up form filled in with Tab', () => {
  it('every field holds exactly what was typed, Tab moves on, nothing is offered in name, company, e-mail, city, user, phone', async () => {
    const { page, ui } = await open('/signup.html');
    await warmUp(page, ui, '#about');
    const entries: [string, string][] = [
      ['name', 'Maria Garcia'], ['company', 'Acme Inc'], ['email', 'maria.garcia@gmail.com'], ['city', 'Lisbon'],
      ['user', 'mgarcia'], ['phone', '+55 11 5555 0100'],
    ];
    await page.locator('#name').click();
    for (const [id, text] of entries) {
      expect(await activeId(page)).toBe(id);
      await page.keyboard.type(text);
      await ui.settle();
      expect(await ui.read()).toBeNull();
      await page.keyboard.press('Tab');
    }
    expect(await activeId(page)).toBe('subject');
    for (const [id, text] of entries) expect(await page.locator(`#${id}`).inputValue()).toBe(text);
  });

  it('the subject line gets suggestions, but Tab still moves on; → takes the ghost text', async () => {
    const { page, ui } = await open('/signup.html');
    await page.locator('#subject').click();
    await page.keyboard.type('Question about the pri');
    const shown = await ui.waitForSuggestions();
    expect(shown.ghost).not.toBe('');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('about');
    expect(await page.locator('#subject').inputValue()).toBe('Question about the pri');
    await page.locator('#subject').click();
    await page.keyboard.press('End');
    const subject = valueOf(page.locator('#subject'));
    const { expected } = await typeAndAccept(page, ui, 'Question about the pri', 'c', 'arrow', subject);
    await page.keyboard.type('for');
    await waitForValue(subject, `${expected}for`);
    // Ctrl+Z right after an acceptance takes the word back.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Question about the pri');
    await typeAndAccept(page, ui, 'Question about the pri', 'c', 'arrow', subject);
    await page.keyboard.press('Control+z');
    await waitForValue(subject, 'Question about the pric');
  });
});

describe('an Enter-to-send chat', () => {
  it.each([
    ['an input', '#message', valueOf],
    ['a contenteditable', '#editor', textOf],
  ] as const)('in %s, the bar goes at once when the page clears the field on Enter, and the message is what was typed', async (_name, selector, read) => {
    const { page, ui } = await open('/chat.html');
    const field = page.locator(selector);
    await field.click();
    await page.keyboard.type('See you to');
    await ui.waitForSuggestions();
    await page.keyboard.press('Enter');
    await waitForValue(read(field), '');
    // Within a frame or two of the page clearing it: no bar over the empty field.
    await ui.waitUntil((shown) => shown === null, 500);
    expect(await page.evaluate(() => (window as unknown as { sent: string[] }).sent)).toEqual(['See you to']);
    // Typing on works as before, and accepting inserts exactly one word.
    const { expected } = await typeAndAccept(page, ui, '', 'Thanks for the he', 'alt', read(field));
    expect(expected.startsWith('Thanks for the he')).toBe(true);
    await page.keyboard.press('Control+z');
    await waitForValue(read(field), 'Thanks for the he');
  });
});

describe('the page’s own suggestions come first', () => {
  it('a textarea with an @mention list: no bar, Tab picks the page’s person; then Inkling offers again', async () => {
    const { page, ui } = await open('/mention.html');
    const comment = page.locator('#comment');
    await warmUp(page, ui, '#comment');
    await page.keyboard.type('Thanks @al');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await page.keyboard.press('Tab');
    await waitForValue(valueOf(comment), 'Thanks @alice ');
    const { expected } = await typeAndAccept(page, ui, 'Thanks @alice ', 'for the he', 'tab', valueOf(comment));
    await page.keyboard.press('Control+z');
    await waitForValue(valueOf(comment), 'Thanks @alice for the he');
    await page.keyboard.press('End'); // undo selects the letters the word had replaced
    await page.keyboard.type('lp');
    await waitForValue(valueOf(comment), 'Thanks @alice for the help');
    expect(expected.startsWith('Thanks @alice for the he')).toBe(true);
  });

  it('a search box whose page lists topics (aria-expanded): the bar makes way, Tab and → are the page’s', async () => {
    const { page, ui } = await open('/mention.html');
    await warmUp(page, ui, '#comment');
    const search = page.locator('#search');
    await search.click();
    await page.keyboard.type('the be');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await page.keyboard.press('ArrowRight');
    await waitForValue(valueOf(search), 'the best way to learn');
    // The page's list closed: Inkling offers the next word, → takes it.
    await page.keyboard.type(' and the');
    await typeAndAccept(page, ui, 'the best way to learn and the', ' ', 'arrow', valueOf(search));
  });

  it('a list the page draws under the caret (no ARIA on the field): the bar makes way until the page closes it', async () => {
    const { page, ui } = await open('/mention.html');
    await warmUp(page, ui, '#comment');
    const question = page.locator('#question');
    await question.click();
    await page.keyboard.type('How do I le');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await page.keyboard.press('Escape'); // the page's list closes
    await typeAndAccept(page, ui, 'How do I le', 'a', 'tab', valueOf(question));
  });

  it('a menu bar laid out in the page next to the field is no popup: Inkling offers, Tab accepts', async () => {
    const { page, ui } = await open('/mention.html');
    const formatted = page.locator('#formatted');
    await formatted.click();
    const { expected } = await typeAndAccept(page, ui, '', 'We are going to th', 'tab', valueOf(formatted));
    await page.keyboard.press('Control+z');
    await waitForValue(valueOf(formatted), 'We are going to th');
    expect(expected).not.toBe('We are going to th');
  });

  it('an input with a <datalist> that matches: the bar makes way; past the options, Inkling offers', async () => {
    const { page, ui } = await open('/mention.html');
    await warmUp(page, ui, '#comment');
    const topic = page.locator('#topic');
    await topic.click();
    await page.keyboard.type('the we');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await typeAndAccept(page, ui, 'the we', 'ather was nice and I wa', 'alt', valueOf(topic));
  });
});

describe('code', () => {
  it('CodeMirror 6: nothing offered in code; Tab indents; the document is what was typed', async () => {
    const { page, ui } = await open('/codemirror.html');
    await warmUp(page, ui, '#prose');
    await page.locator('.cm-content').click();
    await page.keyboard.type('const n = items.length + ');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await page.keyboard.press('Enter');
    await page.keyboard.type('return ');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await page.keyboard.press('Tab');
    const doc = await editorModelOf(page)();
    // CodeMirror's Tab indented the line; not one letter was added.
    expect(doc).toMatch(/\n\s+return\s*$/);
    expect(doc.replace(/\s+/g, ' ').trim()).toBe('const n = items.length + return');
  });

  it('a spellcheck=false monospace field gets nothing, until the user switches it on with Alt+Shift+K', async () => {
    const { page, ui } = await open('/codemirror.html');
    await warmUp(page, ui, '#prose');
    const snippet = page.locator('#snippet');
    await snippet.click();
    await page.keyboard.type('I would like to th');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await page.keyboard.press('Alt+Shift+KeyK');
    const { expected } = await typeAndAccept(page, ui, 'I would like to th', ' and I a', 'alt', valueOf(snippet));
    expect(await snippet.inputValue()).toBe(expected);
  });
});
