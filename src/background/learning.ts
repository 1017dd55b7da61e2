import type { Engine } from '../engine/engine';
import { getMeta, setMeta, type InklingDatabase } from '../storage/db';
import { countSamples, unlearnedSamples } from '../storage/samples';
import { Learner } from '../learn/learner';
import type { CaptureRefusal } from '../learn/capture';
import type { DraftParams } from '../messaging/protocol';

export type { DraftParams } from '../messaging/protocol';

/** Facts about the sender that only the browser can vouch for. */
export interface DraftSender { origin: string; incognito: boolean }

export interface LearningStatus { waiting: number; samples: number; learning: boolean; lastUpdate: number | null; paused: boolean }

export interface LearningDeps {
  getEngine: () => Promise<Engine>;
  openDb: () => Promise<InklingDatabase>;
  /** Whether learning is on and the site is not blocked. */
  allowed: (origin: string) => Promise<{ learning: boolean; blocked: boolean }>;
  report?: (problem: string) => void;
  /** Milliseconds of learning per slice; predictions wait at most this long behind one. */
  sliceMs?: number;
  now?: () => number;
}

/**
 * Personalization in the service worker: stores drafts through the capture rules and learns
 * them in slices of a few milliseconds, yielding to the event loop between slices so typing is
 * never slowed. Stateless across restarts: everything is in IndexedDB.
 */
export function createLearningService(deps: LearningDeps) {
  const now = deps.now ?? Date.now;
  let learner: Promise<Learner> | undefined;
  let pumping = false, pumpAgain = false;

  const getLearner = () => (learner ??= (async () => {
    const [db, engine] = await Promise.all([deps.openDb(), deps.getEngine()]);
    const l = new Learner(db, engine, engine.info().lang, deps.report);
    await l.restore();
    return l;
  })());

  /** Learns until nothing waits. A draft stored while a run is going asks for one more pass. */
  async function pump(): Promise<void> {
    if (pumping) { pumpAgain = true; return; }
    pumping = true;
    try {
      const l = await getLearner();
      const db = await deps.openDb();
      do {
        pumpAgain = false;
        if (await getMeta<boolean>(db, 'learningPaused')) return;
        for (;;) {
          const r = await l.runSlice(deps.sliceMs ?? 8, now);
          if (r.learned) await setMeta(db, 'lastLearned', now());
          if (!r.more) break;
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      } while (pumpAgain);
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
      const l = await getLearner();
      const r = await l.capture(
        { text: d.text, pastedRanges, field: { sensitive }, site: { blocked: policy.blocked, incognito: sender.incognito }, settings: { learning: policy.learning } },
        { draftKey: d.draftKey, origin: sender.origin, now: now() });
      if (r.ok) void pump().catch((e: unknown) => deps.report?.(`learning stopped: ${String(e)}`));
      return r.ok ? { stored: true } : { stored: false, reason: r.reason };
    },

    /** Continues learning left unfinished (the worker was stopped): cheap when nothing waits. */
    async wake(): Promise<void> {
      if ((await unlearnedSamples(await deps.openDb(), 1)).length) await pump();
    },

    async status(): Promise<LearningStatus> {
      const db = await deps.openDb();
      return {
        waiting: (await unlearnedSamples(db, 1000)).length, samples: await countSamples(db), learning: pumping,
        lastUpdate: (await getMeta<number>(db, 'lastLearned')) ?? null, paused: Boolean(await getMeta<boolean>(db, 'learningPaused')),
      };
    },

    async setPaused(paused: boolean): Promise<void> {
      await setMeta(await deps.openDb(), 'learningPaused', paused);
      if (!paused) void pump();
    },
  };
}

export type LearningService = ReturnType<typeof createLearningService>;
