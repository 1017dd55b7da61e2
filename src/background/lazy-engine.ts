import type { Engine } from '../engine/engine';

/**
 * Loads the engine on first use and keeps it. A failed load is not cached, so the
 * next request tries again (and reports the error again instead of going silent).
 */
export function createLazyEngine<E = Engine>(load: () => Promise<E>): () => Promise<E> {
  let pending: Promise<E> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

/**
 * One lazily loaded engine per language: a language's model is fetched the first time a field
 * needs it, so a user who writes only English never loads the Portuguese model.
 */
export function createLazyEngines<L extends string, E = Engine>(load: (lang: L) => Promise<E>) {
  const lazy = new Map<L, () => Promise<E>>();
  const ready = new Map<L, E>();
  return {
    get(lang: L): Promise<E> {
      let get = lazy.get(lang);
      if (!get) lazy.set(lang, (get = createLazyEngine(() => load(lang).then((e) => (ready.set(lang, e), e)))));
      return get();
    },
    /** The engines loaded so far. */
    loaded(): E[] {
      return [...ready.values()];
    },
  };
}

/**
 * Fetches a model file shipped inside the extension and builds an engine from it.
 * @param url e.g. `browser.runtime.getURL('/models/en.inkling')`
 */
export async function loadShippedEngine<E = Engine>(
  url: string,
  createEngine: (bytes: Uint8Array) => E,
  fetchFn: typeof fetch = fetch,
): Promise<E> {
  const response = await fetchFn(url).catch((error: unknown) => {
    throw new Error(`cannot load the model ${url}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (!response.ok) throw new Error(`cannot load the model ${url}: HTTP ${response.status}`);
  return createEngine(new Uint8Array(await response.arrayBuffer()));
}
