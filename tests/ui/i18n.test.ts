import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessage, messagesOf } from './locale';

const en = messagesOf('en');
const pt = messagesOf('pt_BR');

/** Every `t('name'` in the UI sources, `say('name'` in the content script's, and `__MSG_name__` in the manifest. */
function namesUsed(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry)) for (const m of readFileSync(path, 'utf8').matchAll(/\b(?:t|say)\('([A-Za-z0-9]+)'/g)) names.add(m[1]!);
    }
  };
  walk(resolve(import.meta.dirname, '../../src/ui'));
  walk(resolve(import.meta.dirname, '../../entrypoints'));
  walk(resolve(import.meta.dirname, '../../src/page'));
  for (const m of readFileSync(resolve(import.meta.dirname, '../../wxt.config.ts'), 'utf8').matchAll(/__MSG_([A-Za-z0-9]+)__/g)) names.add(m[1]!);
  return names;
}

describe('UI messages', () => {
  it('has every message in English and Brazilian Portuguese, with the same placeholders', () => {
    expect(Object.keys(pt).sort()).toEqual(Object.keys(en).sort());
    for (const [name, entry] of Object.entries(en)) {
      expect(pt[name]!.placeholders ?? {}, name).toEqual(entry.placeholders ?? {});
      expect(entry.message.trim(), name).not.toBe('');
      expect(pt[name]!.message.trim(), name).not.toBe('');
    }
  });

  it('has a message for every name the UI asks for, and no unused one', () => {
    const used = namesUsed();
    const defined = new Set(Object.keys(en));
    expect([...used].filter((n) => !defined.has(n))).toEqual([]);
    // extDescription is used by the manifest (__MSG_extDescription__).
    expect([...defined].filter((n) => !used.has(n) && n !== 'extDescription')).toEqual([]);
  });

  it.each([
    ['en', en, 'Suggest on example.com'],
    ['pt_BR', pt, 'Sugerir em example.com'],
  ] as const)('fills placeholders in %s', (_locale, messages, expected) => {
    expect(formatMessage(messages, 'suggestOnSite', ['example.com'])).toBe(expected);
  });
});
