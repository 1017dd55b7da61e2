import { OutputAdapter } from './output-adapter';

/**
 * SGD step size; pull toward the base per step; rank of the low-rank part (0: output biases
 * only — rank 8 measured worse on the public writers, see docs/engine.md); whether to tune.
 */
export const TUNING: Readonly<{ lr: number; decay: number; rank: number; on: boolean }> = Object.freeze({ lr: 0.1, decay: 1e-4, rank: 0, on: true });
/** The held-out comparison's half-life, in judged words (one in JUDGE_EVERY: about 500 words written). */
const GUARD_HALF_LIFE = 125;
/** Words of evidence needed before an adapter is judged. */
const GUARD_MIN_WORDS = 12;
/** Every how many words the plain base is scored for the comparison (it costs a second softmax). */
const JUDGE_EVERY = 4;

/**
 * Incremental fine-tuning of the personal output adapter with a guard against harm. One word in
 * four is scored twice *before* the adapter trains on it — with the adapter and with the plain
 * base — so the text it is judged on (the user's newest) is always held out from its training. After each sample
 * (one update), if the adapter has done worse than the plain base on that recent held-out
 * text, the update is rolled back to the last adapter that did not; a second failure in a row
 * goes back to nothing (the base model).
 */
export class FineTuner {
  /** the adapter predictions use */
  adapter: OutputAdapter;
  /** the last accepted adapter */
  private good: OutputAdapter;
  /** decayed Σ log(p_adapted / p_plain) over recent held-out words, and their decayed count */
  gain = 0;
  words = 0;
  /** consecutive rollbacks */
  private failures = 0;
  rollbacks = 0;
  private counter = 0;

  constructor(V: number, E: number, R = TUNING.rank) {
    this.adapter = new OutputAdapter(V, E, R);
    this.good = this.adapter.clone();
  }

  /** Whether the next word should be judged (every JUDGE_EVERY-th word: a sample of the held-out text). */
  wantsJudgement(): boolean { return this.counter++ % JUDGE_EVERY === 0; }

  /** Records how the adapter and the plain base scored a word it has not trained on yet. */
  judge(pAdapted: number, pPlain: number): void {
    const f = Math.pow(0.5, 1 / GUARD_HALF_LIFE);
    this.gain = this.gain * f + Math.log(Math.max(pAdapted, 1e-12) / Math.max(pPlain, 1e-12));
    this.words = this.words * f + 1;
  }

  /** One SGD step on a word (see OutputAdapter.step). */
  train(r: Float32Array, probs: Float32Array, target: number, weight: number): void {
    this.adapter.step(r, probs, target, weight, TUNING.lr, TUNING.decay);
  }

  /** After a sample: keep the update if the adapter is not worse than the base on held-out words, else roll back. */
  endSample(): 'kept' | 'rolled back' {
    if (this.words < GUARD_MIN_WORDS || this.gain >= 0) {
      this.good.copyFrom(this.adapter); this.failures = 0;
      return 'kept';
    }
    this.failures++; this.rollbacks++;
    if (this.failures > 1) { this.good.bias.fill(0); this.good.up.fill(0); }
    this.adapter.copyFrom(this.good);
    this.gain = 0; this.words = 0;
    return 'rolled back';
  }

  /** A snapshot for an export: meta() with the adapter's parameters in base64. */
  toJSON(): object {
    return { ...this.meta(), adapter: this.good.toJSON() };
  }

  /** The snapshot without the adapter's parameters, which a checkpoint stores in binary (adapterParams()). */
  meta(): object {
    const { V, E, R } = this.good;
    return { adapter: { V, E, R }, gain: this.gain, words: this.words, failures: this.failures, rollbacks: this.rollbacks, counter: this.counter };
  }

  /** The last accepted adapter's parameters (OutputAdapter.params()). */
  adapterParams(): Float32Array { return this.good.params(); }

  /**
   * Restores the last accepted adapter from toJSON(), or from meta() and adapterParams();
   * throws TypeError on a malformed snapshot.
   */
  static fromJSON(o: unknown, params?: Float32Array): FineTuner {
    const s = o as { adapter: Parameters<typeof OutputAdapter.fromJSON>[0]; gain: number; words: number; failures: number; rollbacks: number; counter?: number };
    if (!s || typeof s !== 'object' || !s.adapter) throw new TypeError('not a fine-tuning snapshot');
    const a = params ? OutputAdapter.fromParams(s.adapter, params) : OutputAdapter.fromJSON(s.adapter);
    const t = new FineTuner(a.V, a.E, a.R);
    t.adapter = a; t.good = a.clone();
    t.gain = Number(s.gain) || 0; t.words = Number(s.words) || 0; t.failures = Number(s.failures) || 0; t.rollbacks = Number(s.rollbacks) || 0;
    t.counter = Number(s.counter) || 0;
    return t;
  }
}
