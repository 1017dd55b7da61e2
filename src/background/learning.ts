import type { Engine } from '../engine/engine';
import { getMeta, setMeta, type InklingDatabase } from '../storage/db';
import { countSamples, markUnlearned, selectedSamples, unlearnedSamples, type SampleSelection } from '../storage/samples';
import { deleteCheckpoint, listCheckpoints } from '../storage/checkpoints';
import { DEFAULT_RETENTION, forgetSamples, Learner, type RetentionLimits } from '../learn/learner';
import type { CaptureRefusal } from '../learn/capture';
import type { DraftParams } from '../messaging/protocol';
import { chooseLanguage, MODEL_LANGUAGES, type LanguageClues, type ModelLanguage } from '../text/language-choice';

export type { DraftParams } from '../messaging/protocol';

/** Facts about the sender that only the browser can vouch for. */
export interface DraftSender { origin: string; incognito: boolean }

export interface LearningStatus {
  waiting: number; samples: number; learning: boolean; lastUpdate: number | null; paused: boolean;
  /** The last damaged record or checkpoint skipped (within PROBLEM_SHOWN_MS), for the popup to mention. */
  problem: { message: string; at: number } | null;
}

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
}

/** Learning waits this long after a keystroke: between keys of fast typing, it does not run. */
export const TYPING_HOLD_MS = 120;

/**
 * Personalization in the service worker: stores drafts through the capture rules and learns
 * them in slices of a few milliseconds, yielding to the event loop between slices so typing is
 * never slowed. Stateless across restarts: everything is in IndexedDB.
 */
export function createLearningService(deps: LearningDeps) {
  const now = deps.now ?? Date.now;
  /** One learner per language: each personalizes its own language's engine. */
  const learners = new Map<ModelLanguage, Promise<Learner>>();
  let pumping = false, pumpAgain = false;
  /** The learning slice or reset running now: they never overlap (see `exclusive`). */
  let running: Promise<unknown> = Promise.resolve();
  /**
   * Runs `fn` when no learning slice is running, and starts none until it is done: a slice that
   * wrote its checkpoint after a deletion would bring the deleted text back.
   */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = running.then(fn);
    running = result.catch(() => undefined);
    return result;
  };

  /** Reports a problem and keeps the last one, so the popup can say that something was skipped. */
  const report = (problem: string) => {
    deps.report?.(problem);
    // Only what kind of problem (before the colon): a parser's message may quote stored text.
    const kind = problem.split(':')[0]!.slice(0, 120);
    void deps.openDb().then((db) => setMeta(db, 'learningProblem', { message: kind, at: now() })).catch(() => {});
  };

  const getLearner = (lang: ModelLanguage) => {
    let l = learners.get(lang);
    if (!l) {
      l = (async () => {
        const [db, engine] = await Promise.all([deps.openDb(), deps.getEngine(lang)]);
        const learner = new Learner(db, engine, lang, report, (limits, at, inSlice) => {
          const prune = () => forgetLoaded({ retention: { ...limits, now: at } });
          return inSlice ? prune() : exclusive(prune); // a slice already runs exclusively
        });
        await learner.restore();
        return learner;
      })();
      l.catch(() => learners.delete(lang)); // a failed model load is tried again next time
      learners.set(lang, l);
    }
    return l;
  };

  /**
   * Deletes samples and subtracts them from every language's personal model in one transaction.
   * Only the models of the languages written in the samples chosen are loaded for it (with those
   * already loaded). Run only inside `exclusive`.
   */
  async function forgetLoaded(which: SampleSelection): Promise<number> {
    const db = await deps.openDb();
    const chosen = await selectedSamples(db, which);
    if (!chosen.length) return 0;
    const stored = new Set((await listCheckpoints(db)).map((c) => c.name));
    for (const lang of MODEL_LANGUAGES) {
      if (!stored.has(`personal-${lang}`) || !chosen.some((s) => s.lang === lang)) continue;
      // A model that cannot load now cannot subtract: its checkpoint goes, and its samples are
      // learned again once it loads, so nothing deleted stays in it.
      await getLearner(lang).catch(async (e: unknown) => {
        report(`personal model ${lang} not loaded for a deletion, to be learned again: ${String(e)}`);
        await deleteCheckpoint(db, `personal-${lang}`);
        await markUnlearned(db, lang);
      });
    }
    const loaded: Learner[] = [];
    for (const l of learners.values()) { const learner = await l.catch(() => undefined); if (learner) loaded.push(learner); }
    return forgetSamples(db, loaded, { ids: chosen.map((s) => s.id) }, now());
  }

  async function forget(which: SampleSelection): Promise<number> {
    const deleted = await exclusive(() => forgetLoaded(which));
    void pump().catch((e: unknown) => report(`learning stopped: ${String(e)}`));
    return deleted;
  }

  /** Characters stored since the size of the store was last checked (Infinity: not yet in this worker). */
  let storedSinceCheck = Infinity;

  /** Languages with samples waiting to be learned. */
  async function waitingLanguages(): Promise<ModelLanguage[]> {
    const db = await deps.openDb();
    const out: ModelLanguage[] = [];
    for (const lang of MODEL_LANGUAGES) if ((await unlearnedSamples(db, 1, undefined, lang)).length) out.push(lang);
    return out;
  }

  /** Learns until nothing waits. A draft stored while a run is going asks for one more pass. */
  async function pump(): Promise<void> {
    if (pumping) { pumpAgain = true; return; }
    pumping = true;
    try {
      const db = await deps.openDb();
      deps.keepAwake?.(true);
      do {
        pumpAgain = false;
        if (await getMeta<boolean>(db, 'learningPaused')) break;
        for (const lang of await waitingLanguages()) {
          const l = await getLearner(lang);
          for (;;) {
            // A slice never starts while the user is typing: the next keystroke would wait behind it.
            for (let wait; (wait = (deps.lastKeystroke?.() ?? -Infinity) + TYPING_HOLD_MS - now()) > 0;) {
              await new Promise((resolve) => setTimeout(resolve, wait));
            }
            const r = await exclusive(async () => {
              const slice = await l.runSlice(deps.sliceMs ?? 8, now);
              if (slice.learned) await setMeta(db, 'lastLearned', now()); // not after a deletion
              return slice;
            });
            if (!r.more) break;
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
        }
      } while (pumpAgain);
      deps.keepAwake?.(false);
    } finally {
      pumping = false;
    }
  }

  return {
    /** Stores a draft if the capture rules allow it, then starts learning. */
    async draft(d: DraftParams, sender: DraftSender, sensitive: boolean): Promise<{ stored: boolean; reason?: CaptureRefusal }> {
      const policy = await deps.allowed(sender.origin);
      const pastedRanges: [number, number][] = [];
      for (const p of d.pasted) {
        for (let at = p ? d.text.indexOf(p) : -1; at >= 0; at = d.text.indexOf(p, at + p.length)) pastedRanges.push([at, at + p.length]);
      }
      const choice = (await deps.languageChoice?.()) ?? 'auto';
      const l = await getLearner(chooseLanguage({ choice, text: d.text, tag: d.lang, browser: deps.browserLanguage }));
      const r = await l.capture(
        { text: d.text, pastedRanges, field: { sensitive }, site: { blocked: policy.blocked, incognito: sender.incognito }, settings: { learning: policy.learning } },
        { draftKey: d.draftKey, origin: sender.origin, now: now() }, policy.retention);
      if (r.ok) {
        // The store is kept within the retention limits as it grows; what is pruned leaves the model too.
        const limits = policy.retention ?? DEFAULT_RETENTION;
        storedSinceCheck += r.text.length;
        if (storedSinceCheck > limits.maxTotalChars / 20) {
          storedSinceCheck = 0;
          void forget({ retention: { ...limits, now: now() } }).catch((e: unknown) => report(`pruning failed: ${String(e)}`));
        }
        void pump().catch((e: unknown) => report(`learning stopped: ${String(e)}`));
      }
      return r.ok ? { stored: true } : { stored: false, reason: r.reason };
    },

    /** Resolves once nothing waits to be learned and no slice runs (the CLI's `serve` answers `learn` then). */
    async settled(): Promise<void> {
      const db = await deps.openDb();
      for (;;) {
        await running;
        if (!pumping && (!(await waitingLanguages()).length || (await getMeta<boolean>(db, 'learningPaused')))) return;
        if (pumping) await new Promise((resolve) => setTimeout(resolve, 1)); else await pump();
      }
    },

    /** Continues learning left unfinished (the worker was stopped): cheap when nothing waits. */
    async wake(): Promise<void> {
      if ((await waitingLanguages()).length) await pump();
    },

    async status(): Promise<LearningStatus> {
      const db = await deps.openDb();
      return {
        waiting: (await unlearnedSamples(db, 1000)).length, samples: await countSamples(db), learning: pumping,
        lastUpdate: (await getMeta<number>(db, 'lastLearned')) ?? null, paused: Boolean(await getMeta<boolean>(db, 'learningPaused')),
        problem: recentProblem(await getMeta(db, 'learningProblem'), now()),
      };
    },

    /**
     * Loads a language's personal memory into its engine, once per worker: a restarted worker
     * must not suggest without what was learned (nothing may be waiting to learn to load it).
     */
    async ready(lang: ModelLanguage): Promise<void> {
      await getLearner(lang);
    },

    async setPaused(paused: boolean): Promise<void> {
      await setMeta(await deps.openDb(), 'learningPaused', paused);
      if (!paused) void pump();
    },

    /**
     * Deletes samples (one, a site's, those past the retention limits) and exactly what the
     * personal models learned of them, keeping everything the other samples taught. Returns how
     * many were deleted.
     */
    forget,

    /** Forgets everything personal: `erasing` empties the stores, then every memory is reset. */
    async eraseAll(erasing: () => Promise<void>): Promise<void> {
      await exclusive(async () => {
        await erasing();
        for (const l of learners.values()) await (await l.catch(() => undefined))?.reset();
      });
    },

    /** Loads each language's personal model again from its checkpoint (after an import replaced them). */
    async reload(): Promise<void> {
      await exclusive(async () => { for (const l of learners.values()) await (await l.catch(() => undefined))?.restore(); });
      void pump().catch((e: unknown) => report(`learning stopped: ${String(e)}`));
    },
  };
}

export type LearningService = ReturnType<typeof createLearningService>;

/** A stored problem record, if it is well formed and recent. */
function recentProblem(value: unknown, now: number): LearningStatus['problem'] {
  const p = value as { message?: unknown; at?: unknown } | undefined;
  if (typeof p?.message !== 'string' || typeof p.at !== 'number' || now - p.at > PROBLEM_SHOWN_MS) return null;
  return { message: p.message, at: p.at };
}
