import { deleteCheckpointParts, putCheckpoint, putCheckpointPart, readCheckpointParts, type CheckpointStore, type PartStore } from '../storage/checkpoints';
import { commit, type InklingDatabase } from '../storage/db';
import { concatBytes } from '../util/bytes';
import {
  applyHead, basePiece, baseSteps, decodeBase, encodeBase, encodeLog, headOf, logPart, RECENT_PART, replayLog, TUNE_PART, tunePart, type CountOp, type MemoryHead, type StoredParts,
} from './memory-checkpoint';
import { emptyCounts, type PersonalCounts } from './personal-ngram';
import { PersonalMemory } from './personal-memory';

/**
 * Reads a version 3 checkpoint's parts: the base, the logs since replayed on it (an empty base
 * when none was written yet), then what the head holds. Throws TypeError when a part is missing.
 */
export async function readMemoryParts(db: InklingDatabase, name: string, head: MemoryHead): Promise<{ memory: PersonalMemory; stored: StoredParts }> {
  const parts = await readCheckpointParts(db, name);
  const base = head.base.pieces === undefined ? parts.get('base') : joined(parts, head.base.seq, head.base.pieces);
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
  applyHead(memory, head, parts.get(TUNE_PART), parts.get(RECENT_PART));
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

/**
 * Writes the head of checkpoint `next`, the adapter's part and the recency list's part, in the
 * caller's transaction (after any deletion of parts). Returns the bytes of its parts.
 */
export async function putHead(stores: { checkpoints: CheckpointStore; parts: PartStore }, name: string, memory: PersonalMemory, next: StoredParts, now: number): Promise<number> {
  const tune = tunePart(memory);
  if (tune) await putCheckpointPart(stores.parts, name, TUNE_PART, tune);
  else await deleteCheckpointParts(stores.parts, name, TUNE_PART, TUNE_PART);
  const recent = memory.recent.toBytes();
  await putCheckpointPart(stores.parts, name, RECENT_PART, recent);
  const bytes = next.base.bytes + next.logBytes + (tune?.byteLength ?? 0) + recent.byteLength;
  await putCheckpoint(stores.checkpoints, name, new TextEncoder().encode(JSON.stringify(headOf(memory, next, tune?.byteLength, recent.byteLength))), now, bytes);
  return bytes;
}

/** The base's pieces put together, or undefined if one is missing. */
function joined(parts: Map<string, Uint8Array>, seq: number, pieces: number): Uint8Array | undefined {
  const all: Uint8Array[] = [];
  for (let i = 0; i < pieces; i++) { const p = parts.get(basePiece(seq, i)); if (!p) return undefined; all.push(p); }
  return concatBytes(all);
}

/** Bytes of a base piece after the first: a slice encodes and stores about this much (at 350,000 words, 16 pieces). */
const PIECE_BYTES = 1 << 18;

/**
 * Writing the base again in pieces, one a learning slice, so that no slice copies the whole
 * table (at 350,000 words encoding and storing 8.7 MB at once took 25-40 ms). The counts must
 * not change until it is done: learning waits for it, and a deletion (which writes the base at
 * once) drops it. Until the last step the stored checkpoint stays the one before; pieces of a
 * build a stopped worker left go with the next switch.
 */
export class BaseBuild {
  private steps?: Generator<Uint8Array | null>;
  /** pieces written so far */
  private next = 0;
  /** bytes of the pieces written (each is encoded when its turn comes and let go once written) */
  private bytes = 0;

  /** `stored`: the checkpoint the counts are at now (committed). */
  constructor(private readonly db: InklingDatabase, private readonly name: string, private readonly memory: PersonalMemory, readonly stored: StoredParts, readonly pruned: number) {}

  /**
   * Takes the next step of the base (preparing its first piece, or writing a piece), or at the
   * end writes the head that switches to them. Returns where the checkpoint stands then, once switched.
   */
  async step(now: number): Promise<StoredParts | undefined> {
    const piece = (this.steps ??= baseSteps(this.memory.counts, PIECE_BYTES)).next(), seq = this.stored.seq;
    const bytes = piece.done ? undefined : piece.value;
    if (bytes === null) return undefined; // a step of making the first piece (the JSON, the per-key counts)
    const tx = this.db.transaction(['checkpoints', 'checkpointParts'], 'readwrite');
    if (bytes) {
      await commit(tx, () => putCheckpointPart(tx.objectStore('checkpointParts'), this.name, basePiece(seq, this.next), bytes));
      this.bytes += bytes.byteLength;
      this.next++;
      return undefined;
    }
    const next: StoredParts = { seq: seq + 1, base: { seq, bytes: this.bytes, pieces: this.next }, logs: [], logBytes: 0 };
    await commit(tx, async () => {
      const parts = tx.objectStore('checkpointParts'), keep = basePiece(seq, 0).slice(0, -4);
      await deleteCheckpointParts(parts, this.name, '', keep);
      await deleteCheckpointParts(parts, this.name, `${keep}\uffff`, '\uffff');
      await putHead({ checkpoints: tx.objectStore('checkpoints'), parts }, this.name, this.memory, next, now);
    });
    return next;
  }
}

