import { addText, emptyCounts, refreshDisplay, removeText, type PersonalCounts } from './personal-ngram';
import { RecentWords } from './recent-words';
import { FineTuner } from './fine-tune';
import type { PersonalMemory } from './personal-memory';
import { VarintReader, VarintWriter } from '../util/varints';
import { concatBytes } from '../util/bytes';

/**
 * A checkpoint of the personal memory in parts, so that writing one costs what changed:
 *
 * - the **head** (the checkpoint record, JSON): the gate, the recency list, the adapter's
 *   state, and which parts belong to it — small, written at every checkpoint (a head written
 *   with the blocked words it once carried, never filled, is read the same);
 * - the **adapter's parameters** (part "tune", binary float32), written with every head: as
 *   base64 inside the head they made it 2.5 times larger and a checkpoint slice twice as long;
 * - the **recency list** (part "recent", binary: see RecentWords.toBytes), written with every
 *   head: as JSON it was most of the head and of a checkpoint slice's time;
 * - the **base** (part "base", binary): the counts as of some earlier checkpoint — the n-gram
 *   table's arrays, the keys, the unigram and lowercase counts by key id, the spellings;
 * - **logs** (parts "log:SEQ", JSON): the texts counted in or out since the base, one part per
 *   checkpoint; restoring replays them on the base. When they grow past LOG_LIMITS the
 *   base is written again and they are dropped (a compaction, ~10 ms at 350,000 words).
 *
 * The counts are sums over texts, so base + replayed logs equal the memory exactly.
 */

/** A text counted in (+1) or out (-1). */
export type CountOp = [1 | -1, string];

export interface MemoryHead {
  v: 3;
  /** this checkpoint's sequence number */
  seq: number;
  /** the base's sequence number and size, and in how many pieces it was written ("base:SEQ:I"; none: one part "base") */
  base: { seq: number; bytes: number; pieces?: number };
  /** the logs after the base, in order */
  logs: number[];
  gate: ReturnType<PersonalMemory['gate']['toJSON']>;
  /**
   * the recency list: with `recentBytes`, its clock only (RecentWords.meta(), so that a version
   * before the part reads an empty list) and its words in part "recent" of that many bytes;
   * before that part, RecentWords.toJSON()
   */
  recent: ReturnType<RecentWords['toJSON']>;
  recentBytes?: number;
  /** the adapter's state: FineTuner.meta() with its parameters in part "tune" of `tuneBytes` bytes (or, before that part, FineTuner.toJSON()) */
  tune?: object;
  tuneBytes?: number;
}

/**
 * The base is written again when the logs hold more than `bytes` (replaying 64 KB of text
 * takes ~40 ms at restore) or more than `parts` logs. An object so tests can lower them.
 */
export const LOG_LIMITS = { bytes: 64_000, parts: 256 };

/** Where a stored checkpoint stands: its sequence number, its base, the logs since and their size. */
export interface StoredParts { seq: number; base: MemoryHead['base']; logs: number[]; logBytes: number }
export const NOTHING_STORED: StoredParts = { seq: 0, base: { seq: 0, bytes: 0 }, logs: [], logBytes: 0 };

export const TUNE_PART = 'tune';
export const RECENT_PART = 'recent';
export const logPart = (seq: number) => `log:${String(seq).padStart(10, '0')}`;
export const basePiece = (seq: number, i: number) => `base:${String(seq).padStart(10, '0')}:${String(i).padStart(4, '0')}`;

const MAGIC = 0x4d4b4e49; // "INKM"
/** 2: the arrays as varints (VarintWriter); 1: as Int32 arrays after the JSON padded to 4 bytes (still read) */
const FORMAT = 2;
const ARRAYS = 13; // uni, lower, refs, then each table's 5 (NgramTable.arrays())
/** Arrays written as differences (they mostly grow by small steps: the bigram rows' keys, the trigram entries' rows). */
const DELTA = [false, false, false, false, true, false, false, false, false, false, true, false, false];

/** The counts as one binary part: a header of lengths, the keys and spellings as JSON, then the arrays as varints. */
export function encodeBase(c: PersonalCounts): Uint8Array {
  return concatBytes([...basePieces(c, Infinity)]);
}

/** Keys, spellings or per-key counts a step of a base build takes (a few milliseconds at most at 350,000 words learned). */
const PER_STEP = 8_192;

/**
 * encodeBase()'s bytes, a bounded step of work at a time (a base build runs one a slice): each
 * value is a piece of about `most` bytes to write — the first holds the header, the JSON and the
 * per-key counts, whatever its size — or null after a step that only prepared the first. The
 * counts must not change until the last piece is taken.
 */
export function* baseSteps(c: PersonalCounts, most: number): Generator<Uint8Array | null> {
  const ids = c.bi.ids, keys = ids.keys, n = keys.length;
  // The JSON of the keys by id and the spellings, exactly as JSON.stringify writes it, in steps
  // (each step's part encoded at once: joining and encoding it all in one step took 5-8 ms).
  const text = new TextEncoder(), json: Uint8Array[] = [text.encode('{"keys":[')], forms = [...c.forms];
  const add = (i: number, part: string) => json.push(text.encode(i ? `,${part}` : part));
  for (let i = 0; i < n; i += PER_STEP) { add(i, keys.slice(i, i + PER_STEP).map((k) => JSON.stringify(k)).join(',')); yield null; }
  json.push(text.encode('],"forms":['));
  for (let i = 0; i < forms.length; i += PER_STEP) { add(i, forms.slice(i, i + PER_STEP).map(([k, r]) => JSON.stringify([k, [...r]])).join(',')); yield null; }
  json.push(text.encode(']}'));
  const uni = new Int32Array(n), lower = new Int32Array(n);
  for (let from = 0; from < n; from += PER_STEP) {
    for (let id = from, end = Math.min(n, from + PER_STEP); id < end; id++) {
      const k = keys[id];
      if (k) { uni[id] = c.uni.get(k) ?? 0; lower[id] = c.lower.get(k) ?? 0; }
    }
    yield null;
  }
  const small = [uni, lower, ids.refCounts], arrays = [...small, ...c.bi.arrays(), ...c.tri.arrays()];
  const jsonBytes = json.reduce((sum, part) => sum + part.length, 0);
  const head = new Int32Array([MAGIC, FORMAT, jsonBytes, arrays.length, ...arrays.map((a) => a.length)]);
  const counts = new VarintWriter(Infinity);
  small.forEach((a, i) => counts.write(a, 0, a.length, DELTA[i]));
  yield concatBytes([new Uint8Array(head.buffer), ...json, counts.take()]);
  const w = new VarintWriter(most);
  for (let i = small.length; i < arrays.length; i++) {
    for (let at = 0; at < arrays[i].length;) {
      at = w.write(arrays[i], at, arrays[i].length, DELTA[i]);
      if (w.full) yield w.take();
    }
  }
  const last = w.take();
  if (last.length) yield last;
}

/** encodeBase()'s bytes in pieces of about `most` bytes (baseSteps' pieces, all steps taken at once). */
export function* basePieces(c: PersonalCounts, most: number): Generator<Uint8Array> {
  for (const piece of baseSteps(c, most)) if (piece) yield piece;
}

/** Reads encodeBase() output (or format 1's); throws TypeError when it is not one or does not hold together. */
export function decodeBase(bytes: Uint8Array): PersonalCounts {
  const own = bytes.byteOffset % 4 ? bytes.slice() : bytes;
  const int = (at: number, n: number) => new Int32Array(own.buffer, own.byteOffset + at, n);
  if (own.byteLength < 16) throw new TypeError('personal base too short');
  const [magic, format, jsonBytes, count] = int(0, 4);
  if (magic !== MAGIC || (format !== FORMAT && format !== 1) || count !== ARRAYS || own.byteLength < 16 + count * 4) throw new TypeError(`not a personal base of format ${FORMAT}`);
  const lengths = int(16, count);
  let at = 16 + count * 4;
  const jsonEnd = at + (format === 1 ? Math.ceil(jsonBytes / 4) * 4 : jsonBytes);
  if (jsonBytes < 0 || jsonEnd > own.byteLength) throw new TypeError('personal base cut short');
  const json = JSON.parse(new TextDecoder().decode(own.subarray(at, at + jsonBytes))) as { keys: unknown; forms: unknown };
  at = jsonEnd;
  let arrays: Int32Array[];
  if (format === 1) {
    arrays = [...lengths].map((n) => { if (n < 0 || at + n * 4 > own.byteLength) throw new TypeError('personal base cut short'); const a = int(at, n); at += n * 4; return a; });
  } else {
    const r = new VarintReader(own, at);
    arrays = [...lengths].map((n, i) => { if (n < 0 || r.at + n > own.byteLength) throw new TypeError('personal base cut short'); return r.read(n, DELTA[i]); });
    if (r.at !== own.byteLength) throw new TypeError('personal base has bytes past its arrays');
  }
  const keys = json.keys, forms = json.forms;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string') || !Array.isArray(forms)) throw new TypeError('personal base keys malformed');
  const [uni, lower, refs] = arrays;
  if (uni.length !== keys.length || lower.length !== keys.length || refs.length !== keys.length) throw new TypeError('personal base counts do not match its keys');
  const c = emptyCounts();
  c.bi.ids.load(keys as string[], refs.slice());
  c.bi.load(arrays.slice(3, 8)); c.tri.load(arrays.slice(8, 13));
  keys.forEach((k: string, id) => {
    if (uni[id] > 0) { c.uni.set(k, uni[id]); c.total += uni[id]; }
    if (lower[id] > 0) c.lower.set(k, lower[id]);
  });
  for (const e of forms) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || !Array.isArray(e[1])) throw new TypeError('personal base spellings malformed');
    c.forms.set(e[0], new Map((e[1] as unknown[]).map((f) => {
      if (!Array.isArray(f) || typeof f[0] !== 'string' || !Number.isFinite(f[1])) throw new TypeError('personal base spelling malformed');
      return [f[0], f[1]] as [string, number];
    })));
  }
  for (const k of c.forms.keys()) refreshDisplay(c, k);
  return c;
}

export const encodeLog = (ops: readonly CountOp[]): Uint8Array => new TextEncoder().encode(JSON.stringify(ops));

/** Counts a log's texts in or out, in order; throws TypeError on a malformed log. */
export function replayLog(c: PersonalCounts, bytes: Uint8Array): void {
  const ops = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  if (!Array.isArray(ops)) throw new TypeError('personal log malformed');
  for (const op of ops) {
    if (!Array.isArray(op) || (op[0] !== 1 && op[0] !== -1) || typeof op[1] !== 'string') throw new TypeError('personal log entry malformed');
    if (op[0] > 0) addText(c, op[1]); else removeText(c, op[1]);
  }
}

/** The adapter's parameters as part TUNE_PART's bytes (none before the first word is learned). */
export function tunePart(m: PersonalMemory): Uint8Array | undefined {
  return m.tuner ? new Uint8Array(m.tuner.adapterParams().buffer) : undefined;
}

/** What a head holds of a memory (besides its counts), with the sizes of its parts TUNE_PART and RECENT_PART. */
export function headOf(m: PersonalMemory, { seq, base, logs }: Pick<MemoryHead, 'seq' | 'base' | 'logs'>, tuneBytes: number | undefined, recentBytes: number): MemoryHead {
  return { v: 3, seq, base, logs, gate: m.gate.toJSON(), recent: m.recent.meta(), recentBytes, ...(m.tuner && tuneBytes !== undefined ? { tune: m.tuner.meta(), tuneBytes } : {}) };
}

/** Checks a parsed head; throws TypeError when it is not a version 3 head. */
export function checkHead(o: unknown): MemoryHead {
  const h = o as MemoryHead;
  if (!h || h.v !== 3 || !Number.isInteger(h.seq) || !h.base || !Number.isInteger(h.base.seq) || !Number.isInteger(h.base.bytes) || (h.base.pieces !== undefined && !Number.isInteger(h.base.pieces))
    || !Array.isArray(h.logs) || !h.logs.every((s) => Number.isInteger(s) && s > h.base.seq && s <= h.seq) || !h.gate || !h.recent
    || (h.tuneBytes !== undefined && !(Number.isInteger(h.tuneBytes) && h.tuneBytes > 0 && h.tuneBytes % 4 === 0))
    || (h.recentBytes !== undefined && !(Number.isInteger(h.recentBytes) && h.recentBytes >= 32))) throw new TypeError('not a personal checkpoint head of version 3');
  return h;
}

/**
 * Puts what a head holds into a memory with its counts loaded; `tune` and `recent` are parts
 * TUNE_PART and RECENT_PART. Throws TypeError when a part the head names is missing or of the
 * wrong size.
 */
export function applyHead(m: PersonalMemory, h: MemoryHead, tune?: Uint8Array, recent?: Uint8Array): void {
  m.gate.load(h.gate);
  if (h.recentBytes !== undefined && recent?.byteLength !== h.recentBytes) throw new TypeError('its recent-words part is missing or of the wrong size');
  m.recent = h.recentBytes !== undefined ? RecentWords.fromBytes(recent!, m.recent.halfLife)
    : RecentWords.fromJSON(h.recent as Parameters<typeof RecentWords.fromJSON>[0], m.recent.halfLife);
  if (h.tune && h.tuneBytes !== undefined && tune?.byteLength !== h.tuneBytes) throw new TypeError('its adapter part is missing or of the wrong size');
  m.tuner = !h.tune ? undefined : h.tuneBytes === undefined ? FineTuner.fromJSON(h.tune) : FineTuner.fromJSON(h.tune, new Float32Array(tune!.slice().buffer));
}
