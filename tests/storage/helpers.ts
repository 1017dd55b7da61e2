import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { vi } from 'vitest';
import { openInklingDB, type InklingDatabase } from '../../src/storage/db';

/** A fresh, empty database of the latest schema. */
export function freshDB(): Promise<InklingDatabase> {
  return openInklingDB(new IDBFactory());
}

/** Collects what `onBadRecord` reports. */
export function badRecordLog(): { reports: [string, IDBValidKey][]; onBadRecord: (reason: string, key: IDBValidKey) => void } {
  const reports: [string, IDBValidKey][] = [];
  return { reports, onBadRecord: (reason, key) => reports.push([reason, key]) };
}

/** Puts a record straight into a store, bypassing every type and check (for malformed data). */
export async function putRaw(db: InklingDatabase, store: 'samples' | 'vocabulary' | 'checkpoints' | 'stats', value: unknown): Promise<IDBValidKey> {
  return (db as unknown as { put(s: string, v: unknown): Promise<IDBValidKey> }).put(store, value);
}

/** The next `times` object-store puts throw `error` (synchronously, as IndexedDB does for a bad request). */
export function failNextPuts(error: unknown, times = 1) {
  const spy = vi.spyOn(IDBObjectStore.prototype, 'put');
  for (let i = 0; i < times; i++) spy.mockImplementationOnce(() => { throw error; });
  return spy;
}

export const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
