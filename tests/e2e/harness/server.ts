import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const PAGES_DIR = resolve(import.meta.dirname, '../pages');
/** Test pages whose script is a real editor package, bundled at test time. */
const BUNDLED = ['react-input', 'quill', 'tiptap', 'lexical'] as const;

export interface PageServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  close(): Promise<void>;
}

/** Bundles the editor pages' scripts (real npm packages) in memory. */
async function bundleEditors(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: BUNDLED.map((name) => resolve(PAGES_DIR, `${name}.tsx`)),
    bundle: true,
    write: false,
    format: 'iife',
    outdir: '/bundles',
    jsx: 'automatic',
    minify: false,
    loader: { '.css': 'css' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((f) => [f.path.replace('/bundles', ''), f.text]));
}

const TYPES: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css' };

/** Serves tests/e2e/pages on 127.0.0.1 (an ephemeral port) plus the bundles at /bundles/*.js. */
export async function startPageServer(): Promise<PageServer> {
  const bundles = await bundleEditors();
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const ext = path.split('.').pop() ?? '';
    try {
      const body = path.startsWith('/bundles/')
        ? bundles.get(path.slice('/bundles'.length))
        : await readFile(resolve(PAGES_DIR, `.${path}`), 'utf8');
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
