import { crc32 } from '../util/crc32';
import { fromBase64, toBase64 } from '../util/base64';
import { CHECKPOINT_SHAPE, PART_SHAPE } from './checkpoints';
import { commit, shapeProblem, type Checkpoint, type CheckpointPart, type DayStats, type FieldCheck, type InklingDatabase, type Sample, type VocabularyEntry } from './db';
import { SAMPLE_SHAPE } from './samples';
import { STATS_SHAPE } from './stats';
import { ENTRY_SHAPE } from './vocabulary';

/**
 * Everything personal as one JSON file, and back. An import is checked whole before anything is
 * written, then replaces the stores in one transaction: a bad file changes nothing.
 */

export const EXPORT_FORMAT = 'inkling-personal-data';
/**
 * Version 1: samples, vocabulary, stats, checkpoints (bytes in base64), preferences.
 * Version 2 adds checkpointParts (bytes in base64, with a CRC-32 the stored parts do not have).
 * Both are read.
 */
export const EXPORT_VERSION = 2;

/** A checkpoint as written in the file: its bytes in base64. */
export type ExportedCheckpoint = Omit<Checkpoint, 'bytes'> & { bytes: string };
/** A checkpoint's part as written in the file: its bytes in base64 and their checksum. */
export type ExportedPart = Omit<CheckpointPart, 'bytes'> & { bytes: string; checksum: number };

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** ISO 8601 */
  exportedAt: string;
  samples: (Sample & { id: number })[];
  vocabulary: VocabularyEntry[];
  stats: DayStats[];
  checkpoints: ExportedCheckpoint[];
  checkpointParts: ExportedPart[];
  /** The settings items (browser storage), as stored; checked by their own readers. */
  preferences: Record<string, unknown>;
}

export interface ImportSummary {
  samples: number;
  words: number;
}

/** The stores an export covers (meta holds only derived bookkeeping). */
const DATA_STORES = ['samples', 'vocabulary', 'stats', 'checkpoints', 'checkpointParts'] as const;
/** Every store: what "delete everything" empties. */
export const ALL_STORES = [...DATA_STORES, 'meta'] as const;

/** An import file that is not a valid export; nothing was changed. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

/** Reads every personal record (one read transaction) into an export file. */
export async function exportPersonalData(db: InklingDatabase, preferences: Record<string, unknown>, now: number): Promise<ExportFile> {
  const tx = db.transaction(DATA_STORES);
  const [samples, vocabulary, stats, checkpoints, parts] = await commit(tx, () =>
    Promise.all([
      tx.objectStore('samples').getAll(),
      tx.objectStore('vocabulary').getAll(),
      tx.objectStore('stats').getAll(),
      tx.objectStore('checkpoints').getAll(),
      tx.objectStore('checkpointParts').getAll(),
    ]),
  );
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(now).toISOString(),
    // Records that fail their shape would make the file unimportable: leave them out.
    samples: samples.filter((s) => !shapeProblem(s, SAMPLE_SHAPE)) as (Sample & { id: number })[],
    vocabulary: vocabulary.filter((v) => !shapeProblem(v, ENTRY_SHAPE)),
    stats: stats.filter((s) => !shapeProblem(s, STATS_SHAPE)),
    checkpoints: checkpoints
      .filter((c) => !shapeProblem(c, CHECKPOINT_SHAPE) && crc32(c.bytes) === c.checksum)
      .map((c) => ({ ...c, bytes: toBase64(c.bytes) })),
    checkpointParts: parts.filter((p) => !shapeProblem(p, PART_SHAPE)).map((p) => ({ ...p, bytes: toBase64(p.bytes), checksum: crc32(p.bytes) })),
    preferences,
  };
}

/** What a valid file holds, ready to write. */
export interface ParsedImport {
  samples: Sample[];
  vocabulary: VocabularyEntry[];
  stats: DayStats[];
  checkpoints: Checkpoint[];
  checkpointParts: CheckpointPart[];
  preferences: Record<string, unknown>;
}

/**
 * Parses and checks an export file completely: every record's fields and types, unique keys,
 * checkpoint checksums. Throws ImportFileError saying what is wrong and where.
 */
export function parseImportFile(text: string): ParsedImport {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw new ImportFileError('the file is not JSON');
  }
  if (!isPlainObject(file) || file.format !== EXPORT_FORMAT) throw new ImportFileError('the file is not an Inkling data export');
  if (file.version !== EXPORT_VERSION && file.version !== 1) {
    throw new ImportFileError(
      typeof file.version === 'number' && file.version > EXPORT_VERSION
        ? `the file was made by a newer Inkling (format ${file.version}); update Inkling to import it`
        : `unknown export format version ${JSON.stringify(file.version)?.slice(0, 40)}`, // not String(): an object may have no usable toString
    );
  }
  exactKeys(file, ['format', 'version', 'exportedAt', 'samples', 'vocabulary', 'stats', 'checkpoints', ...(file.version === 1 ? [] : ['checkpointParts']), 'preferences'], 'the file');
  if (typeof file.exportedAt !== 'string') throw new ImportFileError('exportedAt is not a string');
  if (!isPlainObject(file.preferences)) throw new ImportFileError('preferences is not an object');

  const samples = records<Sample & { id: number }>(file.samples, 'samples', SAMPLE_SHAPE, (s) => s.id, SAMPLE_OPTIONAL);
  uniqueBy(samples, 'samples', (s) => s.draftKey, 'draftKey');
  for (const [i, s] of samples.entries()) {
    if (!Number.isSafeInteger(s.id) || s.id < 1) throw new ImportFileError(`samples[${i}].id is not a positive integer`);
  }
  const vocabulary = records<VocabularyEntry>(file.vocabulary, 'vocabulary', ENTRY_SHAPE, (v) => v.word);
  for (const [i, v] of vocabulary.entries()) if (!v.word) throw new ImportFileError(`vocabulary[${i}].word is empty`);
  // Files of earlier versions carry a wordsTyped counter per day (never counted): read, then left out.
  const stats = records<DayStats & { wordsTyped?: number }>(file.stats, 'stats', STATS_SHAPE, (s) => s.day, { wordsTyped: 'number' })
    .map(({ day, keystrokesSaved, suggestionsAccepted }): DayStats => ({ day, keystrokesSaved, suggestionsAccepted }));
  for (const [i, s] of stats.entries()) if (!/^\d{4}-\d{2}-\d{2}$/.test(s.day)) throw new ImportFileError(`stats[${i}].day is not YYYY-MM-DD`);

  const exported = records<ExportedCheckpoint>(file.checkpoints, 'checkpoints', { ...CHECKPOINT_SHAPE, bytes: 'string' }, (c) => c.name, { partBytes: 'number' });
  const checkpoints = exported.map((c, i): Checkpoint => {
    const bytes = decodeField(c.bytes, `checkpoints[${i}].bytes`);
    if (crc32(bytes) !== c.checksum) throw new ImportFileError(`checkpoints[${i}] (${c.name}) is damaged: its checksum does not match`);
    return { ...c, bytes };
  });
  const parts = records<ExportedPart>(file.version === 1 ? [] : file.checkpointParts, 'checkpointParts', { ...PART_SHAPE, bytes: 'string', checksum: 'number' }, (p) => `${p.name}\u0000${p.part}`);
  const checkpointParts = parts.map(({ checksum, ...p }, i): CheckpointPart => {
    const bytes = decodeField(p.bytes, `checkpointParts[${i}].bytes`);
    if (crc32(bytes) !== checksum) throw new ImportFileError(`checkpointParts[${i}] (${p.name} ${p.part}) is damaged: its checksum does not match`);
    return { ...p, bytes };
  });
  return { samples, vocabulary, stats, checkpoints, checkpointParts, preferences: file.preferences };
}

/**
 * Replaces every sample, word, day of stats and checkpoint with the file's, in one transaction:
 * if any write fails the transaction is aborted and the stored data stays as it was.
 */
export async function writeImport(db: InklingDatabase, data: ParsedImport): Promise<ImportSummary> {
  const tx = db.transaction(DATA_STORES, 'readwrite');
  await commit(tx, async () => {
    await Promise.all(DATA_STORES.map((name) => tx.objectStore(name).clear()));
    await Promise.all([
      ...data.samples.map((s) => tx.objectStore('samples').put(s)),
      ...data.vocabulary.map((v) => tx.objectStore('vocabulary').put(v)),
      ...data.stats.map((s) => tx.objectStore('stats').put(s)),
      ...data.checkpoints.map((c) => tx.objectStore('checkpoints').put(c)),
      ...data.checkpointParts.map((p) => tx.objectStore('checkpointParts').put(p)),
    ]);
  });
  return { samples: data.samples.length, words: data.vocabulary.length };
}

/** Empties every store of the database in one transaction. */
export async function deleteAllRecords(db: InklingDatabase): Promise<void> {
  const tx = db.transaction(ALL_STORES, 'readwrite');
  await commit(tx, () => Promise.all(ALL_STORES.map((name) => tx.objectStore(name).clear())));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exactKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new ImportFileError(`${where} has an unknown field "${extra.slice(0, 40)}"`);
}

/** Fields a sample may have besides SAMPLE_SHAPE's (what of an edited draft was learned), and their type. */
const SAMPLE_OPTIONAL = { learnedChars: 'number', learnedHash: 'number', learnedText: 'string' } as const;

/**
 * Checks an array of records against `shape` (exactly its fields, plus the `optional` number
 * fields when present) with unique keys.
 */
function records<T>(value: unknown, name: string, shape: Readonly<Record<string, FieldCheck>>, key: (r: T) => unknown, optional: Readonly<Record<string, 'number' | 'string'>> = {}): T[] {
  if (!Array.isArray(value)) throw new ImportFileError(`${name} is not a list`);
  const fields = [...Object.keys(shape), ...Object.keys(optional)];
  value.forEach((r, i) => {
    const problem = shapeProblem(r, shape);
    if (problem) throw new ImportFileError(`${name}[${i}]: ${problem}`);
    exactKeys(r as Record<string, unknown>, fields, `${name}[${i}]`);
    for (const [f, type] of Object.entries(optional)) {
      const v = (r as Record<string, unknown>)[f];
      if (v !== undefined && (type === 'number' ? !Number.isFinite(v) : typeof v !== 'string')) throw new ImportFileError(`${name}[${i}].${f} is not a ${type}`);
    }
  });
  uniqueBy(value as T[], name, key, 'key');
  return value as T[];
}

function uniqueBy<T>(items: readonly T[], name: string, key: (r: T) => unknown, what: string): void {
  const seen = new Set<unknown>();
  items.forEach((r, i) => {
    const k = key(r);
    if (seen.has(k)) throw new ImportFileError(`${name}[${i}] repeats the ${what} ${JSON.stringify(k)?.slice(0, 60)}`);
    seen.add(k);
  });
}

/** The bytes of a file's base64 field; an ImportFileError naming the field if it is not base64. */
function decodeField(text: string, where: string): Uint8Array {
  try {
    return fromBase64(text, where);
  } catch (e) {
    throw new ImportFileError(e instanceof Error ? e.message : `${where} is not base64`);
  }
}
