import type { WxtStorageItem } from 'wxt/utils/storage';

/** The part of a WXT storage item that is read and watched. */
export interface WatchableItem<T> {
  getValue(): Promise<T>;
  watch(onChange: (value: T) => void): () => void;
}

/**
 * A storage item defined on first use, not on import: WXT's `defineItem` starts reading storage
 * (its migrations) at once, and every page and frame imports these modules with the content script.
 */
export function lazyItem<T, M extends Record<string, unknown> = Record<string, unknown>>(
  define: () => WxtStorageItem<T, M>,
): WxtStorageItem<T, M> {
  let item: WxtStorageItem<T, M> | undefined;
  const real = () => (item ??= define());
  return new Proxy({} as WxtStorageItem<T, M>, {
    get: (_target, property) => Reflect.get(real(), property),
    has: (_target, property) => Reflect.has(real(), property),
  });
}

/**
 * Calls `onChange` with an item's value (normalized) now and after every change. A change seen
 * before the first read wins: the read may be older than it. Returns the function that stops watching.
 */
export function watchItem<T, R>(item: WatchableItem<T>, normalize: (value: unknown) => R, onChange: (value: R) => void): () => void {
  let changed = false;
  const stop = item.watch((value) => {
    changed = true;
    onChange(normalize(value));
  });
  item.getValue().then(
    (value) => { if (!changed) onChange(normalize(value)); },
    (error: unknown) => console.warn('[Inkling] a setting could not be read:', error),
  );
  return stop;
}

/**
 * An item's value for code that asks it often (every keystroke, every draft): read once, then
 * kept up to date by watching. A failed first read gives `onReadError`'s value, or without it
 * rejects each ask until a change arrives.
 */
export function followItem<T, R>(item: WatchableItem<T>, normalize: (value: unknown) => R, onReadError?: (error: unknown) => R): () => Promise<R> {
  let current: { value: R } | undefined;
  const first = item.getValue().then(normalize, onReadError);
  first.catch(() => undefined); // each ask gets the failure; this only keeps it from being unhandled here
  item.watch((value) => { current = { value: normalize(value) }; });
  return async () => (current ??= { value: await first }).value;
}
