import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { runCommand } from '../../src/background/commands';
import { readSiteSwitches, suggestEverywhere } from '../../src/storage/site-switches';

beforeEach(() => fakeBrowser.reset());

describe('runCommand', () => {
  it('toggle-site switches the tab’s site off and on again', async () => {
    const site = async () => 'example.com';
    await runCommand('toggle-site', site);
    expect(await readSiteSwitches()).toEqual({ everywhere: true, off: ['example.com'], on: [] });
    await runCommand('toggle-site', site);
    expect(await readSiteSwitches()).toEqual({ everywhere: true, off: [], on: [] });
  });

  it('toggle-site with “everywhere” off turns the site on (the allow list)', async () => {
    await suggestEverywhere.setValue(false);
    await runCommand('toggle-site', async () => 'example.com');
    expect(await readSiteSwitches()).toEqual({ everywhere: false, off: [], on: ['example.com'] });
  });

  it('toggle-site does nothing where no content script reports a site', async () => {
    await runCommand('toggle-site', async () => null);
    expect(await readSiteSwitches()).toEqual({ everywhere: true, off: [], on: [] });
  });

  it('toggle-everywhere flips the switch; an unknown command changes nothing', async () => {
    await runCommand('toggle-everywhere', async () => null);
    expect(await suggestEverywhere.getValue()).toBe(false);
    await runCommand('toggle-everywhere', async () => null);
    await runCommand('toString', async () => 'example.com');
    expect(await readSiteSwitches()).toEqual({ everywhere: true, off: [], on: [] });
  });
});
