import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser';
import { valueOf } from './harness/fields';
import type { PageServer } from './harness/server';
import { withExtensionSession } from './harness/session';
import { tabOpener, type OpenTab } from './harness/tab';
import type { InklingUi } from './harness/ui';

/** The extension APIs the worker-side snippets below use. */
declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> } };
  tabs: { query(query: object): Promise<{ id?: number }[]> };
  runtime: { getManifest(): { commands?: Record<string, { suggested_key?: { default?: string }; description?: string }> } };
  commands: { getAll(): Promise<{ name?: string; shortcut?: string; description?: string }[]> };
};
/** axe-core, once injected into a page. */
declare const axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[]; passes: unknown[] }> };

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

let server: PageServer;
let browser: ExtensionBrowser;
withExtensionSession((s) => ({ server, browser } = s));
const open = tabOpener(() => ({ server, browser }));

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Changes some settings as the options page would (the rest keep their stored or default values). */
async function setSettings(change: object, b = browser): Promise<void> {
  await b.worker.evaluate(async (c) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object | undefined), ...c } });
  }, change);
}

async function resetSettings(): Promise<void> {
  await browser.worker.evaluate(() => chrome.storage.local.set({ settings: {}, suggestEverywhere: true, sitesTurnedOff: [], sitesTurnedOn: [] }));
}

/** Runs in the content script's world: the bar's accessible parts, read through the closed shadow root. */
const READ_A11Y = `(() => {
  const host = document.querySelector('inkling-suggestions');
  const root = host && chrome.dom.openOrClosedShadowRoot(host);
  if (!root) return null;
  const bar = root.querySelector('.bar');
  const live = root.querySelector('[aria-live]');
  return {
    role: bar.getAttribute('role'),
    label: bar.getAttribute('aria-label'),
    options: [...bar.querySelectorAll('[role=option]')].map((o) => o.getAttribute('aria-label')),
    live: live ? live.textContent.trim() : null,
    liveRole: live ? live.getAttribute('role') + '/' + live.getAttribute('aria-live') : null,
  };
})()`;

interface BarA11y {
  role: string;
  label: string;
  options: string[];
  live: string | null;
  liveRole: string | null;
}

async function readA11y(ui: InklingUi): Promise<BarA11y> {
  const [read] = await ui.evaluateInContentScript<BarA11y>(READ_A11Y);
  if (!read) throw new Error('no suggestion host in any frame');
  return read;
}

/** Polls `read` until `check` holds (once per 50 ms, up to `timeoutMs`). */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`never reached the expected state: ${JSON.stringify(value)}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Opens the typing page with the textarea focused and `text` typed, and waits for suggestions. */
async function typeInArea(text: string): Promise<OpenTab & { words: string[] }> {
  const tab = await open('/basic.html', 3);
  await tab.page.locator('#area').click();
  await tab.page.keyboard.type(text);
  const { words } = await tab.ui.waitForSuggestions();
  return { ...tab, words };
}

describe('screen readers', () => {
  it('names the bar and each option with the keys that pick it, announces after a pause, on request and on accepting', async () => {
    await resetSettings();
    const { page, ui, words } = await typeInArea('I would like to th');
    const read = await readA11y(ui);
    expect(read.role).toBe('listbox');
    expect(read.label).toBe('Inkling suggestions');
    expect(read.liveRole).toBe('status/polite');
    // Tab takes the first (its ghost text shows); Alt+digit each one.
    expect(read.options).toEqual(words.map((w, i) => (i === 0 ? `${w}, Tab or Alt+1` : `${w}, Alt+${i + 1}`)));
    const phrase = (shown: string[], names = shown.map((w, i) => (i === 0 ? `${w}, Tab or Alt+1` : `${w}, Alt+${i + 1}`))) =>
      `Suggestions: ${names.join('; ')}`;
    // Once typing pauses, the live region says what is on display.
    await until(() => readA11y(ui), (r) => r.live === phrase(words));

    // While the user types on, the region does not change with each keystroke.
    await ui.evaluateInContentScript(`(() => {
      const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('inkling-suggestions'));
      const live = root.querySelector('[aria-live]');
      globalThis.__liveChanges = 0;
      new MutationObserver(() => globalThis.__liveChanges++).observe(live, { childList: true, characterData: true, subtree: true });
      return true;
    })()`);
    await page.keyboard.type('e best way to', { delay: 30 });
    const next = await ui.waitForSuggestions();
    const [changes] = await ui.evaluateInContentScript<number>('globalThis.__liveChanges');
    expect(changes).toBeLessThanOrEqual(2);
    await until(() => readA11y(ui), (r) => r.live === phrase(next.words));

    // Alt+Shift+0 asks: announced at once; the key does not reach the field.
    await page.keyboard.type(' g');
    const asked = await ui.waitForSuggestions();
    await page.keyboard.press('Alt+Shift+Digit0');
    expect((await readA11y(ui)).live).toBe(phrase(asked.words));
    expect(await valueOf(page.locator('#area'))()).toBe('I would like to the best way to g');

    // Accepting says which word went in.
    await page.keyboard.press('Alt+1');
    await until(valueOf(page.locator('#area')), (v) => v === `I would like to the best way to ${asked.words[0]} `);
    expect((await readA11y(ui)).live).toBe(`Inserted ${asked.words[0]}`);
  });

  it('exposes the bar to assistive technology while the page sees an empty, closed element', async () => {
    await resetSettings();
    const { page, words } = await typeInArea('I would like to th');
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value: string }; name?: { value: string } }[] };
    await cdp.detach();
    const listbox = nodes.find((n) => n.role?.value === 'listbox' && n.name?.value === 'Inkling suggestions');
    expect(listbox).toBeDefined();
    const optionNames = nodes.filter((n) => n.role?.value === 'option').map((n) => n.name?.value);
    expect(optionNames).toContain(`${words[1]}, Alt+2`);
    expect(await page.evaluate(() => {
      const host = document.querySelector('inkling-suggestions')!;
      return { shadow: host.shadowRoot, text: host.textContent, attributes: host.getAttributeNames().filter((a) => a !== 'style' && a !== 'popover') };
    })).toEqual({ shadow: null, text: '', attributes: [] });
  });
});

/**
 * Installed in the content script's world (where the test can watch it): the device's voices
 * are `voices` (a local and a remote one by default) and every utterance handed to
 * speechSynthesis.speak is recorded, with the voice it was given.
 */
const FAKE_VOICES = (voices: 'both' | 'remote') => `(() => {
  const local = { name: 'Test local voice', lang: 'en-US', localService: true, default: false, voiceURI: 'local' };
  const remote = { name: 'Test server voice', lang: 'en-US', localService: false, default: true, voiceURI: 'remote' };
  const listed = ${JSON.stringify(voices)} === 'both' ? [remote, local] : [remote];
  globalThis.__spoken = [];
  speechSynthesis.getVoices = () => listed;
  speechSynthesis.cancel = () => {};
  speechSynthesis.speak = (u) => globalThis.__spoken.push({ text: u.text, voice: u.voice && u.voice.name, local: u.voice && u.voice.localService });
  // The voice objects above are not the browser's own, which its own utterance would refuse.
  globalThis.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.voice = null; this.lang = ''; } };
  return true;
})()`;

interface Spoken {
  text: string;
  voice: string | null;
  local: boolean | null;
}

/** Every utterance spoken in any frame of the page. */
const spoken = async (ui: InklingUi) => (await ui.evaluateInContentScript<Spoken[]>('globalThis.__spoken')).flat();

describe('spoken suggestions', () => {
  it('speak nothing until turned on, then Alt+Shift+digit, pointing and accepting speak with a local voice only', async () => {
    await resetSettings();
    const { page, ui, words } = await typeInArea('I would like to th');
    await ui.evaluateInContentScript(FAKE_VOICES('both'));
    await page.keyboard.press('Alt+Shift+Digit2');
    expect((await readA11y(ui)).live).toBe(words[1]); // announced to screen readers all the same
    expect(await spoken(ui)).toEqual([]); // off by default

    await setSettings({ speakSuggestions: true, speakAccepted: true });
    await until(async () => {
      await page.keyboard.press('Alt+Shift+Digit2');
      return spoken(ui);
    }, (s) => s.length > 0);
    expect((await spoken(ui))[0]).toEqual({ text: words[1], voice: 'Test local voice', local: true });

    const shown = await ui.waitForSuggestions();
    await page.mouse.move(shown.chips[2]!.x, shown.chips[2]!.y);
    await until(() => spoken(ui), (s) => s.some((u) => u.text === shown.words[2]));

    await page.mouse.move(0, 0); // away: a bar drawn under a resting pointer says nothing
    await page.keyboard.press('Alt+1');
    await until(() => spoken(ui), (s) => s.at(-1)?.text === shown.words[0]);
    expect((await spoken(ui)).every((u) => u.local === true && u.voice === 'Test local voice')).toBe(true);
    expect(await valueOf(page.locator('#area'))()).toBe(`I would like to ${shown.words[0]} `);
  });

  it('say nothing where the device has only a voice that sends text to a server', async () => {
    await resetSettings();
    await setSettings({ speakSuggestions: true, speakAccepted: true });
    const { page, ui, words } = await typeInArea('I would like to th');
    await ui.evaluateInContentScript(FAKE_VOICES('remote'));
    await page.keyboard.press('Alt+Shift+Digit1');
    await page.keyboard.press('Alt+1');
    await until(valueOf(page.locator('#area')), (v) => v === `I would like to ${words[0]} `);
    // Speaking waits for the voice list for a moment: give it that long, then nothing may have been said.
    await page.waitForTimeout(1700);
    expect(await spoken(ui)).toEqual([]);
  });
});

/** Runs in the content script's world: computed styles of the bar and its first chip. */
const READ_STYLES = `(() => {
  const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('inkling-suggestions'));
  const bar = root.querySelector('.bar.shown');
  if (!bar) return null;
  const b = getComputedStyle(bar), c = getComputedStyle(bar.querySelector('.chip.first'));
  return { fontSize: b.fontSize, height: bar.getBoundingClientRect().height, background: b.backgroundColor,
    border: b.borderTopWidth, firstOutline: c.outlineStyle === 'none' ? 'none' : c.outlineStyle + ' ' + c.outlineWidth, firstColor: c.color };
})()`;

interface BarStyles {
  fontSize: string;
  height: number;
  background: string;
  border: string;
  firstOutline: string;
  firstColor: string;
}

describe('large and clear', () => {
  const styles = async (ui: InklingUi) => (await ui.evaluateInContentScript<BarStyles>(READ_STYLES))[0] ?? null;

  it('the size setting scales the bar; high contrast, or the system asking for it, changes its colours', async () => {
    await resetSettings();
    const { page, ui } = await typeInArea('I would like to th');
    const normal = (await styles(ui))!;
    expect(normal).toMatchObject({ fontSize: '13px', background: 'rgb(255, 255, 255)', border: '1px', firstOutline: 'none' });

    await setSettings({ suggestionScale: 200 });
    const large = await until(() => styles(ui), (s) => s?.fontSize === '26px');
    expect(large!.height).toBeGreaterThan(normal.height * 1.8);

    await setSettings({ suggestionScale: 150, highContrast: true });
    const contrast = await until(() => styles(ui), (s) => s?.background === 'rgb(0, 0, 0)');
    expect(contrast).toMatchObject({ fontSize: '19.5px', border: '2px', firstOutline: 'solid 2px', firstColor: 'rgb(255, 255, 0)' });

    // The setting off, the system asks for more contrast: the same look.
    await setSettings({ suggestionScale: 100, highContrast: false });
    await until(() => styles(ui), (s) => s?.background === 'rgb(255, 255, 255)');
    await page.emulateMedia({ contrast: 'more' });
    expect(await until(() => styles(ui), (s) => s?.background === 'rgb(0, 0, 0)')).toMatchObject({ border: '2px', firstOutline: 'solid 2px' });
    // Forced colours (Windows High Contrast): system colours, a visible border and outline.
    await page.emulateMedia({ contrast: 'no-preference', forcedColors: 'active' });
    expect(await until(() => styles(ui), (s) => s?.border === '2px')).toMatchObject({ firstOutline: 'solid 2px' });
    await page.emulateMedia({ forcedColors: 'none' });
  });

  it('the number of suggestions is the setting', async () => {
    await resetSettings();
    await setSettings({ suggestionCount: 5 });
    const { ui } = await typeInArea('I would like to th');
    expect((await ui.waitUntil((s) => (s?.words.length ?? 0) === 5))!.words).toHaveLength(5);
    await setSettings({ suggestionCount: 1 });
    await ui.waitUntil((s) => s?.words.length === 1);
  });
});

describe('shortcuts', () => {
  it('are declared as browser commands the user can change, and switch the site and everywhere', async () => {
    await resetSettings();
    const commands = await browser.worker.evaluate(() => chrome.runtime.getManifest().commands);
    expect(commands).toEqual({
      'toggle-site': { suggested_key: { default: 'Alt+Shift+J' }, description: 'Turn Inkling on or off for this site' },
      'toggle-everywhere': { suggested_key: { default: 'Alt+Shift+U' }, description: 'Turn Inkling on or off everywhere' },
    });
    const registered = await browser.worker.evaluate(() => chrome.commands.getAll());
    expect(registered).toEqual(expect.arrayContaining([
      { name: 'toggle-site', shortcut: 'Alt+Shift+J', description: 'Turn Inkling on or off for this site' },
      { name: 'toggle-everywhere', shortcut: 'Alt+Shift+U', description: 'Turn Inkling on or off everywhere' },
    ]));

    const { page, ui } = await typeInArea('I would like to th');
    await page.bringToFront();
    // The browser's own command event, as a pressed shortcut fires it (headless Chromium has no
    // window for a real key to reach the browser's shortcut handling).
    const fire = (name: string) => browser.worker.evaluate(async (command) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      (chrome.commands as unknown as { onCommand: { dispatch(name: string, tab: object): void } }).onCommand.dispatch(command, tab!);
    }, name);
    const switches = () => browser.worker.evaluate(() => chrome.storage.local.get('sitesTurnedOff'));

    await fire('toggle-site');
    await until(switches, (s) => JSON.stringify(s.sitesTurnedOff) === '["127.0.0.1"]');
    await ui.waitUntil((s) => s === null);
    await page.keyboard.type('e');
    await ui.settle();
    expect(await ui.read()).toBeNull();

    await fire('toggle-site');
    await until(switches, (s) => JSON.stringify(s.sitesTurnedOff) === '[]');
    await page.keyboard.type(' a');
    await ui.waitForSuggestions();

    await fire('toggle-everywhere');
    await until(() => browser.worker.evaluate(() => chrome.storage.local.get('suggestEverywhere')), (s) => s.suggestEverywhere === false);
    await page.keyboard.type('n');
    await ui.settle();
    expect(await ui.read()).toBeNull();
    await fire('toggle-everywhere');
    await until(() => browser.worker.evaluate(() => chrome.storage.local.get('suggestEverywhere')), (s) => s.suggestEverywhere === true);
  });
});

/** Runs axe-core on an extension page (evaluated through DevTools: the page's CSP allows no injected script). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const { violations, passes } = await page.evaluate(() => axe.run(document, {}));
  // An audit that checked nothing would pass vacuously.
  expect(passes.length).toBeGreaterThan(10);
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}

describe('automated accessibility audit (axe-core)', () => {
  const audit = async (b: ExtensionBrowser, heading: RegExp) => {
    // The popup about a tab that has suggestions on display, and the options page with every setting.
    const page = await b.context.newPage();
    await page.goto(`${server.origin}/basic.html`);
    await page.locator('#area').click();
    await page.keyboard.type('I would like to th');
    await page.bringToFront();
    const tabId = await b.worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]!.id!);
    const popup = await b.context.newPage();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tabId}`);
    await popup.locator('.switches').waitFor();
    await expect.poll(() => popup.locator('main').textContent(), { timeout: 10_000 }).toMatch(/parâmetros|parameters/);
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await options.getByRole('heading', { level: 1, name: heading }).waitFor();
    // The voice list has been looked at (this machine has no voice: the notice is part of what is audited).
    await options.locator('p.error[role=status]').waitFor({ timeout: 5000 });
    const found = { popup: await axeViolations(popup), options: await axeViolations(options) };
    await Promise.all([page.close(), popup.close(), options.close()]);
    return found;
  };

  it('finds no violation on the popup and the options page in English', async () => {
    await resetSettings();
    expect(await audit(browser, /Inkling settings/)).toEqual({ popup: [], options: [] });
  });

  it('finds no violation on the popup and the options page in Portuguese', async () => {
    const pt = await launchWithExtension({ locale: 'pt-BR' });
    try {
      expect(await audit(pt, /Configurações do Inkling/)).toEqual({ popup: [], options: [] });
    } finally {
      await pt.close();
    }
  });
});
