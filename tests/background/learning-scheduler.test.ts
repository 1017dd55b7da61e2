import { describe, expect, it } from 'vitest';
import { LearningScheduler, type SchedulerDeps } from '../../src/background/learning-scheduler';
import type { ModelLanguage } from '../../src/text/language-choice';

/** A scheduler over queues of slices per language; each slice is logged. */
function scheduler(slices: Partial<Record<ModelLanguage, number>>, over: Partial<SchedulerDeps> = {}) {
  const left = { ...slices };
  const log: string[] = [];
  const s: LearningScheduler = new LearningScheduler({
    isPaused: async () => false,
    waitingLanguages: async () => (Object.keys(left) as ModelLanguage[]).filter((l) => left[l]! > 0),
    runSlice: async (lang) => { log.push(lang); left[lang]! -= 1; return left[lang]! > 0; },
    holdOff: () => 0,
    keepAwake: (on) => log.push(on ? 'awake' : 'asleep'),
    report: (error) => log.push(`reported ${String(error)}`),
    ...over,
  });
  return { s, log, left };
}

describe('LearningScheduler', () => {
  it('runs every waiting slice, one run at a time, and is idle after', async () => {
    const { s, log } = scheduler({ en: 2, pt: 1 });
    expect(s.state).toBe('idle');
    s.request();
    s.request(); // during the run: one more pass, not a second run
    expect(s.state).toBe('running');
    await s.idle();
    expect(log).toEqual(['awake', 'en', 'en', 'pt', 'asleep']);
    expect(s.state).toBe('idle');
  });

  it('takes one more pass for work that arrives during a run', async () => {
    const ctx = scheduler({ en: 1 }, {
      runSlice: async (lang) => {
        ctx.log.push(lang);
        ctx.left[lang]! -= 1;
        if (lang === 'en') { ctx.left.pt = 1; ctx.s.request(); } // a draft stored while this pass runs
        return false;
      },
    });
    ctx.s.request();
    await ctx.s.idle();
    expect(ctx.log).toEqual(['awake', 'en', 'pt', 'asleep']);
  });

  it('pauses before the next slice, and resumes where it stopped', async () => {
    const ctx = scheduler({ en: 3 }, { runSlice: async (lang) => { ctx.log.push(lang); ctx.left[lang]! -= 1; if (ctx.left[lang] === 2) ctx.s.pause(); return ctx.left[lang]! > 0; } });
    const { s, log } = ctx;
    s.request();
    await s.idle();
    expect(s.state).toBe('paused');
    expect(log).toEqual(['awake', 'en', 'asleep']);
    s.resume();
    await s.idle();
    expect(s.state).toBe('idle');
    expect(log).toEqual(['awake', 'en', 'asleep', 'awake', 'en', 'en', 'asleep']);
  });

  it('does not start while paused in storage', async () => {
    const { s, log } = scheduler({ en: 1 }, { isPaused: async () => true });
    s.request();
    await s.idle();
    expect(s.state).toBe('paused');
    expect(log).toEqual(['awake', 'asleep']);
  });

  it('holds off while the user types, through the wait it is given', async () => {
    let holds = 2;
    const waits: number[] = [];
    const { s, log } = scheduler({ en: 1 }, { holdOff: () => (holds > 0 ? 120 : 0), wait: async (ms) => { waits.push(ms); holds--; } });
    s.request();
    await s.idle();
    expect(waits).toEqual([120, 120]);
    expect(log).toEqual(['awake', 'en', 'asleep']);
  });

  it('reports a failed run and keeps the alarm (a woken worker tries again), then runs again on request', async () => {
    let broken = true;
    const ctx = scheduler({ en: 1 }, { runSlice: async (lang) => { if (broken) throw new Error('model gone'); ctx.left[lang] = 0; ctx.log.push(lang); return false; } });
    ctx.s.request();
    await ctx.s.idle();
    expect(ctx.s.state).toBe('idle');
    expect(ctx.log).toEqual(['awake', 'reported Error: model gone']);
    broken = false;
    ctx.s.request();
    await ctx.s.idle();
    expect(ctx.log).toEqual(['awake', 'reported Error: model gone', 'awake', 'en', 'asleep']);
  });
});
