import { Int8Lstm } from './lstm-int8';
import type { LstmDelta } from './lstm-delta';
import { ngramEvidence, ngramMix, ngramProb } from './ngram';
import { gateCell } from './gate';
import type { ModelData } from './model-file';
import { FieldStates, FIELD_CAPACITY, type FieldRun } from './field-states';
import { Vocabulary, BOS } from '../text/vocab';

/**
 * A change made to the LSTM's output logits before the softmax (the user's fine-tuned adapter,
 * supplied from above: the model knows only this shape). `version` changes whenever `apply` would.
 */
export interface LogitAdjuster {
  readonly version: number;
  apply(r: Float32Array, logits: Float32Array): void;
  /** the user's float deltas of the LSTM's own weights (dynamic evaluation), applied to every step; `version` changes with them too */
  readonly lstmDelta?: LstmDelta;
}

/** The distribution at a context in full, as learning needs it. */
export interface DetailedDistribution {
  /** (E) the LSTM's output state */
  r: Float32Array;
  /** (V) the gated mixture: the base distribution */
  probs: Float32Array;
  /** (V) the LSTM's own softmax (adjusted) */
  lstmProbs: Float32Array;
  /** the n-gram's probability of a token at this context */
  ngramProb(token: number): number;
  /** the gate's weight on the n-gram */
  lambda: number;
  /** the unadjusted LSTM's probability of the token asked for (NaN if none was) */
  plain: number;
  /** the field's LSTM run (its tokens and the state after each) */
  run: FieldRun;
}

/**
 * The base distribution over the vocabulary after a context: the int8 LSTM (through an optional
 * logit adjuster) mixed with the model's n-gram by the context gate. One per model; state is kept
 * per field in `fields`.
 */
export class BaseModel {
  readonly vocab: Vocabulary;
  readonly lstm: Int8Lstm;
  readonly fields: FieldStates;
  private readonly lstmProbs: Float32Array;
  private adjuster: () => LogitAdjuster | undefined = () => undefined;
  /** the model file's data but the LSTM's weights, which only the LSTM keeps (Int8Lstm.weights() reads them back) */
  readonly model: Omit<ModelData, 'weights'>;

  constructor(model: ModelData, fieldCapacity = FIELD_CAPACITY) {
    this.vocab = new Vocabulary(model.words, model.display);
    if (this.vocab.size !== model.weights.shape.V) throw new RangeError(`vocabulary has ${this.vocab.size} tokens but the LSTM ${model.weights.shape.V}`);
    this.lstm = new Int8Lstm(model.weights);
    const { weights: _copied, ...rest } = model;
    this.model = rest;
    this.fields = new FieldStates(this.lstm, this.vocab, fieldCapacity);
    this.lstmProbs = new Float32Array(model.weights.shape.V);
  }

  /** Where the logit adjuster comes from (asked at each computation; undefined for none). */
  setAdjuster(source: () => LogitAdjuster | undefined): void { this.adjuster = source; }

  /** The next-token distribution (V) after the context; cached per field. The array is reused: copy what you keep. */
  nextWordProbs(context: string, field: string): Float32Array {
    const adjuster = this.adjusted(), run = this.fields.run(field, context);
    if (run.probs && run.probsFor === run.ids.length && run.probsVersion === adjuster?.version) return run.probs;
    this.compute(run, adjuster);
    return run.probs!;
  }

  /**
   * The distribution after the context with its parts (for learning), computed afresh; the
   * field's cache keeps it. `plainFor`: also the unadjusted LSTM's probability of that token.
   */
  detailed(context: string, field: string, plainFor?: number): DetailedDistribution {
    const adjuster = this.adjusted(), run = this.fields.run(field, context);
    const { lambda, plain } = this.compute(run, adjuster, plainFor), ids = run.ids, [u, v] = this.ngramContext(ids);
    return { r: run.states[ids.length - 1].r, probs: run.probs!, lstmProbs: this.lstmProbs, ngramProb: (t) => ngramProb(this.model.ngram, u, v, t), lambda, plain, run };
  }

  /**
   * The adjuster now, its LSTM deltas installed for the steps to come. When the deltas are
   * replaced (a reset, another memory) the cached states were made with others: all go.
   */
  private adjusted(): LogitAdjuster | undefined {
    const adjuster = this.adjuster(), delta = adjuster?.lstmDelta;
    if (delta !== this.lstm.delta) { this.lstm.delta = delta; this.fields.clear(); }
    return adjuster;
  }

  /** The n-gram's context (its last two tokens) at the end of a run's ids. */
  private ngramContext(ids: readonly number[]): [number, number] {
    return [ids.length >= 2 ? ids[ids.length - 2] : BOS, ids[ids.length - 1]];
  }

  private compute(run: FieldRun, adjuster: LogitAdjuster | undefined, plainFor?: number): { lambda: number; plain: number } {
    const ids = run.ids, r = run.states[ids.length - 1].r, out = (run.probs ??= new Float32Array(this.lstm.shape.V));
    const logits = this.lstm.logits(r);
    // Without an adjuster the plain probability is read from the softmax itself.
    let plain = plainFor !== undefined && adjuster ? this.lstm.softmaxAtLogits(plainFor) : NaN;
    adjuster?.apply(r, logits);
    this.lstm.softmaxOfLogits(out);
    this.lstmProbs.set(out);
    if (plainFor !== undefined && !adjuster) plain = out[plainFor];
    const [u, v] = this.ngramContext(ids), ng = this.model.ngram;
    const lambda = this.model.gate[gateCell(ngramEvidence(ng, u, v))];
    ngramMix(ng, u, v, out, 1 - lambda, lambda);
    run.probsFor = ids.length; run.probsVersion = adjuster?.version;
    return { lambda, plain };
  }
}
