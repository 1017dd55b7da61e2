import type { IDBPObjectStore, StoreNames } from 'idb';
import { commit, shapeProblem, type InklingDB, type InklingDatabase, type OnBadRecord, type VocabularyEntry } from './db';

/** The personal vocabulary: words the user writes, keyed by their folded form. */

export const ENTRY_SHAPE = {
  word: 'string', display: 'string', count: 'number', firstSeen: 'number', lastSeen: 'number',
  blocked: 'boolean', addedByUser: 'boolean', lang: 'string',
} as const;

/** A written word: `word` folded (the key), `display` as written. */
export interface WrittenWord {
  word: string;
  display: string;
}

function isEntry(value: unknown, key: IDBValidKey, onBad?: OnBadRecord): value is VocabularyEntry {
  const problem = shapeProblem(value, ENTRY_SHAPE);
  if (problem) onBad?.(`vocabulary: ${problem}`, key);
  return !problem;
}

function newEntry(w: WrittenWord, lang: string, now: number): VocabularyEntry {
  return { word: w.word, display: w.display, count: 0, firstSeen: now, lastSeen: now, blocked: false, addedByUser: false, lang };
}

/**
 * Counts the words of one sample in a single transaction: counts go up, `display` becomes the
 * latest form. Blocked words are not counted. A malformed stored entry is replaced.
 * Returns the folded words seen for the first time.
 */
export function recordWords(
  db: InklingDatabase,
  words: readonly WrittenWord[],
  lang: string,
  now: number,
  onBadRecord?: OnBadRecord,
): Promise<string[]> {
  const batch = new Map<string, { display: string; times: number }>();
  for (const w of words) {
    const seen = batch.get(w.word);
    batch.set(w.word, { display: w.display, times: (seen?.times ?? 0) + 1 });
  }
  const tx = db.transaction('vocabulary', 'readwrite');
  return commit(tx, async () => {
    const fresh: string[] = [];
    for (const [word, { display, times }] of batch) {
      const stored = await tx.store.get(word);
      const old = stored !== undefined && isEntry(stored, word, onBadRecord) ? stored : undefined;
      if (old?.blocked) continue;
      if (!old) fresh.push(word);
      const entry = old ?? newEntry({ word, display }, lang, now);
      await tx.store.put({ ...entry, display, count: entry.count + times, lastSeen: now });
    }
    return fresh;
  });
}

/** Vocabulary entries, most used first. Blocked ones only if asked. */
export async function listVocabulary(
  db: InklingDatabase,
  options: { includeBlocked?: boolean; limit?: number; onBadRecord?: OnBadRecord } = {},
): Promise<VocabularyEntry[]> {
  const tx = db.transaction('vocabulary');
  const entries = await commit(tx, async () => {
    const out: VocabularyEntry[] = [];
    for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
      if (isEntry(c.value, c.primaryKey, options.onBadRecord) && (options.includeBlocked || !c.value.blocked)) out.push(c.value);
    }
    return out;
  });
  entries.sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen || (a.word < b.word ? -1 : 1));
  return entries.slice(0, options.limit ?? Infinity);
}

/**
 * Blocks (never suggest, never count) or unblocks a folded word. Blocking a word never seen
 * creates an entry for it so the block holds when it is written later.
 */
export function setBlocked(db: InklingDatabase, word: string, blocked: boolean, now = 0): Promise<void> {
  const tx = db.transaction('vocabulary', 'readwrite');
  return commit(tx, async () => {
    const stored = await tx.store.get(word);
    const old = stored !== undefined && isEntry(stored, word) ? stored : undefined;
    if (!old && !blocked) return;
    await tx.store.put({ ...(old ?? newEntry({ word, display: word }, '', now)), blocked });
  });
}

/** Adds a word the user chose (e.g. from the popup); keeps its count if it was already known. */
export function addWord(db: InklingDatabase, w: WrittenWord, lang: string, now: number): Promise<void> {
  const tx = db.transaction('vocabulary', 'readwrite');
  return commit(tx, async () => {
    const stored = await tx.store.get(w.word);
    const old = stored !== undefined && isEntry(stored, w.word) ? stored : undefined;
    await tx.store.put({ ...(old ?? newEntry(w, lang, now)), display: w.display, addedByUser: true, blocked: false });
  });
}

/** The vocabulary store of any read-write transaction that covers it. */
export type VocabularyStore = IDBPObjectStore<InklingDB, ArrayLike<StoreNames<InklingDB>>, 'vocabulary', 'readwrite'>;

/** A word's count in what is learned now; `display` its latest written form (undefined: keep the stored one). */
export interface LearnedCount { word: string; display?: string; count: number }

/**
 * Sets learned words' counts to what the personal model holds now (inside the checkpoint's
 * transaction, so they always agree, and a deleted sample's words go with it): a word whose
 * count fell to 0 is removed unless the user added or blocked it. Blocked words are not counted.
 */
export async function setLearnedCounts(store: VocabularyStore, words: readonly LearnedCount[], lang: string, now: number, onBadRecord?: OnBadRecord): Promise<void> {
  // All reads first, then all writes, none awaited alone: a checkpoint touches dozens of words,
  // and a round trip per request cost it 10 ms at 100,000 words learned (bench:heavy).
  const unique = [...new Map(words.map((w) => [w.word, w])).values()];
  const stored = await Promise.all(unique.map((w) => store.get(w.word)));
  const writes: Promise<unknown>[] = [];
  unique.forEach((w, i) => {
    const found = stored[i];
    const old = found !== undefined && isEntry(found, w.word, onBadRecord) ? found : undefined;
    if (old?.blocked) return;
    if (w.count > 0) {
      const entry = old ?? newEntry({ word: w.word, display: w.display ?? w.word }, lang, now);
      const grew = w.count > entry.count;
      writes.push(store.put({ ...entry, display: w.display ?? entry.display, count: w.count, lastSeen: grew ? now : entry.lastSeen }));
    } else if (old?.addedByUser) {
      writes.push(store.put({ ...old, count: 0 }));
    } else if (found !== undefined) {
      writes.push(store.delete(w.word));
    }
  });
  await Promise.all(writes);
}

/** Forgets a word entirely (its count and any block on it). */
export async function removeWord(db: InklingDatabase, word: string): Promise<void> {
  await db.delete('vocabulary', word);
}

/** The folded words the user blocked. */
export async function blockedWords(db: InklingDatabase, onBadRecord?: OnBadRecord): Promise<Set<string>> {
  const entries = await listVocabulary(db, { includeBlocked: true, onBadRecord });
  return new Set(entries.filter((e) => e.blocked).map((e) => e.word));
}
