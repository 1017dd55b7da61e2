import { crc32 } from '../util/crc32';
import type { IDBPObjectStore, StoreNames } from 'idb';
import { commit, shapeProblem, type Checkpoint, type CheckpointPart, type InklingDB, type InklingDatabase, type OnBadRecord } from './db';
import { withQuotaRetry, type Prune } from './quota';

/**
 * Model checkpoints. Each is a head record with the CRC-32 of its bytes, and may have parts
 * (store checkpointParts, written in the head's transaction) that the head describes: IndexedDB
 * commits a transaction whole or not at all, and the checksum catches a head damaged at rest,
 * so a half-written checkpoint can never be loaded. Parts have no checksum of their own (a
 * large part would cost a slice to checksum); the head records their sizes.
 */

export const CHECKPOINT_SHAPE = { name: 'string', version: 'number', createdAt: 'number', bytes: 'bytes', checksum: 'number' } as const;

/**
 * Stores `bytes` under `name`, replacing the previous checkpoint only if the whole write
 * commits. Returns the new version (1 for the first write of a name). On a quota error runs
 * `prune` and retries once (then throws StorageQuotaError).
 */
export function writeCheckpoint(
  db: InklingDatabase,
  name: string,
  bytes: Uint8Array,
  now: number,
  prune?: Prune,
): Promise<number> {
  return withQuotaRetry(() => {
    const tx = db.transaction('checkpoints', 'readwrite');
    return commit(tx, () => putCheckpoint(tx.store, name, bytes, now));
  }, prune);
}

/** A view into a larger buffer would store the whole buffer: only its own bytes. */
const ownBytes = (b: Uint8Array) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice());

/** The checkpoints store of any read-write transaction that covers it. */
export type CheckpointStore = IDBPObjectStore<InklingDB, ArrayLike<StoreNames<InklingDB>>, 'checkpoints', 'readwrite'>;

/** writeCheckpoint inside a caller's transaction (so what it records commits with it). Returns the new version. */
export async function putCheckpoint(store: CheckpointStore, name: string, bytes: Uint8Array, now: number, partBytes?: number): Promise<number> {
  const own = ownBytes(bytes);
  const old = await store.get(name);
  const version = (typeof old?.version === 'number' ? old.version : 0) + 1;
  await store.put({ name, version, createdAt: now, bytes: own, checksum: crc32(own), ...(partBytes ? { partBytes } : {}) });
  return version;
}

/** readCheckpoint inside a caller's transaction. */
export async function getCheckpoint(store: CheckpointStore, name: string, onBadRecord?: OnBadRecord): Promise<Uint8Array | undefined> {
  return validBytes(await store.get(name), name, onBadRecord);
}

/** The stored checkpoint's bytes, or undefined if there is none or it fails validation or its checksum. */
export async function readCheckpoint(
  db: InklingDatabase,
  name: string,
  onBadRecord?: OnBadRecord,
): Promise<Uint8Array | undefined> {
  return validBytes(await db.get('checkpoints', name), name, onBadRecord);
}

function validBytes(record: Checkpoint | undefined, name: string, onBadRecord?: OnBadRecord): Uint8Array | undefined {
  if (record === undefined) return undefined;
  const problem = shapeProblem(record, CHECKPOINT_SHAPE);
  if (problem) {
    onBadRecord?.(`checkpoint: ${problem}`, name);
    return undefined;
  }
  const actual = crc32(record.bytes);
  if (actual !== record.checksum) {
    onBadRecord?.(`checkpoint: checksum ${actual} does not match stored ${record.checksum}`, name);
    return undefined;
  }
  return record.bytes;
}

/** Deletes a checkpoint and its parts, in one transaction (e.g. to reset personalization). */
export async function deleteCheckpoint(db: InklingDatabase, name: string): Promise<void> {
  const tx = db.transaction(['checkpoints', 'checkpointParts'], 'readwrite');
  await commit(tx, () => Promise.all([tx.objectStore('checkpoints').delete(name), tx.objectStore('checkpointParts').delete(partRange(name))]));
}

/** The checkpointParts store of any read-write transaction that covers it. */
export type PartStore = IDBPObjectStore<InklingDB, ArrayLike<StoreNames<InklingDB>>, 'checkpointParts', 'readwrite'>;

/** The parts of checkpoint `name` whose part names lie between `from` and `to` (all of them by default). */
const partRange = (name: string, from = '', to = '\uffff') => IDBKeyRange.bound([name, from], [name, to]);

/** Writes (or replaces) one part of checkpoint `name`, in the caller's transaction. */
export async function putCheckpointPart(store: PartStore, name: string, part: string, bytes: Uint8Array): Promise<void> {
  await store.put({ name, part, bytes: ownBytes(bytes) });
}

/** Deletes the parts of `name` whose part names lie between `from` and `to`, in the caller's transaction. */
export async function deleteCheckpointParts(store: PartStore, name: string, from?: string, to?: string): Promise<void> {
  await store.delete(partRange(name, from, to));
}

/** Every part of checkpoint `name`, by part name (a record of the wrong shape is left out). */
export async function readCheckpointParts(db: InklingDatabase, name: string): Promise<Map<string, Uint8Array>> {
  const parts = await db.getAll('checkpointParts', partRange(name));
  return new Map(parts.filter((p) => !shapeProblem(p, PART_SHAPE)).map((p) => [p.part, p.bytes]));
}

export const PART_SHAPE = { name: 'string', part: 'string', bytes: 'bytes' } as const;

/** Every part of every checkpoint (for an export). */
export function allCheckpointParts(db: InklingDatabase): Promise<CheckpointPart[]> {
  return db.getAll('checkpointParts');
}

/** Name, version, size (head and parts, as the head records them) and date of every stored checkpoint (no bytes). */
export function listCheckpoints(db: InklingDatabase): Promise<{ name: string; version: number; bytes: number; createdAt: number }[]> {
  const tx = db.transaction('checkpoints');
  return commit(tx, async () => {
    const out: { name: string; version: number; bytes: number; createdAt: number }[] = [];
    for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
      if (shapeProblem(c.value, CHECKPOINT_SHAPE)) continue;
      const parts = Number.isFinite(c.value.partBytes) ? c.value.partBytes! : 0;
      out.push({ name: c.value.name, version: c.value.version, bytes: c.value.bytes.byteLength + parts, createdAt: c.value.createdAt });
    }
    return out;
  });
}
