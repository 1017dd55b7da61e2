import { ImportFileError } from './backup';
import { asLanguageChoice, asSettings, languageChoice, LANGUAGE_CHOICES, settings, type LanguageChoice, type Settings } from './settings';
import { readSiteSwitches, sitesTurnedOff, sitesTurnedOn, suggestEverywhere } from './site-switches';

/**
 * Every item the user sets in browser storage, taken together: for the export file, its import,
 * and "delete everything".
 */

export interface Preferences {
  settings: Settings;
  language: LanguageChoice;
  suggestEverywhere: boolean;
  sitesTurnedOff: string[];
  sitesTurnedOn: string[];
}

/** The current value of every preference. */
export async function readPreferences(): Promise<Preferences> {
  const [s, language, { everywhere, off, on }] = await Promise.all([settings.getValue(), languageChoice.getValue(), readSiteSwitches()]);
  return { settings: asSettings(s), language: asLanguageChoice(language), suggestEverywhere: everywhere, sitesTurnedOff: off, sitesTurnedOn: on };
}

/**
 * Checks the preferences of an import file (each field optional: a file may leave one out).
 * Throws ImportFileError on a wrong type or value; settings fields that are missing take defaults.
 */
export function parsePreferences(value: Record<string, unknown>): Partial<Preferences> {
  const out: Partial<Preferences> = {};
  const allowed = ['settings', 'language', 'suggestEverywhere', 'sitesTurnedOff', 'sitesTurnedOn'];
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new ImportFileError(`preferences has an unknown field "${extra.slice(0, 40)}"`);
  if (value.settings !== undefined) {
    if (typeof value.settings !== 'object' || value.settings === null || Array.isArray(value.settings)) {
      throw new ImportFileError('preferences.settings is not an object');
    }
    out.settings = asSettings(value.settings);
  }
  if (value.language !== undefined) {
    if (!LANGUAGE_CHOICES.includes(value.language as LanguageChoice)) throw new ImportFileError('preferences.language is not a known language');
    out.language = value.language as LanguageChoice;
  }
  if (value.suggestEverywhere !== undefined) {
    if (typeof value.suggestEverywhere !== 'boolean') throw new ImportFileError('preferences.suggestEverywhere is not true or false');
    out.suggestEverywhere = value.suggestEverywhere;
  }
  for (const field of ['sitesTurnedOff', 'sitesTurnedOn'] as const) {
    if (value[field] !== undefined) out[field] = parseSites(value[field], field);
  }
  return out;
}

/** A list of host names from an import file, without repeats and sorted; ImportFileError if it is not one. */
function parseSites(sites: unknown, field: string): string[] {
  if (!Array.isArray(sites) || sites.some((s) => typeof s !== 'string' || s.length > 253)) {
    throw new ImportFileError(`preferences.${field} is not a list of host names`);
  }
  return [...new Set(sites as string[])].sort();
}

/** Writes the preferences given (the others keep their values). */
export async function writePreferences(p: Partial<Preferences>): Promise<void> {
  await Promise.all([
    p.settings && settings.setValue(p.settings),
    p.language && languageChoice.setValue(p.language),
    p.suggestEverywhere !== undefined && suggestEverywhere.setValue(p.suggestEverywhere),
    p.sitesTurnedOff && sitesTurnedOff.setValue(p.sitesTurnedOff),
    p.sitesTurnedOn && sitesTurnedOn.setValue(p.sitesTurnedOn),
  ]);
}

/** Removes every preference from storage: each reads as its default again. */
export async function resetPreferences(): Promise<void> {
  await Promise.all([settings, languageChoice, suggestEverywhere, sitesTurnedOff, sitesTurnedOn].map((item) => item.removeValue({ removeMeta: true })));
}
