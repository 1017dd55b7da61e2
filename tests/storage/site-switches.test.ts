import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  isOnFor, readSiteSwitches, setSiteOn, sitesTurnedOff, sitesTurnedOn, suggestEverywhere, watchSite, type SiteSwitches,
} from '../../src/storage/site-switches';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('isOnFor', () => {
  it.each<[boolean, string[], string[], boolean]>([
    [true, [], [], true],
    [true, ['example.com'], [], false],
    [true, ['other.com'], [], true],
    [true, [], ['example.com'], true],
    [true, ['example.com'], ['example.com'], false], // everywhere on: only the block list counts
    [false, [], [], false],
    [false, [], ['example.com'], true],
    [false, [], ['other.com'], false],
    [false, ['example.com'], ['example.com'], true], // everywhere off: only the allow list counts
  ])('everywhere=%s, off=%j, on=%j → %s', (everywhere, off, on, expected) => {
    expect(isOnFor('example.com', everywhere, off, on)).toBe(expected);
  });
});

describe('setSiteOn', () => {
  it.each<[string, SiteSwitches, boolean, Omit<SiteSwitches, 'everywhere'>]>([
    ['everywhere on, a site off: onto the block list', { everywhere: true, off: ['b.org'], on: [] }, false, { off: ['a.com', 'b.org'], on: [] }],
    ['everywhere on, a site back on: off the block list', { everywhere: true, off: ['a.com', 'b.org'], on: [] }, true, { off: ['b.org'], on: [] }],
    ['everywhere off, a site on: onto the allow list', { everywhere: false, off: [], on: ['b.org'] }, true, { off: [], on: ['a.com', 'b.org'] }],
    ['everywhere off, a site off again: off the allow list', { everywhere: false, off: [], on: ['a.com'] }, false, { off: [], on: [] }],
    ['everywhere off: the block list is kept as it is', { everywhere: false, off: ['a.com'], on: [] }, true, { off: ['a.com'], on: ['a.com'] }],
    ['everywhere on: the allow list is kept as it is', { everywhere: true, off: [], on: ['a.com'] }, false, { off: ['a.com'], on: ['a.com'] }],
    ['a site already listed stays listed once', { everywhere: true, off: ['a.com'], on: [] }, false, { off: ['a.com'], on: [] }],
  ])('%s', async (_name, before, on, after) => {
    await Promise.all([suggestEverywhere.setValue(before.everywhere), sitesTurnedOff.setValue(before.off), sitesTurnedOn.setValue(before.on)]);
    await setSiteOn('a.com', on);
    expect(await readSiteSwitches()).toEqual({ everywhere: before.everywhere, ...after });
    const { everywhere, off, on: allowed } = await readSiteSwitches();
    expect(isOnFor('a.com', everywhere, off, allowed)).toBe(on);
  });
});

describe('watchSite', () => {
  it('tells whether the site is on now and after each change of any switch', async () => {
    const seen: boolean[] = [];
    const stop = watchSite('a.com', (on) => seen.push(on));
    await expect.poll(() => seen).toEqual([true]);
    await suggestEverywhere.setValue(false);
    await expect.poll(() => seen.at(-1)).toBe(false);
    await setSiteOn('a.com', true);
    await expect.poll(() => seen.at(-1)).toBe(true);
    await sitesTurnedOn.setValue([]);
    await expect.poll(() => seen.at(-1)).toBe(false);
    stop();
    await suggestEverywhere.setValue(true);
    expect(seen.at(-1)).toBe(false);
  });
});
