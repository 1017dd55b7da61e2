import { OutputAdapter } from './output-adapter';
import { DynamicEval } from './dynamic-eval';
import { HeldOutGuard } from './held-out-guard';

/**
 * SGD step size; pull toward the base per step; rank of the low-rank part (0: output biases
 * only — rank 8 measured worse on the public writers, see docs/engine.md); whether to tune.
 * The step was 0.1, tuned over the v1 base; over v2 that step lost top-3 on the writers' later
 * mail (adapt text learned, test text not: top-3 −1.4 % relative, against +1.6 % with no adapter),
 * and 0.01–0.05 all did better than both (docs/engine.md, "Measured").
 */
export const TUNING: Readonly<{ lr: number; decay: number; rank: number; on: boolean }> = Object.freeze({ lr: 0.03, decay: 1e-4, rank: 0, on: true });
/**
 * Incremental fine-tuning of the personal output adapter with a guard against harm
 * (HeldOutGuard): words are scored with the adapter and with the plain base before the adapter
 * trains on them, and after each sample (one update) an adapter that did worse on that recent
 * held-out text is rolled back.
 */
export class FineTuner {
  /** the adapter predictions use */
  adapter: OutputAdapter;
  /** the last accepted adapter */
  private good: OutputAdapter;
  /** the comparison with the plain base */
  guard = new HeldOutGuard();
  /** the LSTM's own deltas (dynamic evaluation) with their guard, if the model supports them */
  lstm?: DynamicEval;

  constructor(V: number, E: number, R = TUNING.rank) {
    this.adapter = new OutputAdapter(V, E, R);
    this.good = this.adapter.clone();
  }

  /** Whether the next word should be judged (see HeldOutGuard). */
  wantsJudgement(): boolean { return this.guard.wantsJudgement(); }

  /** Records how the adapter and the plain base scored a word it has not trained on yet. */
  judge(pAdapted: number, pPlain: number): void { this.guard.judge(pAdapted, pPlain); }

  get rollbacks(): number { return this.guard.rollbacks; }

  /** One SGD step on a word (see OutputAdapter.step). */
  train(r: Float32Array, probs: Float32Array, target: number, weight: number): void {
    this.adapter.step(r, probs, target, weight, TUNING.lr, TUNING.decay);
  }

  /** After a sample: keep the update if the adapter is not worse than the base on held-out words, else roll back. */
  endSample(): 'kept' | 'rolled back' {
    this.lstm?.endSample();
    const verdict = this.guard.verdict();
    if (verdict === 'kept') { this.good.copyFrom(this.adapter); return 'kept'; }
    if (verdict === 'dropped') { this.good.bias.fill(0); this.good.up.fill(0); }
    this.adapter.copyFrom(this.good);
    return 'rolled back';
  }

  /** A snapshot for an export: meta() with the adapter's parameters and the LSTM's deltas in base64. */
  toJSON(): object {
    return { ...this.meta(), adapter: this.good.toJSON(), ...(this.lstm ? { lstm: this.lstm.toJSON() } : {}) };
  }

  /** The snapshot without the parameters, which a checkpoint stores in binary (adapterParams()). */
  meta(): object {
    const { V, E, R } = this.good;
    return { adapter: { V, E, R }, ...this.guard.toJSON(), ...(this.lstm ? { lstm: this.lstm.meta() } : {}) };
  }

  /**
   * The last accepted adapter's parameters (OutputAdapter.params()), followed by the LSTM's
   * deltas (LstmDelta.toBytes(), whole 32-bit words) when there are any: the checkpoint's binary part.
   */
  adapterParams(): Float32Array {
    const params = this.good.params(), delta = this.lstm?.deltaBytes();
    if (!delta) return params;
    const all = new Float32Array(params.length + delta.length / 4);
    all.set(params);
    new Uint8Array(all.buffer, params.byteLength).set(delta);
    return all;
  }

  /**
   * Restores the last accepted adapter from toJSON(), or from meta() and adapterParams();
   * throws TypeError on a malformed snapshot.
   */
  static fromJSON(o: unknown, params?: Float32Array): FineTuner {
    const s = o as { adapter: Parameters<typeof OutputAdapter.fromJSON>[0]; lstm?: unknown };
    if (!s || typeof s !== 'object' || !s.adapter) throw new TypeError('not a fine-tuning snapshot');
    const n = s.adapter.V + s.adapter.R * s.adapter.E + s.adapter.V * s.adapter.R;
    const own = params && s.lstm !== undefined ? params.subarray(0, n) : params;
    const a = own ? OutputAdapter.fromParams(s.adapter, own) : OutputAdapter.fromJSON(s.adapter);
    const t = new FineTuner(a.V, a.E, a.R);
    t.adapter = a; t.good = a.clone();
    t.guard = HeldOutGuard.fromJSON(s);
    if (s.lstm !== undefined) {
      const rest = params?.subarray(n);
      t.lstm = DynamicEval.fromJSON(s.lstm, rest && new Uint8Array(rest.buffer, rest.byteOffset, rest.byteLength));
    }
    return t;
  }
}
