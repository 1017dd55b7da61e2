import type { ModelLanguage } from '../text/language-choice';

/** What the scheduler is doing: nothing, a learning run, or holding off because the user paused it. */
export type LearningState = 'idle' | 'running' | 'paused';

export interface SchedulerDeps {
  /** Whether learning is paused in storage (it outlives the worker). */
  isPaused(): Promise<boolean>;
  /** The languages with samples waiting to be learned. */
  waitingLanguages(): Promise<ModelLanguage[]>;
  /** Learns one slice of a language's waiting samples; true while more is left. */
  runSlice(lang: ModelLanguage): Promise<boolean>;
  /** Milliseconds to hold off before the next slice (≤ 0: start now): never while the user types. */
  holdOff(): number;
  /**
   * Called with true when a run starts and false when it ends with nothing left or paused (not
   * when it fails): the extension keeps an alarm that wakes a stopped worker to finish the work.
   */
  keepAwake?(on: boolean): void;
  /** A run that failed, said rather than dropped. */
  report(error: unknown): void;
  /** Waits `ms` (tests give their own, so nothing sleeps). */
  wait?(ms: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs learning slice after slice until nothing waits, one run at a time: a request during a
 * run asks that run for one more pass. Between slices it yields to the event loop, so a
 * keystroke waits behind at most one slice.
 */
export class LearningScheduler {
  private current: LearningState = 'idle';
  private again = false;
  /** Paused in this worker (the stored flag is read at the start of every pass). */
  private pausedHere = false;
  private run: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SchedulerDeps) {}

  get state(): LearningState {
    return this.current;
  }

  /** Starts a run, or asks the one going on to look again when it is done. Never rejects: failures are reported. */
  request(): void {
    if (this.current === 'running') {
      this.again = true;
      return;
    }
    this.current = 'running';
    this.run = this.learnUntilDone().then(
      (ended) => { this.current = ended; },
      (error: unknown) => {
        this.current = 'idle';
        this.deps.report(error);
      },
    );
  }

  /** Stops before the next slice (the slice running now finishes). */
  pause(): void {
    this.pausedHere = true;
    if (this.current === 'idle') this.current = 'paused';
  }

  /** Learning may go on: starts a run for whatever waits. */
  resume(): void {
    this.pausedHere = false;
    if (this.current === 'paused') this.current = 'idle';
    this.request();
  }

  /** Resolves once no run goes on (nothing waits, learning is paused, or the run failed). */
  async idle(): Promise<void> {
    while (this.current === 'running') await this.run;
  }

  private async learnUntilDone(): Promise<'idle' | 'paused'> {
    const wait = this.deps.wait ?? sleep;
    this.deps.keepAwake?.(true);
    do {
      this.again = false;
      if (this.pausedHere || (await this.deps.isPaused())) return this.ended('paused');
      for (const lang of await this.deps.waitingLanguages()) {
        for (let more = true; more;) {
          for (let hold; (hold = this.deps.holdOff()) > 0;) await wait(hold);
          if (this.pausedHere) return this.ended('paused');
          more = await this.deps.runSlice(lang);
          if (more) await sleep(0); // a macrotask: events queued behind the slice run first
        }
      }
    } while (this.again);
    return this.ended('idle');
  }

  private ended(state: 'idle' | 'paused'): 'idle' | 'paused' {
    this.deps.keepAwake?.(false);
    return state;
  }
}
