import { useEffect, useState } from 'preact/hooks';
import type { WxtStorageItem } from 'wxt/utils/storage';
import { watchItem } from '../storage/items';
import { updateSettings, watchSettings, type Settings } from '../storage/settings';

/** The settings, kept in step with storage (a change made in another page shows at once), and their setter. */
export function useSettings(): [Settings | null, (change: Partial<Settings>) => void] {
  const [value, setValue] = useState<Settings | null>(null);
  useEffect(() => watchSettings(setValue), []);
  return [value, (change) => void updateSettings(change)];
}

/** One storage item's value, kept in step with storage; null until read. */
export function useStoredItem<T>(item: WxtStorageItem<T, Record<string, unknown>>, normalize: (v: unknown) => T = (v) => v as T): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => watchItem(item, normalize, setValue), [item]);
  return value;
}
