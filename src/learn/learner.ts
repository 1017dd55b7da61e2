import type { LearningEngine } from './learning-engine';
import type { InklingDatabase, PersonalTx } from '../storage/db';
import {
  learnedPart, markLearned, markLearnedIn, markUnlearned, nextUnlearnedSample, unlearnedFrom, upsertDraft,
  type LearnedVersion, type SampleSelection, type StoredSample,
} from '../storage/samples';
import { deleteCheckpoint, readCheckpoint } from '../storage/checkpoints';
import { withQuotaRetry } from '../storage/quota';
import { forgetSamples } from './forget-samples';
import { setLearnedCounts } from '../storage/vocabulary';
import { captureSample, type CaptureInput, type CaptureResult } from './capture';
import { PersonalMemory, type SampleCount } from './personal-memory';
import { checkHead, LOG_LIMITS, NOTHING_STORED, type CountOp, type MemoryHead, type StoredParts } from './memory-checkpoint';
import { BaseBuild, putHead, readMemoryParts, writeMemoryParts } from './memory-parts';
import { personalKeys } from './personal-ngram';
import { isWordKey } from '../text/words';
import { normalizeText } from '../text/tokenize';
import { learnedPieces, type TextPiece } from '../text/words';

/** Limits of what is kept: the store is pruned oldest-first past these. */
export interface RetentionLimits { maxTotalChars: number; retentionDays: number }
export const DEFAULT_RETENTION: RetentionLimits = { maxTotalChars: 2_000_000, retentionDays: 365 };
/** At most this much learning is lost if the worker is stopped (shorter: each checkpoint then carries less). */
const CHECKPOINT_MS = 1000;

/** A checkpoint before version 3: the whole memory (older ones also list the sample versions it contains). */
interface Snapshot { memory: object; consumed?: LearnedVersion[] }

/**
 * The personalization pipeline: capture → store → learn in small resumable slices →
 * checkpoint. A checkpoint, the marks of the samples it contains and the deletion of samples
 * commit in one transaction, so a worker stopped at any point neither loses a sample nor learns
 * one twice, and the model never holds a deleted one. The n-gram counts are sums over samples,
 * so deleting a sample subtracts exactly what it added and keeps what the others taught.
 */
export class Learner {
  private restored = false;
  /**
   * the sample being learned (and its normalized text), the next of its words, the first word
   * not learned before, and once its words are learned, its counting in (over slices)
   */
  private current?: { sample: StoredSample; text: string; words: TextPiece[]; next: number; first: number; counting?: SampleCount };
  /** samples learned since the last checkpoint, with the text learned */
  private consumed: LearnedVersion[] = [];
  /** words new to the base model counted or uncounted since the last checkpoint: the vocabulary to update */
  private touched = new Set<string>();
  private lastCheckpoint = 0;
  /** the stored checkpoint, and what the next one will be once its transaction commits */
  private stored: StoredParts = NOTHING_STORED;
  private saving?: StoredParts;
  /** the texts counted in or out since the stored checkpoint (its next log), and their length */
  private ops: CountOp[] = [];
  private opsChars = 0;
  /** the next checkpoint writes the whole base (none stored yet, or one of an earlier format) */
  private needsBase = true;
  /** a checkpoint is due: the next slice writes it and does nothing else (after a whole budget of learning it would run long) */
  private checkpointDue = false;
  /** the base being written again in pieces (learning waits for it), and whether the next checkpoint starts one */
  private build?: BaseBuild; private wantBuild = false;
  /** the memory's prune count the stored base reflects, and the one the checkpoint being written will */
  private prunedSeen = 0; private savingPruned = 0;

  /**
   * @param onFull frees storage when a write hits the quota, by deleting samples past `limits`
   *   and what was learned of them (the learning service does it for every language); `inSlice`
   *   says the call comes from a slice's checkpoint. By default this learner's own samples.
   */
  constructor(
    private readonly db: InklingDatabase,
    private readonly engine: LearningEngine,
    readonly lang: string,
    private readonly report: (problem: string) => void = () => {},
    private readonly onFull?: (limits: RetentionLimits, now: number, inSlice: boolean) => Promise<unknown>,
  ) {}

  private get checkpointName(): string { return `personal-${this.lang}`; }

  /** The retention limits last asked for; a full disk prunes samples down to half of them. */
  private limits = DEFAULT_RETENTION;
  private prune(now: number, inSlice: boolean) {
    const half = { ...this.limits, maxTotalChars: this.limits.maxTotalChars / 2 };
    return () => (this.onFull ? this.onFull(half, now, inSlice) : forgetSamples(this.db, [this], { retention: { ...half, now } }, now));
  }

  /** Applies the capture rules and stores the draft; returns why it was refused, if it was. */
  async capture(input: CaptureInput, draft: { draftKey: string; origin: string; now: number }, limits = DEFAULT_RETENTION): Promise<CaptureResult> {
    const r = captureSample(input);
    if (!r.ok) return r;
    this.limits = limits;
    await upsertDraft(this.db, { ...draft, text: r.text, lang: this.lang }, { prune: this.prune(draft.now, false) });
    return r;
  }

  /** Loads the last good checkpoint into the engine (an empty memory if none or corrupted). */
  async restore(): Promise<void> {
    const bytes = await readCheckpoint(this.db, this.checkpointName, (reason) => this.report(`personal checkpoint skipped: ${reason}`));
    let memory: PersonalMemory | undefined, stored = NOTHING_STORED, legacy = false;
    if (bytes) {
      try {
        const snap = JSON.parse(new TextDecoder().decode(bytes)) as Snapshot | MemoryHead;
        let loaded: PersonalMemory;
        if ('v' in snap && snap.v === 3) ({ memory: loaded, stored } = await readMemoryParts(this.db, this.checkpointName, checkHead(snap)));
        else {
          loaded = PersonalMemory.fromJSON((snap as Snapshot).memory);
          legacy = true;
        }
        this.probe(loaded);
        if (legacy && (snap as Snapshot).consumed?.length) await markLearned(this.db, (snap as Snapshot).consumed!); // a checkpoint of an earlier version
        memory = loaded; // only a checkpoint that loaded completely replaces the base model
      } catch (e) {
        this.report(`personal checkpoint unreadable, starting from the base model: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    // No usable checkpoint: nothing is learned, so every stored sample is learned again.
    if (!memory) { memory = new PersonalMemory(); stored = NOTHING_STORED; await markUnlearned(this.db, this.lang); }
    this.engine.setPersonal(memory);
    this.startFrom(stored, memory.pruned);
    // A checkpoint of an earlier format is written again in parts at once (nothing changes in it).
    if (legacy) await this.checkpoint(Date.now()).catch((e) => this.report(`personal checkpoint not migrated yet: ${e instanceof Error ? e.message : String(e)}`));
  }

  /**
   * Throws if a memory that parsed cannot be used (a damaged or hand-edited snapshot with a
   * matching checksum, e.g. from an import file): it must not break every suggestion later.
   */
  private probe(memory: PersonalMemory): void {
    const previous = this.engine.personal;
    this.engine.setPersonal(memory);
    try {
      for (const prefix of ['', 'a']) this.engine.predict({ field: '\u0000probe', context: 'The ', prefix, k: 3 });
    } finally {
      this.engine.forgetField('\u0000probe');
      this.engine.setPersonal(previous);
    }
  }

  /**
   * Learns waiting samples for about `budgetMs` (a few milliseconds, so a keystroke's prediction
   * waiting behind a slice stays within its budget), word by word, resuming where the last slice
   * stopped. Checkpoints when the queue empties or every CHECKPOINT_MS of learning, in a slice of its own.
   * Returns how many samples it finished, whether work is left, and what it stored if it was a
   * slice of storage (a checkpoint or a piece of a base), which learns nothing.
   */
  async runSlice(budgetMs: number, now: () => number = Date.now): Promise<{ learned: number; more: boolean; stored?: 'checkpoint' | 'base piece' }> {
    if (!this.restored) await this.restore();
    const start = now();
    let finished = 0, worked = false;
    const more = () => now() - start < budgetMs;
    const within = () => !worked || more(); // at least one word (or a step of counting) per slice
    const memory = this.engine.personal;
    // A base being written in pieces: a piece a slice while learning waits (unless another checkpoint came first).
    if (this.build?.stored === this.stored) {
      const done = await this.build.step(start);
      if (done) { this.prunedSeen = this.build.pruned; this.stored = done; this.build = undefined; }
      return { learned: 0, more: true, stored: 'base piece' };
    }
    // Not while a sample is half counted: the checkpoint would have to finish it first, in this slice.
    if (this.consumed.length && !this.current?.counting && (this.checkpointDue || this.compactionDue)) {
      await this.checkpoint(start);
      return { learned: 0, more: true, stored: 'checkpoint' };
    }
    while (within()) {
      if (!this.current) {
        // Samples learned since the last checkpoint are not marked yet: read past them.
        const pending = new Set(this.consumed.map((c) => c.id));
        const next = await nextUnlearnedSample(this.db, pending, (reason, key) => this.report(`sample ${String(key)} skipped: ${reason}`), this.lang);
        if (!next) break;
        // A draft the user went on writing is learned from where its learned part ends.
        const from = unlearnedFrom(next), text = normalizeText(next.text), words = learnedPieces(text);
        let first = words.findIndex((w) => w.start + w.text.length > from);
        if (first < 0) first = words.length;
        this.current = { sample: next, text, words, next: first, first };
      }
      const c = this.current;
      while (c.next < c.words.length && within()) {
        const w = c.words[c.next++];
        worked = true;
        this.engine.learnWord(c.text.slice(0, w.start), w.key); // memory gate + fine-tuned adapter
      }
      if (c.next < c.words.length) break;
      // Then the sample's text is counted in, a few keys at a time (a long one over several slices).
      c.counting ??= memory.countSample(learnedPart(c.sample), c.sample.text, c.text.slice(c.words[c.first]?.start ?? c.text.length));
      worked = true;
      if (!c.counting.step(more)) break;
      this.counted(c.sample, c.counting);
      finished++;
    }
    const idle = !this.current && within();
    if (this.consumed.length && (idle || now() - this.lastCheckpoint > CHECKPOINT_MS)) this.checkpointDue = true;
    // Idle means the queue was found empty this slice (drafts stored later ask for another run).
    return { learned: finished, more: !idle || this.checkpointDue };
  }

  /** A sample's text is counted in: it joins the next checkpoint (and its log). */
  private counted(sample: StoredSample, counting: SampleCount): void {
    const { previous } = counting;
    if (previous) this.logOp(-1, previous);
    this.logOp(1, sample.text);
    for (const keys of counting.keys) this.touch(keys);
    this.consumed.push({ id: sample.id, updatedAt: sample.updatedAt, text: sample.text });
    this.current = undefined;
  }

  /** Nothing learned since the stored checkpoint `stored` (the memory's prune count `pruned`). */
  private startFrom(stored: StoredParts, pruned: number): void {
    this.current = undefined; this.consumed = []; this.touched.clear(); this.saving = undefined; this.build = undefined;
    this.stored = stored; this.ops = []; this.opsChars = 0; this.needsBase = stored.base.bytes === 0; this.prunedSeen = pruned;
    this.restored = true;
  }

  private logOp(sign: 1 | -1, text: string): void { this.ops.push([sign, text]); this.opsChars += text.length; }

  /** Whether the next checkpoint writes the base again (it then runs first in its slice, to keep the slice short). */
  private get compactionDue(): boolean {
    return this.needsBase || this.engine.personal.pruned !== this.prunedSeen || this.stored.logBytes + this.opsChars > LOG_LIMITS.bytes || this.stored.logs.length >= LOG_LIMITS.parts;
  }

  /** Notes the words of a text (its keys) the base model does not know: their vocabulary counts change. */
  private touch(keys: readonly string[]): void {
    for (const k of keys) if (isWordKey(k) && !this.engine.knowsWord(k)) this.touched.add(k);
  }

  /** Writes the memory with the samples it now contains (marked learned in the same transaction). */
  private checkpoint(at: number): Promise<unknown> {
    return withQuotaRetry(() => forgetSamples(this.db, [this], undefined, at), this.prune(at, true));
  }

  /** Step 1 of a checkpoint (see forgetSamples): marks the samples learned since the last one. */
  async markConsumedIn(tx: PersonalTx): Promise<void> {
    // A sample half counted in is finished now, so the checkpoint holds all of it or none.
    const c = this.current;
    if (c?.counting) { c.counting.step(() => true); this.counted(c.sample, c.counting); }
    await markLearnedIn(tx.objectStore('samples'), this.consumed);
  }

  /**
   * Step 2 of a checkpoint: subtracts deleted samples of this language (as marked in step 1:
   * what the memory holds of each), then writes the memory and the vocabulary counts.
   */
  async saveIn(tx: PersonalTx, removed: readonly StoredSample[], at: number): Promise<void> {
    const memory = this.engine.personal, mine = removed.filter((s) => s.lang === this.lang);
    this.saving = undefined;
    for (const s of mine) {
      const part = learnedPart(s);
      if (part) { memory.forgetText(part); this.logOp(-1, part); this.touch(personalKeys(part).keys); }
      if (this.current?.sample.id === s.id) this.current = undefined;
    }
    if (!mine.length && !this.consumed.length && !this.touched.size && !this.needsBase) return;
    memory.recent.prune();
    // A deletion writes the base again: the logs hold the deleted text, which must not stay stored.
    // Else a due compaction is written in pieces after this checkpoint (BaseBuild).
    const compact = mine.length > 0 || this.needsBase;
    this.wantBuild = !compact && this.compactionDue;
    const next = await writeMemoryParts(tx.objectStore('checkpointParts'), this.checkpointName, memory.counts, this.stored, this.ops, compact);
    this.savingPruned = memory.pruned;
    await putHead({ checkpoints: tx.objectStore('checkpoints'), parts: tx.objectStore('checkpointParts') }, this.checkpointName, memory, next, at);
    this.saving = next;
    const counts = memory.counts;
    await setLearnedCounts(tx.objectStore('vocabulary'),
      [...this.touched].map((word) => ({ word, display: counts.display.get(word) ?? (counts.uni.has(word) ? word : undefined), count: counts.uni.get(word) ?? 0 })), this.lang, at);
  }

  /** Step 3, after the transaction committed. */
  saved(at: number): void {
    if (this.saving) {
      if (this.saving.base.seq === this.saving.seq) { this.needsBase = false; this.prunedSeen = this.savingPruned; }
      this.stored = this.saving; this.saving = undefined; this.ops = []; this.opsChars = 0;
      this.build = this.wantBuild ? new BaseBuild(this.db, this.checkpointName, this.engine.personal, this.stored, this.engine.personal.pruned) : undefined;
    }
    this.consumed = []; this.touched.clear(); this.lastCheckpoint = at; this.checkpointDue = false;
  }

  /** Learns everything waiting (the CLI's `learn`, which answers only when learning is done). */
  async drain(): Promise<void> {
    while ((await this.runSlice(50)).more);
  }

  /** Deletes samples and what this learner learned of them (see forgetSamples); returns how many. */
  forget(which: SampleSelection, at: number): Promise<number> {
    return forgetSamples(this.db, [this], which, at);
  }

  /** Forgets everything personal for this language: memory, checkpoint. */
  async reset(): Promise<void> {
    await deleteCheckpoint(this.db, this.checkpointName);
    this.engine.setPersonal(new PersonalMemory());
    this.startFrom(NOTHING_STORED, 0);
  }
}
