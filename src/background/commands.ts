import { browser } from 'wxt/browser';
import { callBackground } from '../messaging/client';
import type { Request } from '../messaging/protocol';
import { isOnFor, readSiteSwitches, setSiteOn, suggestEverywhere } from '../storage/site-switches';

/**
 * The keyboard shortcuts declared as `commands` in the manifest (wxt.config.ts), so the user
 * can change them on the browser's shortcuts page. They flip the same switches as the popup;
 * open tabs follow at once, as they watch the switches.
 */

export type CommandName = 'toggle-site' | 'toggle-everywhere';

/** The site of a tab's top page, as its content script reports it (null where none runs). */
export type SiteOfTab = () => Promise<string | null>;

const COMMANDS: Record<CommandName, (siteOfTab: SiteOfTab) => Promise<void>> = {
  'toggle-everywhere': async () => suggestEverywhere.setValue(!(await suggestEverywhere.getValue())),
  'toggle-site': async (siteOfTab) => {
    const site = await siteOfTab();
    if (!site) return; // a browser page or the store: nothing to switch
    const { everywhere, off, on } = await readSiteSwitches();
    await setSiteOn(site, !isOnFor(site, everywhere, off, on));
  },
};

/** Runs the command `name` (unknown names do nothing: a newer manifest's). */
export async function runCommand(name: string, siteOfTab: SiteOfTab): Promise<void> {
  if (Object.hasOwn(COMMANDS, name)) await COMMANDS[name as CommandName](siteOfTab);
}

/** Asks the content script of the tab's top frame for its site; the site never comes from the tab's URL (no `tabs` permission). */
async function siteOfTab(tabId: number | undefined): Promise<string | null> {
  const id = tabId ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (id === undefined) return null;
  const send = (request: Request) => browser.tabs.sendMessage(id, request, { frameId: 0 });
  return callBackground(send, 'pageSite', {}).then(({ site }) => site || null, () => null);
}

/** Listens for the shortcuts. Called once by the background. */
export function startCommands(): void {
  browser.commands?.onCommand.addListener((name, tab) => {
    runCommand(name, () => siteOfTab(tab?.id)).catch((e: unknown) => console.warn('[Inkling] shortcut:', e));
  });
}
