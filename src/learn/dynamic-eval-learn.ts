import type { BaseModel } from '../model/base-model';
import type { FieldRun } from '../model/field-states';
import { zeroState, type LstmState } from '../model/lstm-float';
import { AdaptNormaliser, SegmentGradient, unpackAdaptStats } from '../model/lstm-delta-grad';
import { applyUpdate, DYNAMIC, type DynamicEval } from './dynamic-eval';

/**
 * Feeds the learner's reading of the user's text to dynamic evaluation: the tokens of the
 * learning field's LSTM run are cut into segments of DYNAMIC.segment tokens, each learned
 * (one backward pass, one update of the deltas) once its last token's successor is known.
 * Beside it runs the same text through the LSTM without deltas, so the guard can score a word
 * both ways. Holds only what can be rebuilt: the segment being filled, that plain state, and
 * the gradient machinery of the model.
 */
export class LstmAdaptation {
  private grad?: SegmentGradient;
  private readonly norm: AdaptNormaliser;
  /** the deltas the segment being filled belongs to (a new memory starts afresh) */
  private owner?: DynamicEval;
  private lastState?: LstmState;
  private plain?: LstmState;
  private pending: { start: LstmState; inputs: number[]; targets: number[] };

  /** `adaptMs`: the model's normaliser (model-file section adaptMs). */
  constructor(private readonly base: BaseModel, adaptMs: Float32Array) {
    this.norm = new AdaptNormaliser(unpackAdaptStats(adaptMs, base.lstm.shape), base.lstm.shape);
    this.pending = { start: zeroState(base.lstm.shape), inputs: [], targets: [] };
  }

  /**
   * Reads the learning field's run up to a learned word (`target`, the token after the run) into
   * segments, learning each one that is complete. `outBias(t)`: token t's output bias as
   * predictions use it.
   */
  observe(dyn: DynamicEval, run: FieldRun, target: number, outBias: (t: number) => number): void {
    const lstm = this.base.lstm, shape = lstm.shape, { ids, states } = run, n = ids.length;
    if (dyn !== this.owner) { this.owner = dyn; this.lastState = undefined; this.pending.inputs.length = 0; this.pending.targets.length = 0; }
    let from = this.lastState ? states.lastIndexOf(this.lastState) + 1 : 0;
    if (from === 0) {
      // Not a continuation (a new sample, or the run was rebuilt): learn what is left, then only this word's input.
      this.learnPending(dyn, outBias);
      from = Math.max(0, n - 1);
      this.pending = { start: from > 0 ? states[from - 1] : zeroState(shape), inputs: [], targets: [] };
      let p = zeroState(shape);
      for (let k = 0; k < from; k++) p = lstm.step(p, ids[k], false);
      this.plain = p;
    }
    for (let k = from; k < n; k++) {
      this.plain = lstm.step(this.plain!, ids[k], false);
      this.pending.inputs.push(ids[k]);
      this.pending.targets.push(k + 1 < n ? ids[k + 1] : target);
      if (this.pending.inputs.length >= DYNAMIC.segment) {
        this.learnPending(dyn, outBias);
        this.pending = { start: states[k], inputs: [], targets: [] };
      }
    }
    this.lastState = states[n - 1];
  }

  /**
   * The LSTM-side probability of `target` without the deltas at the end of the last observed
   * run, with the user's output adapter applied by `adjust` (for the guard's comparison).
   */
  plainProb(target: number, adjust?: (r: Float32Array, logits: Float32Array) => void): number {
    if (!this.plain) return NaN;
    const logits = this.base.lstm.logits(this.plain.r, false);
    adjust?.(this.plain.r, logits);
    return this.base.lstm.softmaxAtLogits(target);
  }

  private learnPending(dyn: DynamicEval, outBias: (t: number) => number): void {
    const seg = this.pending;
    if (!seg.inputs.length) return;
    this.grad ??= new SegmentGradient(this.base.lstm.weights(), this.base.lstm, DYNAMIC.segment);
    const g = this.grad.compute(seg, dyn.delta, outBias);
    applyUpdate(dyn.delta, g, this.norm);
  }
}
