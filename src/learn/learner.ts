import type { Engine } from '../engine/engine';
import type { InklingDatabase } from '../storage/db';
import { markLearned, unlearnedSamples, upsertDraft, pruneSamples, type StoredSample } from '../storage/samples';
import { deleteCheckpoint, readCheckpoint, writeCheckpoint } from '../storage/checkpoints';
import { recordWords } from '../storage/vocabulary';
import { captureSample, type CaptureInput, type CaptureResult } from './capture';
import { PersonalMemory } from './personal-memory';
import { personalKeys, isWordKey } from './personal-ngram';

/** Limits of what is kept: the store is pruned oldest-first past these. */
export interface RetentionLimits { maxTotalChars: number; retentionDays: number }
export const DEFAULT_RETENTION: RetentionLimits = { maxTotalChars: 2_000_000, retentionDays: 365 };

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

  constructor(
    private readonly db: InklingDatabase,
    private readonly engine: Engine,
    private readonly lang: string,
    private readonly report: (problem: string) => void = () => {},
  ) {}

  private get checkpointName(): string { return `personal-${this.lang}`; }

  /** Applies the capture rules and stores the draft; returns why it was refused, if it was. */
  async capture(input: CaptureInput, draft: { draftKey: string; origin: string; now: number }, limits = DEFAULT_RETENTION): Promise<CaptureResult> {
    const r = captureSample(input);
    if (!r.ok) return r;
    const prune = () => pruneSamples(this.db, { ...limits, maxTotalChars: limits.maxTotalChars / 2, now: draft.now }).then(() => undefined);
    await upsertDraft(this.db, { ...draft, text: r.text, lang: this.lang }, { prune });
    return r;
  }

  /** Loads the last good checkpoint into the engine (an empty memory if none or corrupted). */
  async restore(): Promise<void> {
    const bytes = await readCheckpoint(this.db, this.checkpointName, (reason) => this.report(`personal checkpoint skipped: ${reason}`));
    let memory = new PersonalMemory();
    if (bytes) {
      try {
        const snap = JSON.parse(new TextDecoder().decode(bytes)) as Snapshot;
        memory = PersonalMemory.fromJSON(snap.memory);
        await markLearned(this.db, snap.consumed);
      } catch (e) {
        this.report(`personal checkpoint unreadable, starting from the base model: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.engine.setPersonal(memory);
    this.restored = true;
  }

  /**
   * Learns waiting samples for at most `budgetMs` (at least one sample), then checkpoints.
   * Returns how many samples it learned and whether more are waiting.
   */
  async runSlice(budgetMs: number, now: () => number = Date.now): Promise<{ learned: number; more: boolean }> {
    if (!this.restored) await this.restore();
    const start = now();
    const batch = await unlearnedSamples(this.db, 16, (reason, key) => this.report(`sample ${String(key)} skipped: ${reason}`));
    const done: StoredSample[] = [];
    const memory = this.engine.personal;
    for (const s of batch) {
      memory.learn(s.text, (context, key) => this.engine.baseWordProb(context, key));
      done.push(s);
      if (now() - start > budgetMs) break;
    }
    if (!done.length) return { learned: 0, more: false };
    const snapshot: Snapshot = { memory: memory.toJSON(), consumed: done.map((s) => ({ id: s.id, updatedAt: s.updatedAt })) };
    await writeCheckpoint(this.db, this.checkpointName, new TextEncoder().encode(JSON.stringify(snapshot)), now());
    await markLearned(this.db, snapshot.consumed);
    await recordWords(this.db, newWords(done), this.lang, now());
    return { learned: done.length, more: done.length < batch.length || batch.length === 16 };
  }

  /** Learns everything waiting (the CLI's `learn`, which answers only when learning is done). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await this.runSlice(250);
      total += r.learned;
      if (!r.more) return total;
    }
  }

  /** Forgets everything personal for this language: memory, checkpoint. */
  async reset(): Promise<void> {
    await deleteCheckpoint(this.db, this.checkpointName);
    this.engine.setPersonal(new PersonalMemory());
    this.restored = true;
  }
}

/** The words of learned samples, as written, for the personal vocabulary store. */
function newWords(samples: StoredSample[]): { word: string; display: string }[] {
  const out = new Map<string, string>();
  for (const s of samples) {
    const { keys, shown } = personalKeys(s.text);
    keys.forEach((k, i) => { if (isWordKey(k)) out.set(k, shown[i] ?? out.get(k) ?? k); });
  }
  return [...out].map(([word, display]) => ({ word, display }));
}
