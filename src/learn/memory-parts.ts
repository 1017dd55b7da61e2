import { deleteCheckpointParts, putCheckpointPart, readCheckpointParts, type PartStore } from '../storage/checkpoints';
import type { InklingDatabase } from '../storage/db';
import { applyHead, decodeBase, encodeBase, encodeLog, logPart, replayLog, type CountOp, type MemoryHead, type StoredParts } from './memory-checkpoint';
import { emptyCounts, type PersonalCounts } from './personal-ngram';
import { PersonalMemory } from './personal-memory';

/**
 * Reads a version 3 checkpoint's parts: the base, the logs since replayed on it (an empty base
 * when none was written yet), then what the head holds. Throws TypeError when a part is missing.
 */
export async function readMemoryParts(db: InklingDatabase, name: string, head: MemoryHead): Promise<{ memory: PersonalMemory; stored: StoredParts }> {
  const parts = await readCheckpointParts(db, name);
  const base = parts.get('base');
  if (head.base.bytes && base?.byteLength !== head.base.bytes) throw new TypeError('its base part is missing or of the wrong size');
  const memory = new PersonalMemory();
  memory.counts = base && head.base.bytes ? decodeBase(base) : emptyCounts();
  let logBytes = 0;
  for (const seq of head.logs) {
    const log = parts.get(logPart(seq));
    if (!log) throw new TypeError(`its log ${seq} is missing`);
    replayLog(memory.counts, log);
    logBytes += log.byteLength;
  }
  applyHead(memory, head);
  return { memory, stored: { seq: head.seq, base: head.base, logs: [...head.logs], logBytes } };
}

/**
 * Writes the parts of the next checkpoint after `stored`, in the caller's transaction: the
 * whole base when `compact` (the logs then go), else the log of `ops` (if any). Returns where
 * the checkpoint will stand once the transaction commits.
 */
export async function writeMemoryParts(parts: PartStore, name: string, counts: PersonalCounts, stored: StoredParts, ops: readonly CountOp[], compact: boolean): Promise<StoredParts> {
  const seq = stored.seq + 1;
  if (compact) {
    const base = encodeBase(counts);
    await deleteCheckpointParts(parts, name);
    await putCheckpointPart(parts, name, 'base', base);
    return { seq, base: { seq, bytes: base.byteLength }, logs: [], logBytes: 0 };
  }
  const next = { ...stored, seq, logs: [...stored.logs] };
  if (ops.length) {
    const log = encodeLog(ops);
    await putCheckpointPart(parts, name, logPart(seq), log);
    next.logs.push(seq); next.logBytes += log.byteLength;
  }
  return next;
}
