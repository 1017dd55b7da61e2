import { LstmDelta } from '../model/lstm-delta';
import type { AdaptNormaliser, DeltaGradient } from '../model/lstm-delta-grad';
import type { LstmShape } from '../model/shapes';
import { fromBase64, toBase64 } from '../util/base64';
import { HeldOutGuard } from './held-out-guard';

/**
 * Dynamic evaluation (Krause et al., ICML 2018), with its RMS normaliser fixed from training
 * gradients: after each segment of the user's text,
 *
 *     δ ← δ − lr · g / (rms + eps) − min(1, decay · rms / mean rms) · δ
 *
 * on the float deltas δ = θ − θ₀ over the int8 base θ₀ (the decay pulls them back to the base).
 * `segment` is in tokens; `gates`: the gate weights (2E, 4H) adapt too, densely; `on` is the
 * default of the ablation switch (`--no-lstm-adapt`). Tuned on the public writers (mixture
 * perplexity of their test text after learning adapt.txt, docs/engine.md): lr 2·10⁻⁴ and
 * 3·10⁻⁴ made it worse, 6·10⁻⁵ was as good; decay 5·10⁻⁴ worse, 2·10⁻³–10⁻² alike; segments
 * of 5 and 20 no better; the gate weights doubled the gain.
 */
export const DYNAMIC: Readonly<{ lr: number; decay: number; eps: number; segment: number; on: boolean; gates: boolean }> = Object.freeze({
  lr: 1e-4, decay: 5e-3, eps: 1e-5, segment: 10, on: true, gates: true,
});

/** One dynamic-evaluation step of `delta` toward a segment's gradient (see DYNAMIC). */
export function applyUpdate(delta: LstmDelta, g: Pick<DeltaGradient, 'db' | 'dWp' | 'rows' | 'dW'>, norm: AdaptNormaliser, lr = DYNAMIC.lr, decay = DYNAMIC.decay, eps = DYNAMIC.eps): void {
  const mean = norm.mean;
  const step = (d: Float32Array, grad: Float32Array | undefined, rms: (i: number) => number) => {
    for (let i = 0; i < d.length; i++) {
      const s = rms(i), pull = Math.min(1, (decay * s) / mean);
      d[i] = d[i] - pull * d[i] - (grad ? (lr * grad[i]) / (s + eps) : 0);
    }
  };
  step(delta.db, g.db, (i) => norm.b[i]);
  step(delta.dWp, g.dWp, (i) => norm.wp[i]);
  if (delta.dW.length) step(delta.dW, g.dW, (i) => norm.w[i]);
  for (const t of g.rows.keys()) delta.row(t, true);
  for (const [t, row] of delta.rows) step(row, g.rows.get(t), (e) => norm.emb(t, e));
  delta.prune();
  delta.touch();
}

/**
 * The user's LSTM deltas with their guard (HeldOutGuard), as the personal memory keeps them:
 * `delta` is what predictions use, `good` the last accepted. Words are scored with and without
 * the deltas before the segment holding them is learned; after each sample, deltas that did
 * worse than the base LSTM on that recent text go back to the last accepted ones.
 */
export class DynamicEval {
  delta: LstmDelta;
  private good: LstmDelta;
  guard = new HeldOutGuard();

  constructor(readonly shape: LstmShape, readonly model: string, gates = DYNAMIC.gates) {
    this.delta = new LstmDelta(shape, gates);
    this.good = this.delta.clone();
  }

  get rollbacks(): number { return this.guard.rollbacks; }

  endSample(): 'kept' | 'rolled back' {
    const verdict = this.guard.verdict();
    if (verdict === 'kept') { this.good.copyFrom(this.delta); return 'kept'; }
    if (verdict === 'dropped') this.good.clear();
    this.delta.copyFrom(this.good);
    return 'rolled back';
  }

  /** The snapshot without the deltas, which a checkpoint stores in binary (deltaBytes()). */
  meta(): object { return { model: this.model, ...this.guard.toJSON() }; }

  /** The last accepted deltas (LstmDelta.toBytes()). */
  deltaBytes(): Uint8Array { return this.good.toBytes(); }

  /** A snapshot for an export: meta() with the deltas in base64. */
  toJSON(): object { return { ...this.meta(), delta: toBase64(this.deltaBytes()) }; }

  /** Restores toJSON(), or meta() and deltaBytes(); throws TypeError when malformed. */
  static fromJSON(o: unknown, bytes?: Uint8Array): DynamicEval {
    const s = o as { model: string; delta?: string };
    if (!s || typeof s !== 'object' || (!bytes && typeof s.delta !== 'string')) throw new TypeError('not an LSTM delta snapshot');
    if (!bytes) try { bytes = fromBase64(s.delta!, 'LSTM delta'); } catch { throw new TypeError('LSTM delta is not base64'); }
    const delta = LstmDelta.fromBytes(bytes), d = new DynamicEval(delta.shape, String(s.model ?? ''), delta.dW.length > 0);
    d.delta = delta; d.good = delta.clone();
    d.guard = HeldOutGuard.fromJSON(s);
    return d;
  }
}
