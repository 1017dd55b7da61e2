import type { Settings } from '../storage/settings';

/** What a frame does under the switches and settings: suggest, and send drafts to learn from. */
export function pagePolicy(siteOn: boolean, settings: Pick<Settings, 'learning' | 'incognito'>, incognito: boolean): { suggest: boolean; learn: boolean } {
  const suggest = siteOn && !(incognito && settings.incognito === 'off');
  // Nothing is sent to learn from a private window, whatever the settings (the background checks again).
  return { suggest, learn: suggest && settings.learning && !incognito };
}
