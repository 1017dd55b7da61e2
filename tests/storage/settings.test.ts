import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  asLanguageChoice, asSettings, DEFAULT_SETTINGS, languageChoice, readSettings, settings, SETTINGS_MIGRATIONS, SETTINGS_VERSION,
  updateSettings, watchSettings, type Settings,
} from '../../src/storage/settings';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('settings', () => {
  it('reads the defaults when nothing is stored', async () => {
    expect(await readSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ suggestionCount: 3, acceptKeys: { tab: true, altDigits: true, click: true, enter: false }, incognito: 'suggest' });
  });

  it('changes some settings and keeps the others', async () => {
    await updateSettings({ suggestionCount: 5, ghostText: false });
    await updateSettings({ learning: false });
    expect(await readSettings()).toEqual({ ...DEFAULT_SETTINGS, suggestionCount: 5, ghostText: false, learning: false });
  });

  it('tells a watcher the value now and after each change', async () => {
    const seen: Settings[] = [];
    const stop = watchSettings((s) => seen.push(s));
    await expect.poll(() => seen.length).toBe(1);
    await updateSettings({ startAfterLetters: 2 });
    await expect.poll(() => seen.at(-1)?.startAfterLetters).toBe(2);
    stop();
    await updateSettings({ startAfterLetters: 3 });
    expect(seen.at(-1)?.startAfterLetters).toBe(2);
  });
});

describe('asSettings', () => {
  it.each<[string, unknown, Partial<Settings>]>([
    ['nothing stored', undefined, {}],
    ['not an object', 'yes', {}],
    ['a count out of range', { suggestionCount: 9 }, {}],
    ['a fractional count', { suggestionCount: 2.5 }, {}],
    ['a valid count', { suggestionCount: 1 }, { suggestionCount: 1 }],
    ['a key missing (an older build)', { acceptKeys: { tab: false } }, { acceptKeys: { ...DEFAULT_SETTINGS.acceptKeys, tab: false } }],
    ['a key of the wrong type', { acceptKeys: { enter: 'yes' } }, {}],
    ['an unknown incognito choice', { incognito: 'sometimes' }, {}],
    ['incognito off', { incognito: 'off' }, { incognito: 'off' }],
    ['retention too short', { retentionDays: 0 }, {}],
    ['retention too small', { retentionChars: 5 }, {}],
    ['start after too many letters', { startAfterLetters: 7 }, {}],
    ['a size below 100 %', { suggestionScale: 50 }, {}],
    ['a size above 200 %', { suggestionScale: 250 }, {}],
    ['a valid size', { suggestionScale: 175 }, { suggestionScale: 175 }],
    ['high contrast of the wrong type', { highContrast: 'on' }, {}],
    ['speech turned on', { speakSuggestions: true, speakAccepted: true }, { speakSuggestions: true, speakAccepted: true }],
    ['settings stored before phrases existed (phrases on)', { ghostText: true, autoSpace: false }, { autoSpace: false }],
    ['phrases turned off', { phrases: false }, { phrases: false }],
    ['phrases of the wrong type', { phrases: 'off' }, {}],
    ['settings stored before corrections existed (corrections on)', { phrases: false }, { phrases: false }],
    ['corrections turned off', { corrections: false }, { corrections: false }],
  ])('%s', (_name, stored, expected) => {
    expect(asSettings(stored)).toEqual({ ...DEFAULT_SETTINGS, ...expected });
  });

  it('drops fields it does not know (a newer build’s)', () => {
    expect(asSettings({ ...DEFAULT_SETTINGS, futureOption: 1 })).toEqual(DEFAULT_SETTINGS);
  });
});

describe('settings migrations', () => {
  it('has one migration for every version after the first', () => {
    const versions = Object.keys(SETTINGS_MIGRATIONS).map(Number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: SETTINGS_VERSION - 1 }, (_, i) => i + 2));
  });

  it('brings a value stored by an older version up to date and records the version', async () => {
    const old = { suggestionCount: 4, acceptKeys: { tab: false, altDigits: true, click: true, enter: true } };
    await fakeBrowser.storage.local.set({ settings: old, settings$: { v: 1 } });
    await settings.migrate();
    expect(await settings.getMeta()).toEqual({ v: SETTINGS_VERSION });
    // Keys added since (Tab in inputs, the arrow) take their defaults.
    expect(await readSettings()).toEqual({ ...DEFAULT_SETTINGS, ...old, acceptKeys: { ...DEFAULT_SETTINGS.acceptKeys, ...old.acceptKeys } });
  });

  it('refuses to migrate down, and the value a newer version stored still reads as valid settings', async () => {
    await fakeBrowser.storage.local.set({ settings: { suggestionCount: 2, renamedLater: true }, settings$: { v: SETTINGS_VERSION + 1 } });
    await expect(settings.migrate()).rejects.toThrow(/downgrade/);
    expect(await readSettings()).toEqual({ ...DEFAULT_SETTINGS, suggestionCount: 2 });
  });

  it('leaves the language item as it was (key, fallback, reader)', async () => {
    expect(languageChoice.key).toBe('local:language');
    expect(await languageChoice.getValue()).toBe('auto');
    expect(asLanguageChoice('pt')).toBe('pt');
    expect(asLanguageChoice('fr')).toBe('auto');
  });
});
