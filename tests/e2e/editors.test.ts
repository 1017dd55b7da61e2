import type { Frame, Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from './harness/browser';
import { editorModelOf, textOf, typeAndAccept, waitForValue, type ReadField } from './harness/fields';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { InklingUi } from './harness/ui';

/**
 * The rich editors big sites use, from their real npm packages: an accepted suggestion must
 * reach the editor's own model (not only its DOM), stay there as the user types on, and be
 * undone by Ctrl+Z as one step.
 */

let server: PageServer;
let browser: ExtensionBrowser;
let page: Page;
let ui: InklingUi;

// Nothing is learned and no phrases are offered here: every editor's tests write the same sentences,
// which learned would soon come back whole as phrases (tested in phrases.test.ts), and a misspelling
// left in one editor would be the user's own word in the next.
withExtensionSession((s) => ({ server, browser } = s), { settings: { phrases: false, learning: false } });

afterEach(async () => {
  await ui?.detach();
  await page?.close();
});

interface EditorPage {
  name: string;
  path: string;
  /** Frames Inkling runs in (TinyMCE edits inside an iframe of its own). */
  frames: number;
  field: (page: Page) => Locator;
  /**
   * What Ctrl+Z takes back: the accepted word, or (TinyMCE) the whole typing run it ends. TinyMCE
   * takes an undo level only at navigation keys, clicks, blur and its own commands, so Ctrl+Z
   * takes back a run of typed words at once, with or without Inkling (see its test below).
   */
  undo: 'word' | 'typing run';
  /**
   * The same after a run of typing shorter than 20 characters: CKEditor 5 keeps typing in one
   * undo step until its typing buffer holds 20 characters, and an inserted word joins that step
   * as a typed one would (its test "Ctrl+Z undoes the accepted word" types 20).
   */
  shortRunUndo?: 'typing run';
}

const EDITORS: EditorPage[] = [
  { name: 'Slate (editor.children)', path: '/slate.html', frames: 1, field: (p) => p.locator('#editor'), undo: 'word' },
  { name: 'Draft.js (EditorState, React 18)', path: '/draft.html', frames: 1, field: (p) => p.locator('[data-testid=editor]'), undo: 'word' },
  { name: 'CKEditor 5 (its model)', path: '/ckeditor.html', frames: 1, field: (p) => p.locator('.ck-editor__editable'), undo: 'word', shortRunUndo: 'typing run' },
  { name: 'TinyMCE, self-hosted, iframe mode (getContent)', path: '/tinymce.html', frames: 2, field: (p) => p.frameLocator('iframe').locator('body'), undo: 'typing run' },
  { name: 'ProseMirror via TipTap (its document)', path: '/tiptap.html', frames: 1, field: (p) => p.locator('.ProseMirror'), undo: 'word' },
];

/** Opens an editor page, waits for Inkling in its frames and for the editor, and clicks into it. */
async function openEditor(editor: EditorPage): Promise<{ dom: ReadField; model: ReadField }> {
  page = await browser.context.newPage();
  ui = await InklingUi.attach(page);
  await page.goto(`${server.origin}${editor.path}`);
  await ui.waitForFrames(editor.frames);
  await page.waitForFunction(() => typeof (window as unknown as { editorText?: unknown }).editorText === 'function');
  const field = editor.field(page);
  await field.click();
  return { dom: textOf(field), model: editorModelOf(page) };
}

describe.each(EDITORS)('$name', (editor) => {
  it('Tab inserts into the editor’s model (a word begun, then the next one), and typing on keeps model and screen equal', async () => {
    const { dom, model } = await openEditor(editor);
    const first = await typeAndAccept(page, ui, '', 'I would like to th', 'tab', dom);
    await waitForValue(model, first.expected);
    // The next word, with nothing typed of it yet: an insertion at a bare caret.
    const { expected } = await typeAndAccept(page, ui, first.expected, '', 'tab', dom);
    await waitForValue(model, expected);
    await page.keyboard.type('about it, thanks');
    const final = `${expected}about it, thanks`;
    await waitForValue(dom, final);
    await waitForValue(model, final);
  });

  it('in the middle of a line, before a space: Alt+digit inserts the word and the caret steps over the space', async () => {
    const { dom, model } = await openEditor(editor);
    await page.keyboard.type('I would like to about it');
    for (let i = 0; i < ' about it'.length; i++) await page.keyboard.press('ArrowLeft');
    const { word } = await typeAndAccept(page, ui, 'I would like to', ' th', 'alt', async () => {
      const text = await dom();
      return text.endsWith(' about it') ? text.slice(0, -' about it'.length) + ' ' : text;
    });
    const accepted = `I would like to ${word} about it`;
    await waitForValue(model, accepted);
    await page.keyboard.type('x');
    await waitForValue(model, `I would like to ${word} xabout it`);
    await waitForValue(dom, `I would like to ${word} xabout it`);
  });

  it(`Ctrl+Z undoes the accepted ${editor.undo === 'word' ? 'word as one step' : 'word with the typing run, as TinyMCE does'}`, async () => {
    const { dom, model } = await openEditor(editor);
    const typed = 'Thank you for the he';
    await page.keyboard.type(typed);
    // A person reads the suggestion before taking it: editors group keystrokes closer than
    // their undo delay (ProseMirror 500 ms, Quill 1 s) into one step with what came before.
    await page.waitForTimeout(1100);
    const { expected } = await typeAndAccept(page, ui, typed, '', 'tab', dom);
    await waitForValue(model, expected);
    await page.keyboard.press('Control+z');
    const undone = editor.undo === 'word' ? typed : '';
    await waitForValue(model, undone);
    await waitForValue(dom, undone);
  });

  it('a correction of a slip replaces the typed letters in the editor’s model, and Ctrl+Z gives them back', async () => {
    const { dom, model } = await openEditor(editor);
    const typed = 'I will recieve';
    await page.keyboard.type(typed);
    await page.waitForTimeout(1100); // an undo step of its own (see above)
    const shown = await ui.waitUntil((s) => s?.words.includes('receive') === true, 10_000);
    expect(shown?.words).toContain('receive');
    await page.keyboard.press(`Alt+Digit${shown!.words.indexOf('receive') + 1}`);
    await waitForValue(model, 'I will receive ');
    await waitForValue(dom, 'I will receive ');
    await page.keyboard.press('Control+z');
    const undone = (editor.shortRunUndo ?? editor.undo) === 'word' ? typed : '';
    await waitForValue(model, undone);
    await waitForValue(dom, undone);
  });
});

it('TinyMCE without Inkling’s help: Ctrl+Z takes back the whole typing run', async () => {
  const tinymce = EDITORS.find((e) => e.undo === 'typing run')!;
  const { dom, model } = await openEditor(tinymce);
  await page.keyboard.type('Thank you for the help');
  await waitForValue(model, 'Thank you for the help');
  await page.keyboard.press('Control+z');
  await waitForValue(model, '');
  await waitForValue(dom, '');
});

/** Failed insertions the background has counted since it started (read as Inkling's popup would). */
async function insertionFailures(): Promise<{ failures: number; unrestored: number }> {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  const counts = await popup.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<{ ok: { failures: number; unrestored: number } }> } } })
      .chrome.runtime.sendMessage({ inkling: 1, type: 'insertionFailures', data: {} }),
  );
  await popup.close();
  return counts.ok;
}

async function waitForFailures(count: number): Promise<{ failures: number; unrestored: number }> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const counts = await insertionFailures();
    if (counts.failures >= count || Date.now() > deadline) return counts;
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('an editor that mishandles the insertion', () => {
  it.each([
    ['swallows it (applies only trusted keystrokes)', 'swallow'],
    ['keeps it without its space', 'trim'],
  ])('%s: what the user typed is restored, nothing more is offered there, and the background counts it', async (_name, mode) => {
    const before = await insertionFailures();
    page = await browser.context.newPage();
    ui = await InklingUi.attach(page);
    await page.goto(`${server.origin}/model-editor.html?mode=${mode}`);
    await ui.waitForFrames(1);
    const field = page.locator('#editor');
    await field.click();
    const typed = 'I would like to th';
    await page.keyboard.type(typed);
    await ui.waitForSuggestions();
    await page.keyboard.press('Tab');
    const after = await waitForFailures(before.failures + 1);
    expect(after).toEqual({ failures: before.failures + 1, unrestored: before.unrestored });
    const model = editorModelOf(page as Page | Frame);
    await waitForValue(model, typed);
    await waitForValue(textOf(field), typed);
    // The field is left alone from now on: typing goes on as typed, with nothing offered.
    await page.keyboard.type('ink about it');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await waitForValue(model, `${typed}ink about it`);
  });
});
