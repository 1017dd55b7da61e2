import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** WebAssembly kernels need 'wasm-unsafe-eval'; nothing else is relaxed. */
const EXTENSION_PAGES_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";
const MODELS_DIR = resolve(import.meta.dirname, 'models');

function shippedModels(): string[] {
  return existsSync(MODELS_DIR) ? readdirSync(MODELS_DIR).filter((f) => f.endsWith('.inkling')) : [];
}

export default defineConfig({
  // INKLING_OUT_DIR lets parallel builds (one per work tree or test run) not overwrite each other.
  outDir: process.env.INKLING_OUT_DIR ?? '.output',
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Inkling',
    // UI text lives in public/_locales/<lang>/messages.json (English is the fallback).
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: wakes the worker to finish learning after the browser stopped it.
    permissions: ['storage', 'alarms'],
    action: { default_title: 'Inkling' },
    // Keyboard shortcuts the user can change on the browser's shortcuts page (src/background/commands.ts).
    commands: {
      'toggle-site': { suggested_key: { default: 'Alt+Shift+J' }, description: '__MSG_commandToggleSite__' },
      'toggle-everywhere': { suggested_key: { default: 'Alt+Shift+U' }, description: '__MSG_commandToggleEverywhere__' },
    },
    content_security_policy:
      manifestVersion === 3 ? { extension_pages: EXTENSION_PAGES_CSP } : EXTENSION_PAGES_CSP,
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'inkling@inkling.local',
              // 140 (the current ESR) is the first to know data_collection_permissions.
              strict_min_version: '140.0',
              // Required of new add-ons on addons.mozilla.org: Inkling collects nothing.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  vite: () => ({ plugins: [preact()] }),
  zip: { excludeSources: ['tests/**', 'docs/**', 'data/**', 'runs/**', '.ci/**', 'coverage/**'] },
  hooks: {
    // Ship the base models inside the package; the background fetches them lazily.
    'build:publicAssets': (_wxt, files) => {
      for (const name of shippedModels()) {
        files.push({ absoluteSrc: resolve(MODELS_DIR, name), relativeDest: `models/${name}` });
      }
    },
    'prepare:publicPaths': (_wxt, paths) => {
      paths.push('models/en.inkling', 'models/pt.inkling');
    },
  },
});
