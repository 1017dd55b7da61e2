import { LstmDelta } from '../model/lstm-delta';
import type { AdaptNormaliser, DeltaGradient, StepTable } from '../model/lstm-delta-grad';
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
 * of 5 and 20 no better; the gate weights doubled the gain. **Off by default**: on the same
 * writers' KSR it changed nothing (+1.59 points of personal gain with it, +1.60 without; without
 * the embedding rows +1.58, at lr 5·10⁻⁵ +1.58) while learning took 2.3 times as long
 * (docs/engine.md, "Dynamic evaluation of the LSTM").
 */
export const DYNAMIC: Readonly<{ lr: number; decay: number; eps: number; segment: number; on: boolean; gates: boolean }> = Object.freeze({
  lr: 1e-4, decay: 5e-3, eps: 1e-5, segment: 10, on: false, gates: true,
});

/** One dynamic-evaluation step of `delta` toward a segment's gradient (see DYNAMIC). */
export function applyUpdate(delta: LstmDelta, g: Pick<DeltaGradient, 'db' | 'dWp' | 'rows' | 'dW'>, norm: AdaptNormaliser, lr = DYNAMIC.lr, decay = DYNAMIC.decay, eps = DYNAMIC.eps): void {
  const t = norm.stepTables(decay, eps);
  dense(delta.db, g.db, t.b, lr);
  dense(delta.dWp, g.dWp, t.wp, lr);
  if (delta.dW.length) dense(delta.dW, g.dW, t.w, lr);
  for (const tok of g.rows.keys()) delta.row(tok, true);
  const E = delta.shape.E;
  for (const [tok, row] of delta.rows) {
    const grad = g.rows.get(tok);
    for (let e = 0; e < E; e++) {
      const s = norm.emb(tok, e), keep = 1 - Math.min(1, (decay * s) / norm.mean);
      row[e] = row[e] * keep - (grad ? (lr * grad[e]) / (s + eps) : 0);
    }
  }
  delta.prune();
  delta.touch();
}

/** δ ← δ · keep − lr · g / (rms + eps), value by value (no gradient: the decay alone). */
function dense(d: Float32Array, grad: Float32Array | undefined, t: StepTable, lr: number): void {
  const { inv, keep } = t;
  if (!grad) { for (let i = 0; i < d.length; i++) d[i] *= keep[i]; return; }
  for (let i = 0; i < d.length; i++) d[i] = d[i] * keep[i] - lr * grad[i] * inv[i];
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
