import { Kernels, type Region } from './kernels';
import { QGROUP, type QuantizedRows } from './quantize';
import { dequantizeRow4, type SplitRows } from './quantize4';
import type { LstmShape } from './shapes';
import type { LstmState } from './lstm-float';
import type { LstmDelta } from './lstm-delta';

/** The int8 weights of an LSTM with projection (the tied embedding int8 or 4-bit), laid out for matrix–vector kernels. */
export interface Int8Weights {
  shape: LstmShape;
  emb: QuantizedRows | SplitRows; // (V, E), all int8 or frequent rows int8 and the rest 4-bit
  gates: QuantizedRows;   // (4H, 2E): row j = gate unit j over [x_t ; r_{t−1}], order i|f|g|o
  gateBias: Float32Array; // (4H)
  proj: QuantizedRows;    // (E, H): row e = projection unit e over h_t
  outBias: Float32Array;  // (V)
}

/**
 * Inference on int8 weights that live only in WebAssembly memory: the kernels read them
 * directly, no float copy of a weight matrix exists. One instance serves many streams; the
 * caller owns each stream's LstmState.
 */
export class Int8Lstm {
  readonly shape: LstmShape;
  private readonly k = new Kernels();
  private readonly r: Record<string, Region> = {};
  /** rows of the embedding held in int8 (all of them, or the frequent head of a split one) */
  private readonly int8Rows: number;
  /** the user's float deltas applied on top (undefined: the shipped model), and the version copied into WebAssembly */
  private deltaNow?: LstmDelta;
  private deltaCopied = -1;
  /** the tokens of the delta rows packed in region `rows`, in order */
  private rowTokens = new Int32Array(0);
  /** (V) the shipped output bias, kept in JS too (small) for the adaptation's arithmetic */
  readonly outBias: Float32Array;

  constructor(w: Int8Weights) {
    this.shape = w.shape;
    const { V, E, H } = w.shape;
    // The kernels take a mat-vec's input ([x ; r] of 2E, or h of H) in a static int16 scratch.
    const most = this.k.fn.maxInput();
    if (2 * E > most || H > most) throw new RangeError(`an int8 LSTM takes E ≤ ${most / 2} and H ≤ ${most}, not E = ${E}, H = ${H}`);
    const head = w.emb.bits === 4 ? w.emb.head : w.emb;
    this.int8Rows = head.rows;
    const put = (name: string, data: Int8Array | Uint8Array | Float32Array) => {
      const region = this.k.alloc(data.length, data.BYTES_PER_ELEMENT);
      this.r[name] = region;
      (data instanceof Int8Array ? this.k.i8(region) : data instanceof Uint8Array ? this.k.u8(region) : this.k.f32(region)).set(data);
    };
    put('emb', head.q); put('embScale', head.scale);
    if (w.emb.bits === 4) { put('emb4', w.emb.tail.q); put('emb4Scale', w.emb.tail.scale); }
    put('gates', w.gates.q); put('gateScale', w.gates.scale); put('gateBias', w.gateBias);
    put('proj', w.proj.q); put('projScale', w.proj.scale); put('outBias', w.outBias);
    this.outBias = w.outBias;
    for (const [name, n] of [['xr', 2 * E], ['z', 4 * H], ['cPrev', H], ['c', H], ['tc', H], ['h', H], ['logits', V]] as const) {
      this.r[name] = this.k.alloc(n);
    }
  }

  /**
   * The shipped weights, copied out of WebAssembly memory. The kernels' copy is the only one kept
   * (the model file's arrays can go once the LSTM is built: 2.5 MB for English), so this is for
   * setting up what needs them as arrays (dynamic evaluation's gradient), not for each step.
   */
  weights(): Int8Weights {
    const { V, E, H } = this.shape, f32 = (n: string) => this.k.f32(this.r[n]).slice();
    const rows = (name: string, scale: string, n: number, cols: number) => ({ rows: n, cols, q: this.k.i8(this.r[name]).slice(), scale: f32(scale) });
    const head = rows('emb', 'embScale', this.int8Rows, E);
    const emb = !this.r.emb4 ? head : {
      bits: 4 as const, rows: V, cols: E, head,
      tail: { rows: V - this.int8Rows, cols: E, q: this.k.u8(this.r.emb4).slice(), scale: f32('emb4Scale') },
    };
    return { shape: this.shape, emb, gates: rows('gates', 'gateScale', 4 * H, 2 * E), gateBias: f32('gateBias'), proj: rows('proj', 'projScale', E, H), outBias: f32('outBias') };
  }

  /** Bytes of WebAssembly memory held (weights + scratch). */
  get bytes(): number { return this.k.bytes; }

  private f(name: string): Float32Array { return this.k.f32(this.r[name]); }

  /** The float deltas applied on top of the int8 weights (src/model/lstm-delta.ts); undefined for none. */
  get delta(): LstmDelta | undefined { return this.deltaNow; }
  set delta(d: LstmDelta | undefined) { this.deltaNow = d; }

  /** The delta to apply (`adapted` false: the shipped weights alone), its projection copied into WebAssembly memory. */
  private active(adapted: boolean): LstmDelta | undefined {
    const d = adapted ? this.deltaNow : undefined;
    if (d && this.deltaCopied !== d.version) {
      // Regions for the deltas are made on first use (the memory grows: views are taken after this).
      this.r.dWp ??= this.k.alloc(d.dWp.length);
      this.f('dWp').set(d.dWp);
      if (d.dW.length) { this.r.dW ??= this.k.alloc(d.dW.length); this.f('dW').set(d.dW); }
      // The embedding's delta rows packed for one matrix–vector product per logits.
      const n = d.rows.size, E = this.shape.E;
      if (!this.r.rows || this.r.rows.length < n * E) { this.r.rows = this.k.alloc(Math.max(n, 64) * 2 * E); this.r.rowDots = this.k.alloc(Math.max(n, 64) * 2); }
      const packed = this.f('rows');
      this.rowTokens = new Int32Array(n);
      let i = 0;
      for (const [t, row] of d.rows) { this.rowTokens[i] = t; packed.set(row, i * E); i++; }
      this.deltaCopied = d.version;
    }
    return d;
  }

  /** Runs one token; returns the new state (the input state is not modified). `adapted` false ignores the delta. */
  step(state: LstmState, token: number, adapted = true): LstmState {
    const { E, H } = this.shape, fn = this.k.fn, d = this.active(adapted);
    const xr = this.f('xr');
    this.embedding(token, xr, d);
    xr.set(state.r, E);
    this.f('cPrev').set(state.c);
    fn.matvecI8(this.r.gates.ptr, this.r.gateScale.ptr, this.r.xr.ptr, this.r.z.ptr, 4 * H, 2 * E, false);
    if (d?.dW.length) fn.matmul(this.r.xr.ptr, this.r.dW.ptr, this.r.z.ptr, 1, 2 * E, 4 * H, true); // + [x ; r]ᵀ · dW
    const z = this.f('z'), b = this.f('gateBias');
    for (let j = 0; j < 4 * H; j++) z[j] += b[j];
    if (d) for (let j = 0; j < 4 * H; j++) z[j] += d.db[j];
    fn.lstmCellForward(this.r.z.ptr, this.r.cPrev.ptr, this.r.c.ptr, this.r.tc.ptr, this.r.h.ptr, 1, H);
    // r_t = proj · h_t, written into xr's first E floats as scratch, then copied out.
    fn.matvecI8(this.r.proj.ptr, this.r.projScale.ptr, this.r.h.ptr, this.r.xr.ptr, E, H, false);
    if (d) fn.matmul(this.r.h.ptr, this.r.dWp.ptr, this.r.xr.ptr, 1, H, E, true); // + hᵀ · dWp
    return { c: this.f('c').slice(), r: this.f('xr').slice(0, E) };
  }

  /** Writes the embedding of `token` (E floats) into the start of `out`, with its delta row. */
  private embedding(token: number, out: Float32Array, d?: LstmDelta): void {
    this.baseEmbedding(token, out);
    const row = d?.row(token);
    if (row) for (let e = 0; e < row.length; e++) out[e] += row[e];
  }

  /** The shipped embedding row of `token` (E floats) into the start of `out`. */
  baseEmbedding(token: number, out: Float32Array): void {
    const E = this.shape.E;
    if (token >= this.int8Rows) {
      dequantizeRow4({ q: this.k.u8(this.r.emb4), scale: this.k.f32(this.r.emb4Scale), cols: E }, token - this.int8Rows, out);
      return;
    }
    const emb = this.k.i8(this.r.emb), scale = this.k.f32(this.r.embScale), groups = E / QGROUP;
    for (let e = 0; e < E; e++) out[e] = emb[token * E + e] * scale[token * groups + Math.floor(e / QGROUP)];
  }

  /** Next-token logits (V) for the projected output r (E). The returned view is reused. `adapted` false ignores the delta. */
  logits(r: Float32Array, adapted = true): Float32Array {
    const { V, E } = this.shape, d = this.active(adapted);
    this.f('xr').set(r);
    this.f('logits').set(this.f('outBias'));
    const h = this.int8Rows, fn = this.k.fn;
    fn.matvecI8(this.r.emb.ptr, this.r.embScale.ptr, this.r.xr.ptr, this.r.logits.ptr, h, E, true);
    if (h < V) fn.matvecI4(this.r.emb4.ptr, this.r.emb4Scale.ptr, this.r.xr.ptr, this.r.logits.ptr + 4 * h, V - h, E, true);
    // The tied embedding's delta rows move those words' outputs too.
    const n = d ? this.rowTokens.length : 0;
    if (n) {
      fn.matmulBT(this.r.xr.ptr, this.r.rows.ptr, this.r.rowDots.ptr, 1, E, n, false);
      const dots = this.k.f32(this.r.rowDots), out = this.f('logits');
      for (let i = 0; i < n; i++) out[this.rowTokens[i]] += dots[i];
    }
    return this.f('logits');
  }

  /**
   * The softmax of the logits last returned by logits() (as they are now: an adjuster may have
   * changed them in place) into `out`, computed in WebAssembly with a vectorized exp (a scalar
   * Math.exp per word was a sixth of a prediction); returns their log-sum-exp.
   */
  softmaxOfLogits(out: Float32Array): number {
    const lse = this.k.fn.softmax(this.r.logits.ptr, this.r.logits.ptr, this.shape.V);
    out.set(this.f('logits'));
    return lse;
  }

  /** softmax(logits)[token] of the logits last returned by logits() (as they are now), without writing them. */
  softmaxAtLogits(token: number): number {
    return Math.exp(this.f('logits')[token] - this.k.fn.logSumExp(this.r.logits.ptr, this.shape.V));
  }
}
