import type { IDBPObjectStore, StoreNames } from 'idb';
import { commit, shapeProblem, type InklingDB, type InklingDatabase, type OnBadRecord, type Sample } from './db';
import { withQuotaRetry, type Prune } from './quota';
import { learnedPart, learnedRecord, textHash } from './learned-part';

export { learnedPart, textHash, unlearnedFrom } from './learned-part';

/** The user's writing samples: one record per draft, bounded by size and age. */

/** A sample as read back: it always has its id. */
export type StoredSample = Sample & { id: number };

export const SAMPLE_SHAPE = {
  id: 'number', draftKey: 'string', text: 'string', lang: 'string', origin: 'string',
  createdAt: 'number', updatedAt: 'number', learned: 'bit',
} as const;

const DAY_MS = 86_400_000;

/** The samples store of any read-write transaction that covers it. */
export type SampleStore = IDBPObjectStore<InklingDB, ArrayLike<StoreNames<InklingDB>>, 'samples', 'readwrite'>;

/** The part of a cursor this module walks. */
interface Walk {
  readonly primaryKey: IDBValidKey;
  readonly value: unknown;
  continue(): Promise<Walk | null>;
}

/** Collects the valid samples under `cursor` (up to `limit` that pass `keep`), reporting bad ones. */
async function collect(
  cursor: Walk | null,
  onBad: OnBadRecord | undefined,
  keep: (s: StoredSample) => boolean = () => true,
  limit = Infinity,
): Promise<StoredSample[]> {
  const out: StoredSample[] = [];
  for (; cursor && out.length < limit; cursor = await cursor.continue()) {
    const problem = shapeProblem(cursor.value, SAMPLE_SHAPE);
    if (problem) onBad?.(`sample: ${problem}`, cursor.primaryKey);
    else if (keep(cursor.value as StoredSample)) out.push(cursor.value as StoredSample);
  }
  return out;
}

/** A new or edited draft: the text of one field as the user left it. */
export interface DraftInput {
  draftKey: string;
  text: string;
  lang: string;
  origin: string;
  /** ms since epoch */
  now: number;
}

/**
 * Stores the latest text of a draft: one record per `draftKey`, updated in place and marked
 * unlearned when its text changed. Returns the sample id. On a quota error runs `prune` and
 * retries once (then throws StorageQuotaError).
 */
export function upsertDraft(
  db: InklingDatabase,
  draft: DraftInput,
  options: { prune?: Prune; onBadRecord?: OnBadRecord } = {},
): Promise<number> {
  return withQuotaRetry(() => {
    const tx = db.transaction('samples', 'readwrite');
    return commit(tx, async () => {
      const id = await tx.store.index('byDraft').getKey(draft.draftKey);
      const old = id === undefined ? undefined : await tx.store.get(id);
      const problem = old === undefined ? undefined : shapeProblem(old, SAMPLE_SHAPE);
      if (problem) options.onBadRecord?.(`sample: ${problem} (replaced)`, id!);
      const base = old && !problem ? old : undefined;
      const record: Sample = {
        ...(id === undefined ? {} : { id }),
        draftKey: draft.draftKey,
        text: draft.text,
        lang: draft.lang,
        origin: draft.origin,
        createdAt: base?.createdAt ?? draft.now,
        updatedAt: draft.now,
        // Saving the same text again (focus left twice) must not make it learned twice.
        learned: base && base.text === draft.text ? base.learned : 0,
        ...learnedRecord(base, draft.text),
      };
      return tx.store.put(record);
    });
  }, options.prune);
}

/** Up to `limit` samples not yet learned, oldest first (by creation). */
export function unlearnedSamples(db: InklingDatabase, limit: number, onBadRecord?: OnBadRecord, lang?: string): Promise<StoredSample[]> {
  const tx = db.transaction('samples');
  const keep = lang === undefined ? undefined : (s: StoredSample) => s.lang === lang;
  return commit(tx, async () =>
    collect(await tx.store.index('byLearned').openCursor(0), onBadRecord, keep, limit),
  );
}

/**
 * The oldest valid unlearned sample (in `lang`, if given) whose id is not in `skip` (the ones
 * learned since the last checkpoint, not marked yet), reporting bad records. It reads the
 * unlearned samples' keys first and then only the records it looks at: walking a cursor over
 * the skipped ones read each whole, 6-16 ms a sample at 100,000 words learned (bench:heavy).
 */
export function nextUnlearnedSample(db: InklingDatabase, skip: ReadonlySet<number>, onBadRecord?: OnBadRecord, lang?: string): Promise<StoredSample | undefined> {
  const tx = db.transaction('samples');
  return commit(tx, async () => {
    const index = tx.store.index('byLearned'), passed = new Set<number>();
    for (let want = skip.size + 16; ; want *= 2) {
      const ids = await index.getAllKeys(0, want);
      for (const id of ids) {
        if (skip.has(id) || passed.has(id)) continue;
        passed.add(id);
        const value: unknown = await tx.store.get(id);
        const problem = shapeProblem(value, SAMPLE_SHAPE);
        if (problem) onBadRecord?.(`sample: ${problem}`, id);
        else if (lang === undefined || (value as StoredSample).lang === lang) return value as StoredSample;
      }
      if (ids.length < want) return undefined;
    }
  });
}

/**
 * A sample the personal model now holds: its id, and the version of its text that was learned
 * (`updatedAt` as read; `text` that version's text, when known).
 */
export interface LearnedVersion { id: number; updatedAt: number; text?: string }

/**
 * Marks samples learned. Pass `{ id, updatedAt, text }` as read for learning: a sample edited
 * since then stays unlearned, so its new text is not lost, and records which version the model
 * holds (when `text` is given). Returns how many were marked.
 */
export function markLearned(db: InklingDatabase, items: ReadonlyArray<number | LearnedVersion>): Promise<number> {
  const tx = db.transaction('samples', 'readwrite');
  return commit(tx, () => markLearnedIn(tx.store, items));
}

/** markLearned inside a caller's transaction (the checkpoint's, so both commit together). */
export async function markLearnedIn(store: SampleStore, items: ReadonlyArray<number | LearnedVersion>): Promise<number> {
  // Every record read at once, then every write at once: one awaited round trip per sample made
  // a checkpoint slice longer by milliseconds. `now` holds what an earlier item wrote, so an id
  // given twice sees the first one's mark, as if they ran one after the other.
  const idOf = (item: number | LearnedVersion) => (typeof item === 'number' ? item : item.id);
  const ids = [...new Set(items.map(idOf))];
  const read = await Promise.all(ids.map((id) => store.get(id)));
  const now = new Map(ids.map((id, i) => [id, read[i]]));
  const writes: Promise<unknown>[] = [];
  let marked = 0;
  for (const item of items) {
    const id = idOf(item), old = now.get(id);
    if (!old || shapeProblem(old, SAMPLE_SHAPE)) continue;
    const { learnedText: _, ...rest } = old;
    let record: Sample | undefined;
    if (typeof item === 'number' || old.updatedAt === item.updatedAt || item.text === old.text) {
      if (old.learned === 1 && old.learnedText === undefined) continue;
      record = { ...rest, learned: 1, learnedChars: old.text.length, learnedHash: textHash(old.text) };
      marked++;
    } else if (item.text !== undefined) {
      // Edited while it was learned: it stays in the queue, and the model holds the version read.
      record = { ...rest, ...learnedRecord({ ...old, text: item.text, learned: 1, learnedText: undefined, learnedChars: undefined }, old.text) };
    }
    if (record) { now.set(id, record); writes.push(store.put(record)); }
  }
  await Promise.all(writes);
  return marked;
}

/**
 * Marks every sample of `lang` as not learned at all (when the personal model holding them was
 * lost: a damaged checkpoint, or an import without one), so they are learned again from the
 * start. Returns how many changed.
 */
export function markUnlearned(db: InklingDatabase, lang: string): Promise<number> {
  const tx = db.transaction('samples', 'readwrite');
  return commit(tx, async () => {
    let changed = 0;
    for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
      const v = c.value;
      if (shapeProblem(v, SAMPLE_SHAPE) || v.lang !== lang || !learnedPart(v)) continue;
      const { learnedChars: _c, learnedHash: _h, learnedText: _t, ...rest } = v;
      await c.update({ ...rest, learned: 0 });
      changed++;
    }
    return changed;
  });
}

/** Samples newest first, optionally of one origin and/or containing `search` (case-insensitive). */
export function listSamples(
  db: InklingDatabase,
  query: { origin?: string; search?: string; limit?: number; onBadRecord?: OnBadRecord } = {},
): Promise<StoredSample[]> {
  const needle = query.search?.toLowerCase();
  const tx = db.transaction('samples');
  return commit(tx, async () => {
    const cursor =
      query.origin === undefined ? await tx.store.openCursor() : await tx.store.index('byOrigin').openCursor(query.origin);
    const found = await collect(cursor, query.onBadRecord, (s) => !needle || s.text.toLowerCase().includes(needle));
    found.sort((a, b) => b.updatedAt - a.updatedAt || b.id - a.id);
    return found.slice(0, query.limit ?? Infinity);
  });
}

/** Which samples to delete: by id, by site, past the retention limits, or all. */
export type SampleSelection =
  | { ids: readonly number[] }
  | { origin: string }
  | { retention: PruneLimits }
  | { all: true };

/**
 * Deletes the selected samples inside the caller's transaction and returns the valid ones
 * deleted (malformed records are deleted too): the caller subtracts what the personal model
 * learned of them (learnedPart) in the same transaction.
 */
export async function takeSamples(store: SampleStore, which: SampleSelection): Promise<StoredSample[]> {
  const out: StoredSample[] = [];
  for (const [id, value] of await findSelected(store, which)) {
    if (!shapeProblem(value, SAMPLE_SHAPE)) out.push(value as StoredSample);
    await store.delete(id);
  }
  return out;
}

/** The ids and languages of the samples a selection names now (a read: nothing is deleted). */
export function selectedSamples(db: InklingDatabase, which: SampleSelection): Promise<{ id: number; lang?: string }[]> {
  const tx = db.transaction('samples');
  return commit(tx, async () => (await findSelected(tx.store, which)).map(([id, v]) => ({ id, lang: (v as Partial<Sample> | undefined)?.lang })));
}

/** The samples store of any transaction that covers it, read or write. */
type AnySampleStore = IDBPObjectStore<InklingDB, ArrayLike<StoreNames<InklingDB>>, 'samples', 'readonly' | 'readwrite'>;

/** [id, stored value] of the selected records (malformed ones included: a deletion removes them too). */
async function findSelected(store: AnySampleStore, which: SampleSelection): Promise<[number, unknown][]> {
  const found: [number, unknown][] = [];
  if ('ids' in which) {
    for (const id of which.ids) { const v = await store.get(id); if (v !== undefined) found.push([id, v]); }
  } else if ('origin' in which) {
    for (let c = await store.index('byOrigin').openCursor(which.origin); c; c = await c.continue()) found.push([c.primaryKey, c.value]);
  } else if ('all' in which) {
    for (let c = await store.openCursor(); c; c = await c.continue()) found.push([c.primaryKey, c.value]);
  } else {
    for (const s of await overRetention(store, which.retention)) found.push([s.id, s]);
  }
  return found;
}

/** Expired samples, then the least recently updated ones until the total text fits `maxTotalChars`. */
async function overRetention(store: AnySampleStore, limits: PruneLimits): Promise<StoredSample[]> {
  const all = await collect(await store.openCursor(), limits.onBadRecord);
  all.sort((a, b) => a.updatedAt - b.updatedAt || a.id - b.id);
  const expiredBefore = limits.now - limits.retentionDays * DAY_MS;
  let totalChars = all.reduce((sum, s) => sum + s.text.length, 0);
  const out: StoredSample[] = [];
  for (const s of all) {
    if (s.updatedAt >= expiredBefore && totalChars <= limits.maxTotalChars) break;
    out.push(s);
    totalChars -= s.text.length;
  }
  return out;
}

/** How many samples wait to be learned: a count on the `byLearned` index, no record is read. */
export function countUnlearned(db: InklingDatabase): Promise<number> {
  return db.countFromIndex('samples', 'byLearned', 0);
}

/** How many sample records are stored (valid or not). */
export function countSamples(db: InklingDatabase): Promise<number> {
  return db.count('samples');
}

/** Bounds of the sample store. */
export interface PruneLimits {
  /** total text length (UTF-16 code units) to keep at most */
  maxTotalChars: number;
  /** samples not updated for this many days are deleted */
  retentionDays: number;
  /** ms since epoch */
  now: number;
  onBadRecord?: OnBadRecord;
}

/** Every origin with samples and how many it has, by origin. */
export function sampleOrigins(db: InklingDatabase): Promise<{ origin: string; count: number }[]> {
  const tx = db.transaction('samples');
  return commit(tx, async () => {
    const counts = new Map<string, number>();
    for (let c = await tx.store.index('byOrigin').openKeyCursor(); c; c = await c.continue()) {
      const origin = String(c.key);
      counts.set(origin, (counts.get(origin) ?? 0) + 1);
    }
    return [...counts].map(([origin, count]) => ({ origin, count })).sort((a, b) => (a.origin < b.origin ? -1 : 1));
  });
}

/** How many samples there are and their total text length (UTF-16 code units). */
export function sampleTotals(db: InklingDatabase): Promise<{ count: number; chars: number }> {
  const tx = db.transaction('samples');
  return commit(tx, async () => {
    let count = 0, chars = 0;
    for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
      count++;
      chars += typeof c.value?.text === 'string' ? c.value.text.length : 0;
    }
    return { count, chars };
  });
}
