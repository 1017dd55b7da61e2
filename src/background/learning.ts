import type { Engine } from '../engine/engine';
import type { CaptureRefusal } from '../learn/capture';
import { DEFAULT_RETENTION, type RetentionLimits } from '../learn/learner';
import type { DraftParams, LearningStatus } from '../messaging/protocol';
import { getMeta, setMeta, type InklingDatabase } from '../storage/db';
import { countSamples, countUnlearned, unlearnedSamples, type SampleSelection } from '../storage/samples';
import { chooseLanguage, MODEL_LANGUAGES, type LanguageClues, type ModelLanguage } from '../text/language-choice';
import { LearnerPool, TaskQueue } from './learners';
import { LearningScheduler, type LearningState } from './learning-scheduler';

/** Facts about the sender that only the browser can vouch for. */
export interface DraftSender { origin: string; incognito: boolean }

/** How long the popup mentions a damaged record that was skipped. */
const PROBLEM_SHOWN_MS = 7 * 86_400_000;

export interface LearningDeps {
  getEngine: (lang: ModelLanguage) => Promise<Engine>;
  /** The user's language setting ('auto' or a fixed language). */
  languageChoice?: () => LanguageClues['choice'] | Promise<LanguageClues['choice']>;
  /** The browser's language, the last resort when neither the draft nor its page say. */
  browserLanguage?: string;
  openDb: () => Promise<InklingDatabase>;
  /** Whether learning is on and the site is not blocked; how much writing to keep (the learner's default if absent). */
  allowed: (origin: string) => Promise<{ learning: boolean; blocked: boolean; retention?: RetentionLimits }>;
  report?: (problem: string) => void;
  /** Milliseconds of learning per slice; predictions wait at most this long behind one. */
  sliceMs?: number;
  /** When the user last typed (ms, `now`'s clock): learning holds off while they type. */
  lastKeystroke?: () => number;
  /**
   * Called with true when learning starts and false when nothing is left: the extension keeps
   * an alarm that wakes a stopped worker to finish the work.
   */
  keepAwake?: (on: boolean) => void;
  now?: () => number;
  /** Waits `ms` while the user types (tests give their own, so nothing sleeps). */
  wait?: (ms: number) => Promise<void>;
}

/**
 * Milliseconds of learning per slice: a keystroke's prediction arriving meanwhile waits for the
 * rest of the slice (and the word or the counting step that ends it).
 */
export const LEARNING_SLICE_MS = 4;

/**
 * Learning waits this long after a keystroke: while the user types (keys every 150–300 ms at
 * ordinary speeds) it does not run, and catches up in the pauses. At 120 ms it ran between most
 * keys, and keystrokes were painted later (bench:browser p95 17.0–17.7 against 13.6–14.5 ms).
 */
export const TYPING_HOLD_MS = 300;

/**
 * Personalization in the service worker: stores drafts through the capture rules and learns
 * them in slices of a few milliseconds (the scheduler), yielding to the event loop between
 * slices so typing is never slowed. Stateless across restarts: everything is in IndexedDB.
 */
export class LearningService {
  private readonly now: () => number;
  private readonly queue = new TaskQueue();
  private readonly learners: LearnerPool;
  private readonly scheduler: LearningScheduler;
  /** Characters stored since the size of the store was last checked (Infinity: not yet in this worker). */
  private storedSinceCheck = Infinity;
  /** The last problem being written to storage (idle() waits for it, so a status read after sees it). */
  private problemWritten: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LearningDeps) {
    this.now = deps.now ?? Date.now;
    const report = (problem: string) => this.report(problem);
    this.learners = new LearnerPool({ openDb: deps.openDb, getEngine: deps.getEngine, report, queue: this.queue, now: this.now });
    this.scheduler = new LearningScheduler({
      isPaused: async () => Boolean(await getMeta<boolean>(await deps.openDb(), 'learningPaused')),
      waitingLanguages: () => this.waitingLanguages(),
      runSlice: (lang) => this.runSlice(lang),
      // A slice never starts while the user is typing: the next keystroke would wait behind it.
      holdOff: () => (deps.lastKeystroke?.() ?? -Infinity) + TYPING_HOLD_MS - this.now(),
      keepAwake: deps.keepAwake,
      report: (error) => report(`learning stopped: ${String(error)}`),
      wait: deps.wait,
    });
  }

  /** What learning does now: idle, running, or paused. */
  get state(): LearningState {
    return this.scheduler.state;
  }

  /** Stores a draft if the capture rules allow it, then starts learning. */
  async draft(d: DraftParams, sender: DraftSender): Promise<{ stored: boolean; reason?: CaptureRefusal }> {
    const policy = await this.deps.allowed(sender.origin);
    const pastedRanges: [number, number][] = [];
    for (const p of d.pasted) {
      for (let at = p ? d.text.indexOf(p) : -1; at >= 0; at = d.text.indexOf(p, at + p.length)) pastedRanges.push([at, at + p.length]);
    }
    const choice = (await this.deps.languageChoice?.()) ?? 'auto';
    const learner = await this.learners.get(chooseLanguage({ choice, text: d.text, tag: d.lang, browser: this.deps.browserLanguage }));
    const r = await learner.capture(
      // The content script sends no draft of a sensitive field (src/page/field.ts): never one here.
      { text: d.text, pastedRanges, field: { sensitive: false }, site: { blocked: policy.blocked, incognito: sender.incognito }, settings: { learning: policy.learning } },
      { draftKey: d.draftKey, origin: sender.origin, now: this.now() }, policy.retention);
    if (!r.ok) return { stored: false, reason: r.reason };
    // The store is kept within the retention limits as it grows; what is pruned leaves the model too.
    const limits = policy.retention ?? DEFAULT_RETENTION;
    this.storedSinceCheck += r.text.length;
    if (this.storedSinceCheck > limits.maxTotalChars / 20) {
      this.storedSinceCheck = 0;
      this.forget({ retention: { ...limits, now: this.now() } }).catch((e: unknown) => this.report(`pruning failed: ${String(e)}`));
    }
    this.scheduler.request();
    return { stored: true };
  }

  /**
   * Resolves once no learning run goes on (nothing waits, learning is paused, or the run failed
   * and said so), and the last problem is stored: what tests and the CLI's `serve` wait on.
   */
  async idle(): Promise<void> {
    await this.scheduler.idle();
    await this.problemWritten;
  }

  /** Continues learning left unfinished (the worker was stopped): cheap when nothing waits. */
  async wake(): Promise<void> {
    if ((await this.waitingLanguages()).length) this.scheduler.request();
  }

  /** For the popup, polled every second: counts from indexes, no sample is read. */
  async status(): Promise<LearningStatus> {
    const db = await this.deps.openDb();
    const [waiting, samples, lastUpdate, paused, problem] = await Promise.all([
      countUnlearned(db), countSamples(db), getMeta<number>(db, 'lastLearned'), getMeta<boolean>(db, 'learningPaused'), getMeta(db, 'learningProblem'),
    ]);
    return {
      waiting, samples, learning: this.scheduler.state === 'running', lastUpdate: lastUpdate ?? null, paused: Boolean(paused),
      problem: recentProblem(problem, this.now()),
    };
  }

  /**
   * Loads a language's personal memory into its engine, once per worker: a restarted worker
   * must not suggest without what was learned (nothing may be waiting to learn to load it).
   */
  async ready(lang: ModelLanguage): Promise<void> {
    await this.learners.get(lang);
  }

  async setPaused(paused: boolean): Promise<void> {
    await setMeta(await this.deps.openDb(), 'learningPaused', paused);
    if (paused) this.scheduler.pause();
    else this.scheduler.resume();
  }

  /**
   * Deletes samples (one, a site's, those past the retention limits) and exactly what the
   * personal models learned of them, keeping everything the other samples taught. Returns how
   * many were deleted.
   */
  async forget(which: SampleSelection): Promise<number> {
    const deleted = await this.queue.run(() => this.learners.forgetQueued(which));
    this.scheduler.request(); // samples of a model that could not subtract are to be learned again
    return deleted;
  }

  /** Forgets everything personal: `erasing` empties the stores, then every memory is reset. */
  async eraseAll(erasing: () => Promise<void>): Promise<void> {
    await this.queue.run(async () => {
      await erasing();
      for (const learner of await this.learners.loaded()) await learner.reset();
    });
  }

  /** Loads each language's personal model again from its checkpoint (after an import replaced them). */
  async reload(): Promise<void> {
    await this.queue.run(async () => {
      for (const learner of await this.learners.loaded()) await learner.restore();
    });
    this.scheduler.request();
  }

  /** Reports a problem and keeps the last one, so the popup can say that something was skipped. */
  private report(problem: string): void {
    this.deps.report?.(problem);
    // Only what kind of problem (before the colon): a parser's message may quote stored text.
    const kind = problem.split(':')[0]!.slice(0, 120);
    this.problemWritten = this.problemWritten
      .then(async () => setMeta(await this.deps.openDb(), 'learningProblem', { message: kind, at: this.now() }))
      .catch((e: unknown) => this.deps.report?.(`problem not recorded: ${String(e)}`));
  }

  /** Languages with samples waiting to be learned. */
  private async waitingLanguages(): Promise<ModelLanguage[]> {
    const db = await this.deps.openDb();
    const out: ModelLanguage[] = [];
    for (const lang of MODEL_LANGUAGES) if ((await unlearnedSamples(db, 1, undefined, lang)).length) out.push(lang);
    return out;
  }

  private async runSlice(lang: ModelLanguage): Promise<boolean> {
    const learner = await this.learners.get(lang);
    const db = await this.deps.openDb();
    return this.queue.run(async () => {
      const slice = await learner.runSlice(this.deps.sliceMs ?? LEARNING_SLICE_MS, this.now);
      if (slice.learned) await setMeta(db, 'lastLearned', this.now()); // not after a deletion
      return slice.more;
    });
  }
}

/** A stored problem record, if it is well formed and recent. */
function recentProblem(value: unknown, now: number): LearningStatus['problem'] {
  const p = value as { message?: unknown; at?: unknown } | undefined;
  if (typeof p?.message !== 'string' || typeof p.at !== 'number' || now - p.at > PROBLEM_SHOWN_MS) return null;
  return { message: p.message, at: p.at };
}
