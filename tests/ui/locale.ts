import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** A locale's messages.json as shipped. */
export function messagesOf(locale: 'en' | 'pt_BR'): Messages {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, `../../public/_locales/${locale}/messages.json`), 'utf8')) as Messages;
}

/** What `i18n.getMessage` returns: named placeholders → `$n` → substitutions (as browsers do). */
export function formatMessage(messages: Messages, name: string, substitutions: string[] = []): string {
  const entry = messages[name];
  if (!entry) return '';
  return entry.message
    .replace(/\$([a-z0-9_]+)\$/gi, (_, p: string) => entry.placeholders?.[p.toLowerCase()]?.content ?? '')
    .replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
}

/** Makes the fake browser answer `i18n` from a shipped locale (it has no i18n of its own). */
export function useLocale(locale: 'en' | 'pt_BR'): void {
  const messages = messagesOf(locale);
  fakeBrowser.i18n.getMessage = ((name: string, subs?: string | string[]) =>
    formatMessage(messages, name, typeof subs === 'string' ? [subs] : subs ?? [])) as typeof fakeBrowser.i18n.getMessage;
}
