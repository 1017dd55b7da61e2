import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BlockedWords } from '../../src/background/blocked-words';
import { createDataService, pastRetention } from '../../src/background/data';
import { forgetSamples } from '../../src/learn/forget-samples';
import type { SampleSelection } from '../../src/storage/samples';
import type { Caller } from '../../src/messaging/server';
import { ImportFileError } from '../../src/storage/backup';
import { parsePreferences, readPreferences } from '../../src/storage/preferences';
import { listSamples, upsertDraft } from '../../src/storage/samples';
import { DEFAULT_SETTINGS, languageChoice, readSettings, updateSettings } from '../../src/storage/settings';
import { sitesTurnedOff, sitesTurnedOn } from '../../src/storage/site-switches';
import { recentStats } from '../../src/storage/stats';
import { blockedWords, recordWords } from '../../src/storage/vocabulary';
import { freshDB } from '../storage/helpers';

const OWN = 'chrome-extension://inkling';
const page: Caller = { tabId: 3, frameId: 0, origin: OWN, incognito: false };
const site: Caller = { tabId: 4, frameId: 0, origin: 'https://evil.example', incognito: false };
const DAY = 86_400_000;

async function setup() {
  const db = await freshDB();
  const learning = {
    setPaused: vi.fn(async () => {}),
    status: vi.fn(async () => ({ waiting: 0, samples: 0, learning: false, lastUpdate: null, paused: true, problem: null })),
    // The storage side of forgetting (no personal model loaded): the samples selected go.
    forget: vi.fn((which: SampleSelection) => forgetSamples(db, [], which, 1)),
    eraseAll: vi.fn(async (erasing: () => Promise<void>) => { await erasing(); }),
    reload: vi.fn(async () => {}),
  };
  const blocked = new BlockedWords(() => blockedWords(db));
  const refresh = vi.spyOn(blocked, 'refresh');
  const handlers = createDataService({ openDb: async () => db, learning, blocked, extensionOrigin: OWN, now: () => Date.UTC(2024, 4, 10, 12) });
  const draft = (key: string, text: string, origin = 'https://mail.example') =>
    upsertDraft(db, { draftKey: key, text, lang: 'en', origin, now: 1000 });
  return { db, learning, blocked, refresh, handlers, draft };
}

beforeEach(() => fakeBrowser.reset());

describe('createDataService', () => {
  it.each(['listSamples', 'exportData', 'deleteEverything', 'listVocabulary', 'personalInfo'] as const)(
    'refuses %s to a web page’s content script',
    async (type) => {
      const { handlers } = await setup();
      await expect((handlers[type] as (d: object, c: Caller) => Promise<unknown>)({}, site)).rejects.toThrow(/only Inkling/);
    },
  );

  it('counts keystrokes saved by day, but nothing from a private window', async () => {
    const { db, handlers } = await setup();
    await handlers.accepted({ saved: 4 }, site);
    await handlers.accepted({ saved: 3 }, site);
    await handlers.accepted({ saved: 9 }, { ...site, incognito: true });
    const [today] = await recentStats(db, 1, '2024-05-10');
    expect(today).toMatchObject({ keystrokesSaved: 7, suggestionsAccepted: 2 });
    expect((await handlers.recentStats({ days: 7 }, page)).map((d) => d.keystrokesSaved)).toEqual([0, 0, 0, 0, 0, 0, 7]);
  });

  it('lists, searches and filters samples, with every site and its count', async () => {
    const { handlers, draft } = await setup();
    await draft('a', 'lunch on friday with Ana');
    await draft('b', 'see you on friday', 'https://chat.example');
    await draft('c', 'quarterly numbers attached');
    const all = await handlers.listSamples({}, page);
    expect(all.matching).toBe(3);
    expect(all.origins).toEqual([{ origin: 'https://chat.example', count: 1 }, { origin: 'https://mail.example', count: 2 }]);
    expect((await handlers.listSamples({ search: 'FRIDAY' }, page)).samples.map((s) => s.draftKey).sort()).toEqual(['a', 'b']);
    expect((await handlers.listSamples({ search: 'friday', origin: 'https://mail.example' }, page)).samples.map((s) => s.draftKey)).toEqual(['a']);
    const limited = await handlers.listSamples({ limit: 1 }, page);
    expect([limited.samples.length, limited.matching]).toEqual([1, 3]);
  });

  it('deleting a sample or a site’s samples asks learning to forget them', async () => {
    const { db, handlers, learning, draft } = await setup();
    const id = await draft('a', 'lunch on friday with Ana');
    await draft('b', 'see you on friday', 'https://chat.example');
    await draft('c', 'quarterly numbers attached', 'https://chat.example');
    await handlers.deleteSample({ id }, page);
    expect(learning.forget).toHaveBeenCalledWith({ ids: [id] });
    expect(await handlers.deleteSiteSamples({ origin: 'https://chat.example' }, page)).toEqual({ deleted: 2 });
    expect(learning.forget).toHaveBeenLastCalledWith({ origin: 'https://chat.example' });
    expect(await listSamples(db)).toEqual([]);
  });

  it('adds, blocks, unblocks and removes words, and the suggestion filter follows at once', async () => {
    const { handlers, blocked } = await setup();
    await handlers.addWord({ word: 'Zyrtelle' }, page);
    expect((await handlers.listVocabulary({}, page)).map((w) => [w.word, w.display, w.addedByUser])).toEqual([['zyrtelle', 'Zyrtelle', true]]);
    expect(await blocked.filter(['Zyrtelle', 'zebra'])).toEqual(['Zyrtelle', 'zebra']);
    await handlers.blockWord({ word: 'Zyrtelle' , blocked: true }, page);
    expect(await blocked.filter(['Zyrtelle', 'zebra', 'ZYRTELLE'])).toEqual(['zebra']);
    await handlers.blockWord({ word: 'zyrtelle', blocked: false }, page);
    expect(await blocked.filter(['Zyrtelle'])).toEqual(['Zyrtelle']);
    await handlers.blockWord({ word: 'darn', blocked: true }, page);
    await handlers.removeWord({ word: 'Darn' }, page);
    expect((await handlers.listVocabulary({}, page)).map((w) => w.word)).toEqual(['zyrtelle']);
  });

  it('export → delete everything → import restores the samples, the words and the settings', async () => {
    const { db, handlers, learning, refresh, draft } = await setup();
    await draft('a', 'lunch on friday with Ana');
    await recordWords(db, [{ word: 'ana', display: 'Ana' }], 'en', 1);
    await updateSettings({ suggestionCount: 5 });
    await languageChoice.setValue('pt');
    await sitesTurnedOff.setValue(['bank.example']);
    await sitesTurnedOn.setValue(['mail.example']);
    const file = await handlers.exportData({}, page);

    await handlers.deleteEverything({}, page);
    expect(await handlers.personalInfo({}, page)).toEqual({ samples: 0, sampleChars: 0, words: 0, blockedWords: 0, checkpoints: [] });
    expect(await readSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await readPreferences()).toMatchObject({ language: 'auto', suggestEverywhere: true, sitesTurnedOff: [], sitesTurnedOn: [] });
    expect(learning.eraseAll).toHaveBeenCalled();

    expect(await handlers.importData({ file: JSON.stringify(file) }, page)).toEqual({ samples: 1, words: 1 });
    expect((await listSamples(db)).map((s) => s.text)).toEqual(['lunch on friday with Ana']);
    expect(await readPreferences()).toMatchObject({ language: 'pt', sitesTurnedOff: ['bank.example'], sitesTurnedOn: ['mail.example'], settings: { suggestionCount: 5 } });
    expect(learning.reload).toHaveBeenCalledTimes(1);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('an import with bad preferences changes nothing at all', async () => {
    const { db, handlers, draft } = await setup();
    await draft('a', 'lunch on friday with Ana');
    const file = await handlers.exportData({}, page);
    await draft('b', 'written after the export');
    const bad = JSON.stringify({ ...file, preferences: { language: 'klingon' } });
    await expect(handlers.importData({ file: bad }, page)).rejects.toThrow(ImportFileError);
    expect((await listSamples(db)).map((s) => s.draftKey).sort()).toEqual(['a', 'b']);
  });
});

describe('parsePreferences', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown preference', { theme: 'dark' }, /unknown field "theme"/],
    ['settings not an object', { settings: 3 }, /settings is not an object/],
    ['an unknown language', { language: 'fr' }, /not a known language/],
    ['a non-boolean switch', { suggestEverywhere: 'yes' }, /not true or false/],
    ['sites not a list of names', { sitesTurnedOff: [1] }, /sitesTurnedOff is not a list of host names/],
    ['sites turned on not a list', { sitesTurnedOn: 'mail.example' }, /sitesTurnedOn is not a list of host names/],
    ['a site name too long', { sitesTurnedOn: ['x'.repeat(254)] }, /sitesTurnedOn is not a list of host names/],
  ])('rejects %s', (_name, value, message) => {
    expect(() => parsePreferences(value)).toThrow(message);
  });

  it('reads both site lists, without repeats and sorted; a file from before the allow list still reads', () => {
    expect(parsePreferences({ sitesTurnedOff: ['b.org', 'a.com', 'b.org'], sitesTurnedOn: ['z.net', 'c.io'] }))
      .toEqual({ sitesTurnedOff: ['a.com', 'b.org'], sitesTurnedOn: ['c.io', 'z.net'] });
    expect(parsePreferences({ sitesTurnedOff: [] })).toEqual({ sitesTurnedOff: [] });
  });
});

describe('pastRetention', () => {
  it('deletes samples older than the retention days, then the oldest past the size', async () => {
    const db = await freshDB();
    const now = 400 * DAY;
    await upsertDraft(db, { draftKey: 'old', text: 'from long ago indeed', lang: 'en', origin: 'o', now: now - 40 * DAY });
    await upsertDraft(db, { draftKey: 'mid', text: 'x'.repeat(6000), lang: 'en', origin: 'o', now: now - 5 * DAY });
    await upsertDraft(db, { draftKey: 'new', text: 'y'.repeat(6000), lang: 'en', origin: 'o', now: now - DAY });
    expect(await forgetSamples(db, [], pastRetention({ retentionDays: 30, retentionChars: 10_000 }, now), now)).toBe(2);
    expect((await listSamples(db)).map((s) => s.draftKey)).toEqual(['new']);
  });
});
