import { commit, shapeProblem, type InklingDatabase, type OnBadRecord, type Sample } from './db';
import { withQuotaRetry, type Prune } from './quota';

/** The user's writing samples: one record per draft, bounded by size and age. */

/** A sample as read back: it always has its id. */
export type StoredSample = Sample & { id: number };

export const SAMPLE_SHAPE = {
  id: 'number', draftKey: 'string', text: 'string', lang: 'string', origin: 'string',
  createdAt: 'number', updatedAt: 'number', learned: 'bit',
} as const;

const DAY_MS = 86_400_000;

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
        ...(base?.learnedChars !== undefined ? { learnedChars: base.learnedChars, learnedHash: base.learnedHash } : {}),
      };
      return tx.store.put(record);
    });
  }, options.prune);
}

/** A 32-bit FNV-1a hash of a string's UTF-16 units: tells whether a learned start is unchanged. */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Where learning of a sample resumes: after the part already learned when the user only added
 * to it (the learned start is unchanged), else from the start (it was edited).
 */
export function unlearnedFrom(sample: Sample): number {
  const n = sample.learnedChars;
  if (n === undefined || n > sample.text.length || !Number.isInteger(n)) return 0;
  return textHash(sample.text.slice(0, n)) === sample.learnedHash ? n : 0;
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
 * Marks samples learned. Pass `{ id, updatedAt }` as read for learning: a sample edited since
 * then stays unlearned, so its new text is not lost. Returns how many were marked.
 */
export function markLearned(
  db: InklingDatabase,
  items: ReadonlyArray<number | { id: number; updatedAt: number }>,
): Promise<number> {
  const tx = db.transaction('samples', 'readwrite');
  return commit(tx, async () => {
    let marked = 0;
    for (const item of items) {
      const id = typeof item === 'number' ? item : item.id;
      const old = await tx.store.get(id);
      if (!old || shapeProblem(old, SAMPLE_SHAPE) || old.learned === 1) continue;
      if (typeof item !== 'number' && old.updatedAt !== item.updatedAt) continue;
      await tx.store.put({ ...old, learned: 1, learnedChars: old.text.length, learnedHash: textHash(old.text) });
      marked++;
    }
    return marked;
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

/** Deletes one sample. */
export async function deleteSample(db: InklingDatabase, id: number): Promise<void> {
  await db.delete('samples', id);
}

/** Deletes every sample from one site origin; returns how many. */
export function deleteByOrigin(db: InklingDatabase, origin: string): Promise<number> {
  const tx = db.transaction('samples', 'readwrite');
  return commit(tx, async () => {
    let deleted = 0;
    for (let c = await tx.store.index('byOrigin').openCursor(origin); c; c = await c.continue()) {
      await c.delete();
      deleted++;
    }
    return deleted;
  });
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

/**
 * Deletes expired samples, then the least recently updated ones until the total text
 * fits `maxTotalChars`. One transaction. Returns how many were deleted and the size kept.
 */
export function pruneSamples(db: InklingDatabase, limits: PruneLimits): Promise<{ deleted: number; totalChars: number }> {
  const tx = db.transaction('samples', 'readwrite');
  return commit(tx, async () => {
    const all = await collect(await tx.store.openCursor(), limits.onBadRecord);
    all.sort((a, b) => a.updatedAt - b.updatedAt || a.id - b.id);
    const expiredBefore = limits.now - limits.retentionDays * DAY_MS;
    let totalChars = all.reduce((sum, s) => sum + s.text.length, 0);
    let deleted = 0;
    for (const s of all) {
      if (s.updatedAt >= expiredBefore && totalChars <= limits.maxTotalChars) break;
      await tx.store.delete(s.id);
      totalChars -= s.text.length;
      deleted++;
    }
    return { deleted, totalChars };
  });
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

/** Marks every sample unlearned, so the personal model can be rebuilt from what is kept. Returns how many changed. */
export function markAllUnlearned(db: InklingDatabase): Promise<number> {
  const tx = db.transaction('samples', 'readwrite');
  return commit(tx, async () => {
    let changed = 0;
    for (let c = await tx.store.index('byLearned').openCursor(1); c; c = await c.continue()) {
      await c.update({ ...c.value, learned: 0 });
      changed++;
    }
    return changed;
  });
}
