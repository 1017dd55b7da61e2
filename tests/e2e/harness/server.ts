import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const PAGES_DIR = resolve(import.meta.dirname, '../pages');
const FIXTURES_DIR = resolve(import.meta.dirname, '../fixtures');
const NODE_MODULES = resolve(import.meta.dirname, '../../../node_modules');
/**
 * Pages bundled against a fixture package of their own instead of the project's packages
 * (Draft.js needs React 18; the project has React 19): page name → the packages it takes from there.
 */
const FIXTURE_PAGES: Record<string, string[]> = { draft: ['react', 'react-dom', 'draft-js'] };
/** Packages served as files under /vendor/<name>/ (editors that load their own parts by URL). */
const VENDORED = new Set(['tinymce']);

export interface PageServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  close(): Promise<void>;
}

/** How every editor page is bundled (in memory, served at /bundles/<page>.js). */
const BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  write: false,
  format: 'iife',
  outdir: '/bundles',
  jsx: 'automatic',
  minify: false,
  loader: { '.css': 'css' },
  // `global`: Draft.js's fbjs was written for Node-style bundlers.
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  logLevel: 'silent',
};

/** Installs a fixture package from its lock the first time (a fresh clone has none). */
function installedFixture(name: string): string {
  const dir = resolve(FIXTURES_DIR, name);
  if (!existsSync(resolve(dir, 'node_modules/.package-lock.json'))) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', dir], { stdio: 'inherit' });
  }
  return resolve(dir, 'node_modules');
}

/** Bundles the editor pages' scripts (every pages/*.tsx, real npm packages) in memory. */
async function bundleEditors(): Promise<Map<string, string>> {
  const pages = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.tsx')).map((f) => f.slice(0, -'.tsx'.length));
  const own = pages.filter((name) => !(name in FIXTURE_PAGES));
  const results = await Promise.all([
    build({ ...BUNDLE_OPTIONS, entryPoints: own.map((name) => resolve(PAGES_DIR, `${name}.tsx`)) }),
    ...pages.filter((name) => name in FIXTURE_PAGES).map((name) => {
      const modules = installedFixture(name);
      const alias = Object.fromEntries(FIXTURE_PAGES[name]!.map((pkg) => [pkg, resolve(modules, pkg)]));
      return build({ ...BUNDLE_OPTIONS, entryPoints: [resolve(PAGES_DIR, `${name}.tsx`)], alias });
    }),
  ]);
  return new Map(results.flatMap((r) => r.outputFiles!).map((f) => [f.path.replace('/bundles', ''), f.text]));
}

const TYPES: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css' };

/** A page, or a file of a vendored package (/vendor/<name>/...); never outside either. */
function fileFor(path: string): string {
  const vendored = /^\/vendor\/([a-z0-9-]+)\/(.+)$/.exec(path);
  const file = vendored && VENDORED.has(vendored[1]!) ? resolve(NODE_MODULES, vendored[1]!, vendored[2]!) : resolve(PAGES_DIR, `.${path}`);
  if (!file.startsWith(vendored ? NODE_MODULES : PAGES_DIR)) throw new Error('outside the served folders');
  return file;
}

/** Serves tests/e2e/pages on 127.0.0.1 (an ephemeral port) plus the bundles at /bundles/*.js. */
export async function startPageServer(): Promise<PageServer> {
  const bundles = await bundleEditors();
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const ext = path.split('.').pop() ?? '';
    try {
      const body = path.startsWith('/bundles/')
        ? bundles.get(path.slice('/bundles'.length))
        : await readFile(fileFor(path), 'utf8');
      if (body === undefined) throw new Error('not found');
      res.writeHead(200, { 'content-type': `${TYPES[ext] ?? 'text/plain'}; charset=utf-8` });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
