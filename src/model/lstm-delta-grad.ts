import { LstmTrainer, type Batch } from './lstm-train';
import { Int8Lstm, type Int8Weights } from './lstm-int8';
import { QGROUP, type QuantizedRows } from './quantize';
import type { LstmDelta } from './lstm-delta';
import type { LstmState } from './lstm-float';
import type { LstmShape } from './shapes';

/**
 * The softmax of a segment's gradient runs over the HEAD most frequent tokens plus the
 * segment's own: the rest of the vocabulary holds little of the probability, and the full
 * 20 k-row softmax would cost most of the backward pass.
 */
export const GRADIENT_HEAD = 1024;

/** One segment of the user's text: the state before it, and each input token with the token that followed. */
export interface Segment { start: LstmState; inputs: readonly number[]; targets: readonly number[] }

/** The gradient of a segment's mean cross-entropy with respect to the adapted parameters. */
export interface DeltaGradient {
  db: Float32Array;
  dWp: Float32Array;
  rows: Map<number, Float32Array>;
  /** mean cross-entropy (nats) of the segment's targets */
  loss: number;
  /** the gate weights' gradient (2E, 4H), only when asked for (the normaliser's statistics) */
  dW?: Float32Array;
}

/** Float copy of int8 rows (rows, cols), transposed: out[c · rows + r]. */
function dequantizeTransposed(m: QuantizedRows): Float32Array {
  const out = new Float32Array(m.rows * m.cols), groups = m.cols / QGROUP;
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) out[c * m.rows + r] = m.q[r * m.cols + c] * m.scale[r * groups + Math.floor(c / QGROUP)];
  return out;
}

/**
 * Backpropagation through a short segment of the LSTM with its float deltas (the WebAssembly
 * trainer at one stream, on the dequantized weights): what dynamic evaluation steps on. The
 * gate weights are fixed (not adapted); the gate bias, the projection and the embedding rows of
 * the segment's tokens are.
 */
export class SegmentGradient {
  readonly shape: LstmShape;
  private readonly trainer: LstmTrainer;
  private readonly head: number;
  private readonly headRows: Float32Array;
  private readonly wp0: Float32Array;
  private readonly w0: Float32Array;
  /** the trainer's gate weights hold a delta (to be reset to w0 before a segment without one) */
  private gatesMoved = false;
  private readonly b0: Float32Array;
  private readonly row = new Float32Array(0);

  constructor(private readonly weights: Int8Weights, private readonly lstm: Int8Lstm, readonly T: number, head = GRADIENT_HEAD) {
    const { V, E, H } = weights.shape;
    this.shape = weights.shape;
    this.head = Math.min(head, V);
    this.trainer = new LstmTrainer({ V: this.head + 2 * T, E, H }, 1, T, this.head + 2 * T);
    const L = this.trainer.layout, p = this.trainer.params;
    this.w0 = dequantizeTransposed(weights.gates);      // gates (4H, 2E) → W (2E, 4H)
    p.set(this.w0, L.W);
    this.wp0 = dequantizeTransposed(weights.proj);     // proj (E, H) → Wp (H, E)
    this.b0 = weights.gateBias;
    this.headRows = new Float32Array(this.head * E);
    this.row = new Float32Array(E);
    for (let t = 0; t < this.head; t++) { lstm.baseEmbedding(t, this.row); this.headRows.set(this.row, t * E); }
  }

  /**
   * Forward and backward over the segment (at most T inputs) with `delta` applied; `outBias(t)`
   * is token t's output bias as predictions use it (the model's plus the user's fine-tuned one).
   * `gateWeights` also returns the gate weights' gradient (the normaliser's statistics need it).
   */
  compute(seg: Segment, delta: LstmDelta | undefined, outBias: (token: number) => number, gateWeights = false, backward = true): DeltaGradient {
    const { E, H } = this.shape, { T, head } = this, n = seg.inputs.length;
    if (n < 1 || n > T || seg.targets.length !== n) throw new RangeError(`a segment has 1 to ${T} inputs with a target each, not ${n}`);
    const tr = this.trainer, L = tr.layout, p = tr.params;
    // Local rows: the head tokens keep their ids, the segment's other tokens follow.
    const local = new Map<number, number>();
    const rowOf = (t: number) => {
      if (t < head) return t;
      let r = local.get(t);
      if (r === undefined) { r = head + local.size; local.set(t, r); }
      return r;
    };
    const tokens = new Int32Array(T + 1), targetCol = new Int32Array(T).fill(-1);
    for (let i = 0; i < n; i++) { tokens[i] = rowOf(seg.inputs[i]); targetCol[i] = rowOf(seg.targets[i]); }
    const S = head + local.size;
    p.set(this.headRows, L.emb);
    for (const [t, r] of local) { this.lstm.baseEmbedding(t, this.row); p.set(this.row, L.emb + r * E); }
    for (let t = 0; t < head; t++) p[L.bv + t] = outBias(t);
    for (const [t, r] of local) p[L.bv + r] = outBias(t);
    const gates = (delta?.dW.length ?? 0) > 0;
    sum(p.subarray(L.b, L.b + 4 * H), this.b0, delta?.db);
    sum(p.subarray(L.Wp, L.Wp + H * E), this.wp0, delta?.dWp);
    if (gates || this.gatesMoved) { sum(p.subarray(L.W, L.W + 8 * E * H), this.w0, gates ? delta!.dW : undefined); this.gatesMoved = gates; }
    if (delta) {
      for (const [t, d] of delta.rows) {
        const r = t < head ? t : local.get(t);
        if (r === undefined) continue;
        for (let e = 0; e < E; e++) p[L.emb + r * E + e] += d[e];
      }
    }
    tr.view('c0').set(seg.start.c); tr.view('r0').set(seg.start.r);
    const cands = new Int32Array(S);
    for (let s = 0; s < S; s++) cands[s] = s;
    const batch: Batch = { tokens, cands, logQ: new Float32Array(S), targetCol };
    gateWeights ||= gates;
    const { loss, count } = tr.forwardBackward(batch, 0, Math.random, backward, gateWeights);
    const g = tr.grads, rows = new Map<number, Float32Array>();
    if (backward) for (const t of [...seg.inputs, ...seg.targets]) {
      if (rows.has(t)) continue;
      const r = rowOf(t);
      rows.set(t, g.slice(L.emb + r * E, L.emb + r * E + E));
    }
    return {
      db: g.slice(L.b, L.b + 4 * H), dWp: g.slice(L.Wp, L.Wp + H * E), rows, loss: loss / Math.max(1, count),
      ...(gateWeights ? { dW: g.slice(L.W, L.W + 8 * E * H) } : {}),
    };
  }
}

/** out = base + delta (or base alone). */
function sum(out: Float32Array, base: Float32Array, delta?: Float32Array): void {
  if (!delta) { out.set(base); return; }
  for (let i = 0; i < out.length; i++) out[i] = base[i] + delta[i];
}

/** Buckets of embedding rows for their gradient statistics: by log frequency rank (ids are most frequent first). */
export const EMB_BUCKETS = 64;
export const embBucket = (token: number) => Math.min(EMB_BUCKETS - 1, Math.floor(4 * Math.log2(token + 1)));

/**
 * Mean squared training gradients of the adapted parameters (model-file section `adaptMs`,
 * models/FORMAT.md): the fixed normaliser of dynamic evaluation. Matrices are summarised by
 * the mean over each row and over each column, and a value's is estimated as row · col / mean
 * (exact when the squares are an outer product), so the section stays small.
 */
export interface AdaptStats {
  b: Float32Array;       // (4H)
  wpRow: Float32Array;   // (H)
  wpCol: Float32Array;   // (E)
  wRow: Float32Array;    // (2E)
  wCol: Float32Array;    // (4H)
  embBucket: Float32Array; // (EMB_BUCKETS)
  embCol: Float32Array;  // (E)
}

export function adaptStatsLength({ E, H }: LstmShape): number { return 4 * H + H + E + 2 * E + 4 * H + EMB_BUCKETS + E; }

export function packAdaptStats(s: AdaptStats): Float32Array {
  const parts = [s.b, s.wpRow, s.wpCol, s.wRow, s.wCol, s.embBucket, s.embCol];
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

export function unpackAdaptStats(a: Float32Array, { E, H }: LstmShape): AdaptStats {
  if (a.length !== adaptStatsLength({ V: 0, E, H })) throw new RangeError(`adaptMs has ${a.length} values, expected ${adaptStatsLength({ V: 0, E, H })}`);
  let off = 0;
  const take = (n: number) => a.slice(off, (off += n));
  return { b: take(4 * H), wpRow: take(H), wpCol: take(E), wRow: take(2 * E), wCol: take(4 * H), embBucket: take(EMB_BUCKETS), embCol: take(E) };
}

/** Accumulates the squared gradients of segments into AdaptStats (averaged over segments). */
export class AdaptStatsAccumulator {
  private readonly s: AdaptStats;
  private readonly bucketRows = new Float64Array(EMB_BUCKETS);
  segments = 0;

  constructor(private readonly shape: LstmShape) {
    const { V, E, H } = shape;
    this.s = { b: new Float32Array(4 * H), wpRow: new Float32Array(H), wpCol: new Float32Array(E), wRow: new Float32Array(2 * E), wCol: new Float32Array(4 * H), embBucket: new Float32Array(EMB_BUCKETS), embCol: new Float32Array(E) };
    for (let t = 0; t < V; t++) this.bucketRows[embBucket(t)]++;
  }

  add(g: DeltaGradient): void {
    const { E, H } = this.shape, s = this.s;
    for (let j = 0; j < 4 * H; j++) s.b[j] += g.db[j] ** 2;
    for (let j = 0; j < H; j++) for (let e = 0; e < E; e++) { const x = g.dWp[j * E + e] ** 2; s.wpRow[j] += x / E; s.wpCol[e] += x / H; }
    if (g.dW) for (let k = 0; k < 2 * E; k++) for (let j = 0; j < 4 * H; j++) { const x = g.dW[k * 4 * H + j] ** 2; s.wRow[k] += x / (4 * H); s.wCol[j] += x / (2 * E); }
    for (const [t, r] of g.rows) for (let e = 0; e < E; e++) {
      const x = r[e] ** 2;
      s.embBucket[embBucket(t)] += x / (this.bucketRows[embBucket(t)] * E);
      s.embCol[e] += x / this.shape.V;
    }
    this.segments++;
  }

  /** The means so far. */
  result(): AdaptStats {
    const n = Math.max(1, this.segments), f = (a: Float32Array) => a.map((x) => x / n);
    const s = this.s;
    return { b: f(s.b), wpRow: f(s.wpRow), wpCol: f(s.wpCol), wRow: f(s.wRow), wCol: f(s.wCol), embBucket: f(s.embBucket), embCol: f(s.embCol) };
  }
}

/** The per-value RMS of the adapted parameters, expanded from AdaptStats, and their mean (the decay's reference). */
export class AdaptNormaliser {
  readonly b: Float32Array;
  readonly wp: Float32Array;
  /** (2E, 4H) */
  readonly w: Float32Array;
  private readonly embBucket: Float32Array;
  private readonly embCol: Float32Array;
  /** mean RMS over every parameter with statistics (the embedding's over all V rows; the gate weights' whether adapted or not) */
  readonly mean: number;

  constructor(stats: AdaptStats, shape: LstmShape) {
    const { V, E, H } = shape, mean = (a: Float32Array) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
    this.b = stats.b.map(Math.sqrt);
    const wpMean = Math.max(mean(stats.wpRow), 1e-30);
    this.wp = new Float32Array(H * E);
    for (let j = 0; j < H; j++) for (let e = 0; e < E; e++) this.wp[j * E + e] = Math.sqrt((stats.wpRow[j] * stats.wpCol[e]) / wpMean);
    const wMean = Math.max(mean(stats.wRow), 1e-30);
    this.w = new Float32Array(8 * E * H);
    for (let k = 0; k < 2 * E; k++) for (let j = 0; j < 4 * H; j++) this.w[k * 4 * H + j] = Math.sqrt((stats.wRow[k] * stats.wCol[j]) / wMean);
    const embMean = Math.max(mean(stats.embCol), 1e-30);
    this.embBucket = stats.embBucket.map((x) => Math.sqrt(x / embMean));
    this.embCol = stats.embCol.map(Math.sqrt);
    let sum = 0;
    for (const x of this.b) sum += x;
    for (const x of this.wp) sum += x;
    for (const x of this.w) sum += x;
    let embSum = 0;
    for (let t = 0; t < V; t++) embSum += this.embBucket[embBucket(t)];
    sum += (embSum * this.embCol.reduce((x, y) => x + y, 0));
    this.mean = sum / (this.b.length + this.wp.length + this.w.length + V * E);
  }

  /** RMS of embedding value (token, e). */
  emb(token: number, e: number): number { return this.embBucket[embBucket(token)] * this.embCol[e]; }

  private tables?: { decay: number; eps: number; b: StepTable; wp: StepTable; w: StepTable };

  /** For each dense part, what the update multiplies by (1/(rms + eps), and 1 − the decay's pull), computed once per setting. */
  stepTables(decay: number, eps: number): { b: StepTable; wp: StepTable; w: StepTable } {
    const t = this.tables;
    if (t && t.decay === decay && t.eps === eps) return t;
    const table = (rms: Float32Array): StepTable => ({
      inv: rms.map((s) => 1 / (s + eps)),
      keep: rms.map((s) => 1 - Math.min(1, (decay * s) / this.mean)),
    });
    this.tables = { decay, eps, b: table(this.b), wp: table(this.wp), w: table(this.w) };
    return this.tables;
  }
}

/** Per value of a dense part: 1/(rms + eps) and 1 − the decay's pull toward the base. */
export interface StepTable { inv: Float32Array; keep: Float32Array }
