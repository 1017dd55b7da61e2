import { storage } from 'wxt/utils/storage';

/** The two on/off switches of the popup. Kept in local storage: the list of sites stays on this device. */
export const suggestEverywhere = storage.defineItem<boolean>('local:suggestEverywhere', { fallback: true });
export const sitesTurnedOff = storage.defineItem<string[]>('local:sitesTurnedOff', { fallback: [] });

/** Whether suggestions are on for a site, given both switches. */
export function isOnFor(site: string, everywhere: boolean, turnedOff: readonly string[]): boolean {
  return everywhere && !turnedOff.includes(site);
}

/** Turns suggestions on or off for one site. */
export async function setSiteOn(site: string, on: boolean): Promise<void> {
  const off = new Set(await sitesTurnedOff.getValue());
  if (on) off.delete(site);
  else off.add(site);
  await sitesTurnedOff.setValue([...off].sort());
}

/**
 * Calls `onChange` with whether suggestions are on for `site`, now and after every change
 * (from the popup, in any tab). Returns the function that stops watching.
 */
export function watchSite(site: string, onChange: (on: boolean) => void): () => void {
  let everywhere = true;
  let off: string[] = [];
  const report = () => onChange(isOnFor(site, everywhere, off));
  void Promise.all([suggestEverywhere.getValue(), sitesTurnedOff.getValue()]).then(([e, o]) => {
    everywhere = e;
    off = o;
    report();
  });
  const stops = [
    suggestEverywhere.watch((value) => {
      everywhere = value;
      report();
    }),
    sitesTurnedOff.watch((value) => {
      off = value;
      report();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
