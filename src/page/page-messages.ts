import { browser } from 'wxt/browser';

/** The messages the content script says to screen readers (public/_locales/<lang>/messages.json). */
export type PageMessage = 'a11yBarLabel' | 'a11ySuggestions' | 'a11yAccepted' | 'a11yOr';

export type Say = (key: PageMessage, ...substitutions: string[]) => string;

/** A message in the browser's language; its name where the browser has none (never nothing). */
export const say: Say = (key, ...substitutions) => {
  try {
    return browser.i18n.getMessage(key, substitutions) || key;
  } catch {
    return key; // a test without a browser
  }
};
