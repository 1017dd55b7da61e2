import type { Engine } from '../engine/engine';
import { Learner, type RetentionLimits } from '../learn/learner';
import { forgetSamples } from '../learn/forget-samples';
import { deleteCheckpoint, listCheckpoints } from '../storage/checkpoints';
import type { InklingDatabase } from '../storage/db';
import { markUnlearned, selectedSamples, type SampleSelection } from '../storage/samples';
import { MODEL_LANGUAGES, type ModelLanguage } from '../text/language-choice';

/**
 * Runs tasks one after another. A learning slice and a deletion never overlap: a slice that
 * wrote its checkpoint after a deletion would bring the deleted text back.
 */
export class TaskQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it; its result or error goes to the caller. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The next task waits for this one to end, failed or not; the failure itself is the caller's.
    this.tail = result.then(() => undefined, () => undefined);
    return result;
  }
}

export interface LearnerPoolDeps {
  openDb: () => Promise<InklingDatabase>;
  getEngine: (lang: ModelLanguage) => Promise<Engine>;
  report: (problem: string) => void;
  queue: TaskQueue;
  now: () => number;
}

/** One learner per language, each personalizing its own language's engine, loaded on first use. */
export class LearnerPool {
  private readonly learners = new Map<ModelLanguage, Promise<Learner>>();

  constructor(private readonly deps: LearnerPoolDeps) {}

  /** The learner of `lang`, its checkpoint restored; a failed load is tried again next time. */
  get(lang: ModelLanguage): Promise<Learner> {
    let pending = this.learners.get(lang);
    if (!pending) {
      pending = this.load(lang);
      this.learners.set(lang, pending);
      pending.catch(() => this.learners.delete(lang)); // the failure itself goes to whoever asked
    }
    return pending;
  }

  /** The learners whose model loaded (one that did not holds nothing personal in this worker). */
  async loaded(): Promise<Learner[]> {
    const settled = await Promise.allSettled(this.learners.values());
    return settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  }

  /**
   * Deletes samples and subtracts them from every language's personal model in one transaction.
   * Only the models of the languages written in the samples chosen are loaded for it (with those
   * already loaded). Run only inside the queue.
   */
  async forgetQueued(which: SampleSelection): Promise<number> {
    const db = await this.deps.openDb();
    const chosen = await selectedSamples(db, which);
    if (!chosen.length) return 0;
    const stored = new Set((await listCheckpoints(db)).map((c) => c.name));
    for (const lang of MODEL_LANGUAGES) {
      if (!stored.has(`personal-${lang}`) || !chosen.some((s) => s.lang === lang)) continue;
      // A model that cannot load now cannot subtract: its checkpoint goes, and its samples are
      // learned again once it loads, so nothing deleted stays in it.
      await this.get(lang).catch(async (e: unknown) => {
        this.deps.report(`personal model ${lang} not loaded for a deletion, to be learned again: ${String(e)}`);
        await deleteCheckpoint(db, `personal-${lang}`);
        await markUnlearned(db, lang);
      });
    }
    return forgetSamples(db, await this.loaded(), { ids: chosen.map((s) => s.id) }, this.deps.now());
  }

  private async load(lang: ModelLanguage): Promise<Learner> {
    const [db, engine] = await Promise.all([this.deps.openDb(), this.deps.getEngine(lang)]);
    const learner = new Learner(db, engine, lang, this.deps.report, (limits: RetentionLimits, at, inSlice) => {
      const prune = () => this.forgetQueued({ retention: { ...limits, now: at } });
      return inSlice ? prune() : this.deps.queue.run(prune); // a slice already runs in the queue
    });
    await learner.restore();
    return learner;
  }
}
