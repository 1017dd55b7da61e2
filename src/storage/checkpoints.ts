import { crc32 } from '../util/crc32';
import type { IDBPObjectStore, StoreNames } from 'idb';
import { commit, shapeProblem, type Checkpoint, type InklingDB, type InklingDatabase, type OnBadRecord } from './db';
import { withQuotaRetry, type Prune } from './quota';

/**
 * Model checkpoints. Each is one record written by one `put` in one transaction, with the
 * CRC-32 of its bytes: IndexedDB commits the record whole or not at all, and the checksum
 * catches anything damaged at rest, so a half-written checkpoint can never be loaded.
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

/** The checkpoints store of any read-write transaction that covers it. */
export type CheckpointStore = IDBPObjectStore<InklingDB, ArrayLike<StoreNames<InklingDB>>, 'checkpoints', 'readwrite'>;

/** writeCheckpoint inside a caller's transaction (so what it records commits with it). Returns the new version. */
export async function putCheckpoint(store: CheckpointStore, name: string, bytes: Uint8Array, now: number): Promise<number> {
  // A view into a larger buffer would store the whole buffer: keep only its own bytes.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  const old = await store.get(name);
  const version = (typeof old?.version === 'number' ? old.version : 0) + 1;
  await store.put({ name, version, createdAt: now, bytes: own, checksum: crc32(own) });
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

/** Deletes a checkpoint (e.g. to reset personalization). */
export async function deleteCheckpoint(db: InklingDatabase, name: string): Promise<void> {
  await db.delete('checkpoints', name);
}

/** Name, version, size and date of every stored checkpoint (no bytes). */
export function listCheckpoints(db: InklingDatabase): Promise<{ name: string; version: number; bytes: number; createdAt: number }[]> {
  const tx = db.transaction('checkpoints');
  return commit(tx, async () => {
    const out: { name: string; version: number; bytes: number; createdAt: number }[] = [];
    for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
      if (shapeProblem(c.value, CHECKPOINT_SHAPE)) continue;
      out.push({ name: c.value.name, version: c.value.version, bytes: c.value.bytes.byteLength, createdAt: c.value.createdAt });
    }
    return out;
  });
}
