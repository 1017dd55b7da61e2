import { browser } from 'wxt/browser';
import type english from '../../public/_locales/en/messages.json';

/** The name of a UI message (public/_locales/<lang>/messages.json). */
export type MessageKey = keyof typeof english;

/**
 * A UI message in the browser's language (English when it has no translation), with `$1`…
 * placeholders filled from `substitutions`. A missing message shows its name, never nothing.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const getMessage = browser.i18n.getMessage as (name: string, substitutions?: string[]) => string;
  return getMessage(key, substitutions.map(String)) || key;
}

/**
 * The language the UI is shown in, e.g. 'pt-BR', for number and date formats: the tag of the
 * translation in use, so numbers match the words around them (the browser's own UI language
 * can differ from the translation it picked).
 */
export function uiLocale(): string {
  const tag = t('uiLocale');
  return tag === 'uiLocale' ? 'en' : tag;
}

/** A whole number in the UI's language ("12,345" / "12.345"). */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(uiLocale()).format(value);
}

/** A number with exactly `digits` decimals in the UI's language ("3.1" / "3,1"). */
export function formatDecimal(value: number, digits = 1): string {
  return new Intl.NumberFormat(uiLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A size in bytes as KB or MB, in the UI's language. */
export function formatBytes(bytes: number): string {
  const format = (v: number, unit: string) => `${new Intl.NumberFormat(uiLocale(), { maximumFractionDigits: 1 }).format(v)} ${unit}`;
  if (bytes < 1000) return format(bytes, 'B');
  if (bytes < 1e6) return format(bytes / 1e3, 'KB');
  return format(bytes / 1e6, 'MB');
}

/** A date and time in the UI's language. */
export function formatDate(ms: number): string {
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}
