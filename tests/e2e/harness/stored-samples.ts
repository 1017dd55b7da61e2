/**
 * Every stored writing sample, read from the extension origin's IndexedDB. Runs inside the
 * browser (Chromium's service worker, or one of Firefox's extension pages): plain code only,
 * as the drivers serialise it.
 */
export function readStoredSamples(): Promise<{ text: string; learned: number }[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('inkling');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('samples')) { db.close(); resolve([]); return; }
      const get = db.transaction('samples').objectStore('samples').getAll();
      get.onsuccess = () => { db.close(); resolve(get.result as { text: string; learned: number }[]); };
      get.onerror = () => reject(get.error);
    };
  });
}
