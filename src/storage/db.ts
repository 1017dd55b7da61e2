import { wrap, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction, type StoreNames } from 'idb';

/**
 * The one IndexedDB schema of Inkling. Framework-free: it runs in the extension's service
 * worker and in Node (the CLI passes fake-indexeddb's IDBFactory), so the factory is a parameter.
 */

/** A piece of the user's own writing: the final version of one draft (one field's text). */
export interface Sample {
  id?: number;
  /** identifies the draft (page + field + session); one record per draft, updated in place */
  draftKey: string;
  text: string;
  lang: string;
  /** site origin, for per-site deletion */
  origin: string;
  /** ms since epoch */
  createdAt: number;
  updatedAt: number;
  /** 1 once fine-tuning has consumed this version of the text (a number: booleans are not keys) */
  learned: 0 | 1;
  /**
   * How much of `text` (UTF-16 units from the start) was learned, and its textHash: a draft
   * the user went on writing is learned again only from there, never counted twice.
   */
  learnedChars?: number;
  learnedHash?: number;
  /**
   * What the personal model holds of this sample when that is not a start of `text` (the user
   * edited it after it was learned): deleting or relearning it subtracts exactly this.
   */
  learnedText?: string;
}

/** A word the user writes, keyed by its folded form. */
export interface VocabularyEntry {
  word: string;
  /** the form most recently written */
  display: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  blocked: boolean;
  addedByUser: boolean;
  lang: string;
}

/** A serialized personal model state; `checksum` is the CRC-32 of `bytes`. */
export interface Checkpoint {
  name: string;
  /** how many times this name has been written (1 for the first write) */
  version: number;
  createdAt: number;
  bytes: Uint8Array;
  checksum: number;
  /** the bytes of its parts (store checkpointParts), when it has any */
  partBytes?: number;
}

/**
 * A piece of a checkpoint written apart from its head record (the personal n-gram table, a
 * log of what changed since): written in the head's transaction, so the two always agree.
 */
export interface CheckpointPart {
  /** the checkpoint's name */
  name: string;
  /** the part's name within it, e.g. "base" or "log:0000000012" */
  part: string;
  bytes: Uint8Array;
}

/** Counters of one local day. */
export interface DayStats {
  /** 'YYYY-MM-DD' */
  day: string;
  keystrokesSaved: number;
  suggestionsAccepted: number;
}

export interface InklingDB extends DBSchema {
  samples: {
    key: number;
    value: Sample;
    indexes: { byDraft: string; byOrigin: string; byLearned: number };
  };
  vocabulary: { key: string; value: VocabularyEntry };
  checkpoints: { key: string; value: Checkpoint };
  checkpointParts: { key: [string, string]; value: CheckpointPart };
  stats: { key: string; value: DayStats };
  /** out-of-line keys: any structured-cloneable value */
  meta: { key: string; value: unknown };
}

export type InklingDatabase = IDBPDatabase<InklingDB>;

/** The stores the personal model's bookkeeping changes together: samples, checkpoint (and its parts), vocabulary. */
export const PERSONAL_STORES = ['samples', 'checkpoints', 'checkpointParts', 'vocabulary'] as const;
type PersonalStoreName = (typeof PERSONAL_STORES)[number];
/**
 * One transaction over PERSONAL_STORES: a checkpoint, the samples it now contains and their
 * deletion commit together or not at all, so the model never holds a deleted sample.
 */
export type PersonalTx = IDBPTransaction<InklingDB, PersonalStoreName[], 'readwrite'>;
/** One store of a PersonalTx. */
export type PersonalStore<N extends PersonalStoreName> = IDBPObjectStore<InklingDB, PersonalStoreName[], N, 'readwrite'>;

/** Opens a PersonalTx. */
export function personalTx(db: InklingDatabase): PersonalTx {
  return db.transaction([...PERSONAL_STORES], 'readwrite');
}
type UpgradeTx = IDBPTransaction<InklingDB, StoreNames<InklingDB>[], 'versionchange'>;
type Migration = (db: InklingDatabase, tx: UpgradeTx) => void;

/** Migration i upgrades the database from version i to i + 1. Append only; never edit a shipped one. */
const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: the initial stores.
  (db) => {
    const samples = db.createObjectStore('samples', { keyPath: 'id', autoIncrement: true });
    samples.createIndex('byDraft', 'draftKey', { unique: true });
    samples.createIndex('byOrigin', 'origin');
    legacyIndex(samples, 'byUpdated', 'updatedAt');
    samples.createIndex('byLearned', 'learned');
    db.createObjectStore('vocabulary', { keyPath: 'word' });
    db.createObjectStore('checkpoints', { keyPath: 'name' });
    db.createObjectStore('stats', { keyPath: 'day' });
    db.createObjectStore('meta');
  },
  // 1 → 2: forgetting long-unused personal words walks the vocabulary by last use.
  (_db, tx) => {
    legacyIndex(tx.objectStore('vocabulary'), 'byLastSeen', 'lastSeen');
  },
  // 2 → 3: checkpoints write what changed: their large parts (the n-gram table, logs) apart. A
  // version-2 checkpoint (one record) stays readable and is rewritten in parts when loaded.
  (db) => {
    db.createObjectStore('checkpointParts', { keyPath: ['name', 'part'] });
  },
  // 3 → 4: two indexes nothing ever read go (samples by update time, vocabulary by last use).
  (_db, tx) => {
    tx.objectStore('samples').deleteIndex('byUpdated');
    tx.objectStore('vocabulary').deleteIndex('byLastSeen');
  },
];

/** An index of an earlier schema (no longer in InklingDB's types): created by the old migrations as they ran then. */
function legacyIndex(store: { createIndex: unknown }, name: string, keyPath: string): void {
  (store as unknown as IDBObjectStore).createIndex(name, keyPath);
}

const IDB_GLOBALS_MISSING =
  "the IndexedDB classes (IDBRequest, IDBDatabase, …) of this factory are not globals; in Node, import 'fake-indexeddb/auto' before opening the database";

/** The schema version this code writes. */
export const DB_VERSION = MIGRATIONS.length;

/**
 * Opens (creating or upgrading) the Inkling database through `factory`.
 * `version` exists for migration tests; callers leave it at the latest.
 */
export function openInklingDB(
  factory: IDBFactory,
  name = 'inkling',
  version: number = DB_VERSION,
): Promise<InklingDatabase> {
  // idb recognises requests, cursors and transactions with `instanceof` against the global
  // classes, so they must be the factory's own (in Node: `import 'fake-indexeddb/auto'` first).
  const globals = globalThis as { IDBFactory?: typeof IDBFactory; IDBRequest?: unknown };
  if (!globals.IDBRequest || !globals.IDBFactory || !(factory instanceof globals.IDBFactory)) {
    return Promise.reject(new Error(IDB_GLOBALS_MISSING));
  }
  const request = factory.open(name, version);
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as unknown as InklingDatabase;
    const tx = wrap(request.transaction!) as unknown as UpgradeTx;
    for (let v = event.oldVersion; v < version; v++) MIGRATIONS[v]!(db, tx);
  });
  // Another tab or worker wants a newer schema: let it, rather than block it forever.
  const opened = wrap(request) as unknown as Promise<InklingDatabase>;
  void opened.then((db) => db.addEventListener('versionchange', () => db.close())).catch(() => {});
  return opened;
}

/** Reads one value of the meta store. */
export function getMeta<T>(db: InklingDatabase, key: string): Promise<T | undefined> {
  return db.get('meta', key) as Promise<T | undefined>;
}

/** Writes one value of the meta store (any structured-cloneable value). */
export async function setMeta(db: InklingDatabase, key: string, value: unknown): Promise<void> {
  await db.put('meta', value, key);
}

/** Called with why a stored record was unusable and its key; the record is then skipped. */
export type OnBadRecord = (reason: string, key: IDBValidKey) => void;

/** What a stored field must be. */
export type FieldCheck = 'string' | 'number' | 'boolean' | 'bit' | 'bytes';

const CHECKS: Record<FieldCheck, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  bit: (v) => v === 0 || v === 1,
  // Not `instanceof`: values cloned from another realm (worker, test environment) fail it.
  bytes: (v) => ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Uint8Array]',
};

/** Why `value` does not have `shape` (field → check), or undefined when it does. */
export function shapeProblem(value: unknown, shape: Readonly<Record<string, FieldCheck>>): string | undefined {
  if (typeof value !== 'object' || value === null) return `not an object (${value === null ? 'null' : typeof value})`;
  const record = value as Record<string, unknown>;
  for (const [field, check] of Object.entries(shape)) {
    if (!CHECKS[check](record[field])) return `field "${field}" is not ${check}`;
  }
  return undefined;
}

/**
 * Runs `body` in `tx` and waits for the commit. If `body` fails after issuing writes the
 * transaction is aborted, so a failed operation never leaves part of its writes behind.
 */
export async function commit<T>(tx: { done: Promise<void>; abort(): void }, body: () => Promise<T>): Promise<T> {
  try {
    const result = await body();
    await tx.done;
    return result;
  } catch (error) {
    tx.done.catch(() => {}); // the abort below rejects it; the caller gets `error` instead
    try {
      tx.abort();
    } catch {
      // already committed or aborted by IndexedDB itself
    }
    throw error;
  }
}
