import { Kernels, type Region } from './kernels';
import { checkShape, paramLayout, type LstmShape, type ParamLayout } from './shapes';

/** One training batch: B parallel streams of T+1 tokens and the softmax candidates. */
export interface Batch {
  /** (T+1, B) token ids, time-major: inputs are rows 0..T−1, targets rows 1..T */
  tokens: Int32Array;
  /** (S) candidate word ids of the softmax (all of 0..V−1 for a full softmax) */
  cands: Int32Array;
  /** (S) log of each candidate's sampling probability (zeros for a full softmax) */
  logQ: Float32Array;
  /** (T·B) index into cands of each target, −1 to skip the row */
  targetCol: Int32Array;
}

/**
 * Forward and backward of the LSTM-with-projection over a (T, B) batch, on WebAssembly kernels.
 * Owns its parameters and gradients in one flat buffer each (views `params`, `grads`) and the
 * recurrent state carried from one batch to the next (truncated BPTT).
 */
export class LstmTrainer {
  readonly k: Kernels;
  readonly shape: LstmShape;
  readonly layout: ParamLayout;
  readonly B: number;
  readonly T: number;
  readonly maxS: number;
  private r: Record<string, Region> = {};

  constructor(shape: LstmShape, B: number, T: number, maxS: number) {
    checkShape(shape);
    this.shape = shape; this.B = B; this.T = T; this.maxS = maxS;
    this.layout = paramLayout(shape);
    const { E, H } = shape, N = B * T, k = (this.k = new Kernels());
    const a = (name: string, n: number) => { this.r[name] = k.alloc(n); };
    a('params', this.layout.total); a('grads', this.layout.total);
    a('XR', N * 2 * E);   // (N, 2E) [x_t ; r_{t−1}] per row
    a('Z', N * 4 * H);    // (N, 4H) gate activations
    a('C', N * H); a('TC', N * H); a('Hs', N * H); // (N, H) c_t, tanh(c_t), h_t
    a('R', N * E);        // (N, E) r_t
    a('c0', B * H); a('r0', B * E); a('c0prev', B * H); // carried state; c0prev = c_{−1} of this batch
    a('Y', N * E);        // (N, E) r_t after dropout
    a('cand', maxS * E);  // (S, E) candidate embeddings
    a('logits', N * maxS);
    a('tgt', N);
    a('dY', N * E); a('dCand', maxS * E);
    a('dZ', N * 4 * H); a('dh', B * H); a('dc', B * H); a('dXR', B * 2 * E); a('dR', N * E);
    a('dropX', N * E); a('dropY', N * E);
  }

  view(name: string): Float32Array { return this.k.f32(this.r[name]); }
  get params(): Float32Array { return this.view('params'); }
  get grads(): Float32Array { return this.view('grads'); }
  private p(name: string): number { return this.r[name].ptr; }
  private pp(offset: number): number { return this.r.params.ptr + offset * 4; }
  private gp(offset: number): number { return this.r.grads.ptr + offset * 4; }

  /** Zeroes the carried recurrent state (start of an epoch). */
  resetState(): void { this.view('c0').fill(0); this.view('r0').fill(0); }

  /**
   * Runs forward and backward over one batch, accumulating into `grads` (zeroed first).
   * Returns the summed cross-entropy (nats) and the number of counted targets.
   * dropout: probability of dropping embedding inputs and outputs; rand: uniform [0,1) source;
   * backward = false only evaluates the loss (and still carries the state); gateWeights = false
   * leaves the gate weights' gradient out (zero), for a caller that does not adapt them.
   */
  forwardBackward(batch: Batch, dropout = 0, rand: () => number = Math.random, backward = true, gateWeights = true): { loss: number; count: number } {
    const { E, H } = this.shape, { B, T } = this, N = B * T, L = this.layout, fn = this.k.fn;
    const S = batch.cands.length;
    if (S > this.maxS) throw new RangeError(`${S} candidates exceed the trainer's ${this.maxS}`);
    const params = this.params, grads = this.grads;
    grads.fill(0);
    const XR = this.view('XR'), R = this.view('R'), dropX = this.view('dropX'), dropY = this.view('dropY');
    fillDropout(dropX, dropout, rand); fillDropout(dropY, dropout, rand);

    // Embedding lookup (with dropout) into the x half of XR rows.
    for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) {
      const row = t * B + b, id = batch.tokens[t * B + b], src = L.emb + id * E, dst = row * 2 * E;
      for (let e = 0; e < E; e++) XR[dst + e] = params[src + e] * dropX[row * E + e];
    }
    // Recurrence.
    const Z = this.r.Z.ptr, C = this.r.C.ptr, TC = this.r.TC.ptr, Hs = this.r.Hs.ptr;
    const r0 = this.view('r0'), c0 = this.view('c0');
    const bias = params.subarray(L.b, L.b + 4 * H), Zv = this.view('Z');
    this.view('c0prev').set(c0);
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) { // r_{t−1} into the r half of XR
        const dst = (t * B + b) * 2 * E + E;
        if (t === 0) XR.set(r0.subarray(b * E, b * E + E), dst);
        else XR.set(R.subarray(((t - 1) * B + b) * E, ((t - 1) * B + b) * E + E), dst);
      }
      const zt = Z + t * B * 4 * H * 4;
      for (let b = 0; b < B; b++) Zv.set(bias, (t * B + b) * 4 * H);
      fn.matmul(this.p('XR') + t * B * 2 * E * 4, this.pp(L.W), zt, B, 2 * E, 4 * H, true);
      const cPrev = t === 0 ? this.p('c0prev') : C + (t - 1) * B * H * 4;
      fn.lstmCellForward(zt, cPrev, C + t * B * H * 4, TC + t * B * H * 4, Hs + t * B * H * 4, B, H);
      fn.matmul(Hs + t * B * H * 4, this.pp(L.Wp), this.p('R') + t * B * E * 4, B, H, E, false);
    }
    // Carry the final state to the next batch (detached).
    c0.set(this.view('C').subarray((T - 1) * B * H, T * B * H));
    r0.set(R.subarray((T - 1) * B * E, T * B * E));

    // Output layer over the candidates.
    const Y = this.view('Y');
    for (let i = 0; i < N * E; i++) Y[i] = R[i] * dropY[i];
    const cand = this.view('cand');
    for (let s = 0; s < S; s++) cand.set(params.subarray(L.emb + batch.cands[s] * E, L.emb + batch.cands[s] * E + E), s * E);
    fn.matmulBT(this.p('Y'), this.p('cand'), this.p('logits'), N, E, S, false);
    const logits = this.k.f32({ ptr: this.p('logits'), length: N * S });
    const colBias = new Float32Array(S);
    for (let s = 0; s < S; s++) colBias[s] = params[L.bv + batch.cands[s]] - batch.logQ[s];
    for (let n = 0; n < N; n++) { const o = n * S; for (let s = 0; s < S; s++) logits[o + s] += colBias[s]; }
    this.k.i32(this.r.tgt).set(batch.targetCol);
    let count = 0;
    for (let n = 0; n < N; n++) if (batch.targetCol[n] >= 0) count++;
    const loss = fn.softmaxXent(this.p('logits'), this.p('tgt'), N, S, 1 / Math.max(1, count));
    if (!backward) return { loss, count };

    // Backward: output layer. logits now hold dL/dlogits.
    for (let n = 0; n < N; n++) {
      const o = n * S;
      for (let s = 0; s < S; s++) grads[L.bv + batch.cands[s]] += logits[o + s];
    }
    fn.matmul(this.p('logits'), this.p('cand'), this.p('dY'), N, S, E, false);      // dY (N,E)
    this.view('dCand').fill(0, 0, S * E);
    fn.matmulAT(this.p('logits'), this.p('Y'), this.p('dCand'), N, S, E);         // dCand (S,E)
    const dCand = this.view('dCand');
    for (let s = 0; s < S; s++) {
      const dst = L.emb + batch.cands[s] * E;
      for (let e = 0; e < E; e++) grads[dst + e] += dCand[s * E + e];
    }
    const dY = this.view('dY'), dR = this.view('dR');
    for (let i = 0; i < N * E; i++) dR[i] = dY[i] * dropY[i];

    // Backward through time.
    const dh = this.p('dh'), dc = this.p('dc'), dXR = this.view('dXR');
    this.view('dc').fill(0);
    for (let t = T - 1; t >= 0; t--) {
      const dRt = this.p('dR') + t * B * E * 4;
      fn.matmulBT(dRt, this.pp(L.Wp), dh, B, E, H, false);                           // dh (B,H)
      const cPrev = t === 0 ? this.p('c0prev') : C + (t - 1) * B * H * 4;
      fn.lstmCellBackward(Z + t * B * 4 * H * 4, cPrev, TC + t * B * H * 4, dh, dc,
        this.p('dZ') + t * B * 4 * H * 4, B, H);
      fn.matmulBT(this.p('dZ') + t * B * 4 * H * 4, this.pp(L.W), this.p('dXR'), B, 4 * H, 2 * E, false); // (B,2E)
      for (let b = 0; b < B; b++) {
        const row = t * B + b, src = b * 2 * E, id = batch.tokens[t * B + b], dst = L.emb + id * E;
        for (let e = 0; e < E; e++) grads[dst + e] += dXR[src + e] * dropX[row * E + e];
        if (t > 0) { const o = ((t - 1) * B + b) * E; for (let e = 0; e < E; e++) dR[o + e] += dXR[src + E + e]; }
      }
    }
    if (gateWeights) fn.matmulAT(this.p('XR'), this.p('dZ'), this.gp(L.W), N, 2 * E, 4 * H); // dW (2E,4H)
    fn.matmulAT(Hs, this.p('dR'), this.gp(L.Wp), N, H, E);                           // dWp (H,E)
    const dZ = this.view('dZ');
    for (let n = 0; n < N; n++) { const o = n * 4 * H; for (let j = 0; j < 4 * H; j++) grads[L.b + j] += dZ[o + j]; }
    return { loss, count };
  }
}

function fillDropout(mask: Float32Array, p: number, rand: () => number): void {
  if (p <= 0) { mask.fill(1); return; }
  const keep = 1 / (1 - p);
  for (let i = 0; i < mask.length; i++) mask[i] = rand() < p ? 0 : keep;
}
