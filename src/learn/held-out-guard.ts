/** The held-out comparison's half-life, in judged words (one in JUDGE_EVERY: about 500 words written). */
const GUARD_HALF_LIFE = 125;
/** Words of evidence needed before a change is judged. */
const GUARD_MIN_WORDS = 12;
/** Every how many words the comparison is scored (it costs a second softmax). */
const JUDGE_EVERY = 4;

/** The guard's state as snapshots keep it. */
export interface GuardState { gain: number; words: number; failures: number; rollbacks: number; counter: number }

/**
 * The guard of a personal change to the model (the output adapter, the LSTM's deltas): one word
 * in JUDGE_EVERY is scored with and without the change *before* the change learns from it, so
 * the text it is judged on (the user's newest) is always held out. After each sample, a change
 * that did worse over recent judged words is rolled back to the last accepted one; a second
 * failure in a row goes back to no change at all (the shipped model).
 */
export class HeldOutGuard implements GuardState {
  /** decayed Σ log(p_with / p_without) over recent held-out words, and their decayed count */
  gain = 0;
  words = 0;
  /** consecutive rollbacks */
  failures = 0;
  rollbacks = 0;
  counter = 0;

  /** Whether the next word should be judged (every JUDGE_EVERY-th word: a sample of the held-out text). */
  wantsJudgement(): boolean { return this.counter++ % JUDGE_EVERY === 0; }

  /** Records how a word not learned yet scored with the change and without it. */
  judge(pWith: number, pWithout: number): void {
    const f = Math.pow(0.5, 1 / GUARD_HALF_LIFE);
    this.gain = this.gain * f + Math.log(Math.max(pWith, 1e-12) / Math.max(pWithout, 1e-12));
    this.words = this.words * f + 1;
  }

  /** After a sample: keep the change, roll it back to the last accepted one, or drop it (a second failure in a row). */
  verdict(): 'kept' | 'rolled back' | 'dropped' {
    if (this.words < GUARD_MIN_WORDS || this.gain >= 0) { this.failures = 0; return 'kept'; }
    this.failures++; this.rollbacks++;
    this.gain = 0; this.words = 0;
    return this.failures > 1 ? 'dropped' : 'rolled back';
  }

  toJSON(): GuardState {
    return { gain: this.gain, words: this.words, failures: this.failures, rollbacks: this.rollbacks, counter: this.counter };
  }

  /** Reads the fields of toJSON() from a snapshot (missing or malformed ones start at zero). */
  static fromJSON(o: object): HeldOutGuard {
    const s = o as Partial<Record<keyof GuardState, unknown>>;
    const g = new HeldOutGuard();
    g.gain = Number(s.gain) || 0; g.words = Number(s.words) || 0; g.failures = Number(s.failures) || 0;
    g.rollbacks = Number(s.rollbacks) || 0; g.counter = Number(s.counter) || 0;
    return g;
  }
}
