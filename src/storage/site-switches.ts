import { storage } from 'wxt/utils/storage';
import { lazyItem } from './items';

/**
 * Where Inkling is on. Kept in local storage: the lists of sites stay on this device.
 * With "suggest everywhere" on, the sites turned off are the exceptions (a block list);
 * with it off, the sites turned on are (an allow list). Each list is kept while the other applies.
 */
export const suggestEverywhere = lazyItem(() => storage.defineItem<boolean>('local:suggestEverywhere', { fallback: true }));
export const sitesTurnedOff = lazyItem(() => storage.defineItem<string[]>('local:sitesTurnedOff', { fallback: [] }));
export const sitesTurnedOn = lazyItem(() => storage.defineItem<string[]>('local:sitesTurnedOn', { fallback: [] }));

/** The three items, read together. */
export interface SiteSwitches {
  everywhere: boolean;
  /** host names, sorted */
  off: string[];
  /** host names, sorted */
  on: string[];
}

/** The site of an origin for the switches: its host name ('' when it has none, e.g. an opaque origin). */
export function siteOfOrigin(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return '';
  }
}

/** Whether suggestions (and learning) are on for a site, given the switches. */
export function isOnFor(site: string, everywhere: boolean, off: readonly string[], on: readonly string[]): boolean {
  return everywhere ? !off.includes(site) : on.includes(site);
}

/** The current value of the three items. */
export async function readSiteSwitches(): Promise<SiteSwitches> {
  const [everywhere, off, on] = await Promise.all([suggestEverywhere.getValue(), sitesTurnedOff.getValue(), sitesTurnedOn.getValue()]);
  return { everywhere, off, on };
}

/**
 * Turns suggestions on or off for one site: an exception to "suggest everywhere" as it is now
 * (added to or removed from the block list when it is on, the allow list when it is off).
 */
export async function setSiteOn(site: string, on: boolean): Promise<void> {
  const everywhere = await suggestEverywhere.getValue();
  const list = everywhere ? sitesTurnedOff : sitesTurnedOn;
  const listed = everywhere ? !on : on;
  const sites = new Set(await list.getValue());
  if (listed) sites.add(site);
  else sites.delete(site);
  await list.setValue([...sites].sort());
}

/**
 * Calls `onChange` with the switches now and after every change (from the popup or the
 * options page, in any tab). Returns the function that stops watching.
 */
export function watchSiteSwitches(onChange: (switches: SiteSwitches) => void): () => void {
  let current: SiteSwitches | null = null;
  // A change seen before the first read is kept: the read may be older than it.
  const pending: Partial<SiteSwitches> = {};
  const update = (change: Partial<SiteSwitches>) => {
    if (current === null) Object.assign(pending, change);
    else onChange((current = { ...current, ...change }));
  };
  readSiteSwitches().then(
    (read) => onChange((current = { ...read, ...pending })),
    (error: unknown) => console.warn('[Inkling] the site switches could not be read:', error),
  );
  const stops = [
    suggestEverywhere.watch((everywhere) => update({ everywhere })),
    sitesTurnedOff.watch((off) => update({ off })),
    sitesTurnedOn.watch((on) => update({ on })),
  ];
  return () => stops.forEach((stop) => stop());
}

/**
 * Calls `onChange` with whether suggestions are on for `site`, now and after every change.
 * Returns the function that stops watching.
 */
export function watchSite(site: string, onChange: (on: boolean) => void): () => void {
  return watchSiteSwitches(({ everywhere, off, on }) => onChange(isOnFor(site, everywhere, off, on)));
}
