import type { Engine } from '../engine/engine';
import type { InklingDatabase } from '../storage/db';
import { markLearned, unlearnedFrom, unlearnedSamples, upsertDraft, pruneSamples, type StoredSample } from '../storage/samples';
import { deleteCheckpoint, readCheckpoint, writeCheckpoint } from '../storage/checkpoints';
import { recordWords } from '../storage/vocabulary';
import { captureSample, type CaptureInput, type CaptureResult } from './capture';
import { PersonalMemory } from './personal-memory';
import { personalKeys, isWordKey, wordsOf } from './personal-ngram';

/** Limits of what is kept: the store is pruned oldest-first past these. */
export interface RetentionLimits { maxTotalChars: number; retentionDays: number }
export const DEFAULT_RETENTION: RetentionLimits = { maxTotalChars: 2_000_000, retentionDays: 365 };
/** At most this much learning is lost if the worker is stopped. */
const CHECKPOINT_MS = 3000;

/** A checkpoint: the memory plus the sample versions it already contains. */
interface Snapshot { memory: object; consumed: { id: number; updatedAt: number }[] }

/**
 * The personalization pipeline: capture → store → learn in small resumable slices →
 * checkpoint. The memory and the record of which samples it contains are written together in
 * one checkpoint, so a worker stopped at any point neither loses a sample nor learns one twice:
 * on restart, samples named in the checkpoint are marked learned, the rest are learned again.
 */
export class Learner {
  private restored = false;
  /** the sample being learned, and the next of its words */
  private current?: { sample: StoredSample; words: RegExpMatchArray[]; next: number; from: number };
  /** samples learned since the last checkpoint */
  private consumed: { id: number; updatedAt: number }[] = [];
  private texts: string[] = [];
  private lastCheckpoint = 0;

  constructor(
    private readonly db: InklingDatabase,
    private readonly engine: Engine,
    private readonly lang: string,
    private readonly report: (problem: string) => void = () => {},
  ) {}

  private get checkpointName(): string { return `personal-${this.lang}`; }

  /** The retention limits last asked for; a full disk prunes samples down to half of them. */
  private limits = DEFAULT_RETENTION;
  private prune(now: number) {
    return () => pruneSamples(this.db, { ...this.limits, maxTotalChars: this.limits.maxTotalChars / 2, now }).then(() => undefined);
  }

  /** Applies the capture rules and stores the draft; returns why it was refused, if it was. */
  async capture(input: CaptureInput, draft: { draftKey: string; origin: string; now: number }, limits = DEFAULT_RETENTION): Promise<CaptureResult> {
    const r = captureSample(input);
    if (!r.ok) return r;
    this.limits = limits;
    await upsertDraft(this.db, { ...draft, text: r.text, lang: this.lang }, { prune: this.prune(draft.now) });
    return r;
  }

  /** Loads the last good checkpoint into the engine (an empty memory if none or corrupted). */
  async restore(): Promise<void> {
    const bytes = await readCheckpoint(this.db, this.checkpointName, (reason) => this.report(`personal checkpoint skipped: ${reason}`));
    let memory = new PersonalMemory();
    if (bytes) {
      try {
        const snap = JSON.parse(new TextDecoder().decode(bytes)) as Snapshot;
        const loaded = PersonalMemory.fromJSON(snap.memory);
        this.probe(loaded);
        await markLearned(this.db, snap.consumed);
        memory = loaded; // only a checkpoint that loaded completely replaces the base model
      } catch (e) {
        this.report(`personal checkpoint unreadable, starting from the base model: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.engine.setPersonal(memory);
    this.current = undefined; this.consumed = []; this.texts = [];
    this.restored = true;
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
   * stopped. Checkpoints when the queue empties or every CHECKPOINT_MS of learning.
   * Returns how many samples it finished and whether work is left.
   */
  async runSlice(budgetMs: number, now: () => number = Date.now): Promise<{ learned: number; more: boolean }> {
    if (!this.restored) await this.restore();
    const start = now();
    let finished = 0, words = 0;
    const within = () => words === 0 || now() - start < budgetMs; // at least one word per slice
    const memory = this.engine.personal;
    while (within()) {
      if (!this.current) {
        const pending = new Set(this.consumed.map((c) => c.id));
        // Samples learned since the last checkpoint are not marked yet: read past them.
        const next = (await unlearnedSamples(this.db, 16 + pending.size, (reason, key) => this.report(`sample ${String(key)} skipped: ${reason}`), this.lang))
          .find((s) => !pending.has(s.id));
        if (!next) break;
        // A draft the user went on writing is learned from where its learned part ends.
        const from = unlearnedFrom(next), words = wordsOf(next.text);
        const first = words.findIndex((m) => m.index! + m[0].length > from);
        this.current = { sample: next, words, next: first < 0 ? words.length : first, from };
      }
      const c = this.current;
      while (c.next < c.words.length && within()) {
        const m = c.words[c.next++];
        words++;
        this.engine.learnWord(c.sample.text.slice(0, m.index), m[0].toLowerCase()); // memory gate + fine-tuned adapter
      }
      if (c.next < c.words.length) break;
      memory.addText(c.sample.text.slice(c.from));
      this.consumed.push({ id: c.sample.id, updatedAt: c.sample.updatedAt });
      this.texts.push(c.sample.text);
      this.current = undefined;
      finished++;
    }
    const idle = !this.current && within();
    if (this.consumed.length && (idle || now() - this.lastCheckpoint > CHECKPOINT_MS)) await this.checkpoint(now());
    // Idle means the queue was found empty this slice (drafts stored later ask for another run).
    return { learned: finished, more: !idle };
  }

  /** Writes the memory with the samples it now contains, then marks them learned. */
  private async checkpoint(at: number): Promise<void> {
    const snapshot: Snapshot = { memory: this.engine.personal.toJSON(), consumed: this.consumed };
    await writeCheckpoint(this.db, this.checkpointName, new TextEncoder().encode(JSON.stringify(snapshot)), at, this.prune(at));
    await markLearned(this.db, this.consumed);
    await recordWords(this.db, newWords(this.texts, this.engine), this.lang, at);
    this.consumed = []; this.texts = []; this.lastCheckpoint = at;
  }

  /** Learns everything waiting (the CLI's `learn`, which answers only when learning is done). */
  async drain(): Promise<void> {
    while ((await this.runSlice(50)).more);
  }

  /** Forgets everything personal for this language: memory, checkpoint. */
  async reset(): Promise<void> {
    await deleteCheckpoint(this.db, this.checkpointName);
    this.engine.setPersonal(new PersonalMemory());
    this.current = undefined; this.consumed = []; this.texts = [];
    this.restored = true;
  }
}

/** Words of learned samples that the base model does not know, as written: the personal vocabulary. */
function newWords(texts: string[], engine: Engine): { word: string; display: string }[] {
  const out = new Map<string, string>();
  for (const t of texts) {
    const { keys, shown } = personalKeys(t);
    keys.forEach((k, i) => { if (isWordKey(k) && !engine.knowsWord(k)) out.set(k, shown[i] ?? out.get(k) ?? k); });
  }
  return [...out].map(([word, display]) => ({ word, display }));
}
