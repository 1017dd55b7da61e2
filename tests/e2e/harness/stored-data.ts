import type { Page, Worker } from 'playwright-core';

/**
 * Everything Inkling keeps, read from inside its service worker: every record of every object
 * store of every IndexedDB database of the extension's origin, and all of `storage.local`.
 * Bytes (checkpoints) are decoded as UTF-8, so text inside them is searchable too.
 */

export interface StoredRecord {
  /** `idb:<database>/<store>` or `storage.local` */
  where: string;
  key: string;
  /** the record as JSON text, byte arrays decoded as UTF-8 */
  text: string;
}

/** Runs in the service worker. Plain JavaScript: it is serialised by Playwright. */
async function readEverything(): Promise<StoredRecord[]> {
  const decode = (value: unknown): unknown => {
    if (value instanceof ArrayBuffer) return new TextDecoder().decode(value);
    if (ArrayBuffer.isView(value)) return new TextDecoder().decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    if (Array.isArray(value)) return value.map(decode);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
    return value;
  };
  const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const out: StoredRecord[] = [];
  for (const info of await indexedDB.databases()) {
    const open = indexedDB.open(info.name!);
    const db = await request(open);
    for (const store of [...db.objectStoreNames]) {
      const os = db.transaction(store).objectStore(store);
      const [keys, values] = await Promise.all([request(os.getAllKeys()), request(os.getAll())]);
      values.forEach((v, i) => out.push({ where: `idb:${info.name}/${store}`, key: JSON.stringify(keys[i]), text: JSON.stringify(decode(v)) }));
    }
    db.close();
  }
  const local = await (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(null);
  for (const [key, value] of Object.entries(local)) out.push({ where: 'storage.local', key, text: JSON.stringify(decode(value)) });
  return out;
}

/** Every record Inkling stores (read through the extension's service worker). */
export function readStoredData(worker: Worker): Promise<StoredRecord[]> {
  return worker.evaluate(readEverything);
}

/** The records whose text contains `needle` (case-insensitive). */
export function recordsContaining(records: StoredRecord[], needle: string): StoredRecord[] {
  const lower = needle.toLowerCase();
  return records.filter((r) => r.text.toLowerCase().includes(lower));
}

/** What a page's own origin stores (localStorage, sessionStorage, IndexedDB names): our content script must add nothing. */
export function readPageStorage(page: Page): Promise<string> {
  return page.evaluate(async () => JSON.stringify({
    local: { ...localStorage },
    session: { ...sessionStorage },
    databases: (await indexedDB.databases()).map((d) => d.name),
    cookies: document.cookie,
  }));
}
