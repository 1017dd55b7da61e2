import { paramLayout, type LstmShape } from './shapes';
import { logSumExp } from './math';

/** Recurrent state of one stream: c (H) and r (E). */
export interface LstmState { c: Float32Array; r: Float32Array }

export function zeroState({ E, H }: LstmShape): LstmState {
  return { c: new Float32Array(H), r: new Float32Array(E) };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Plain-JS float reference of one LSTM step (the ground truth that the WebAssembly trainer and
 * the int8 kernels are tested against). Returns the new state; `state` is not modified.
 */
export function stepFloat(params: Float32Array, shape: LstmShape, state: LstmState, token: number): LstmState {
  const { E, H } = shape, L = paramLayout(shape);
  const xr = new Float32Array(2 * E);
  xr.set(params.subarray(L.emb + token * E, L.emb + token * E + E), 0);
  xr.set(state.r, E);
  const z = Float64Array.from(params.subarray(L.b, L.b + 4 * H));
  for (let k = 0; k < 2 * E; k++) {
    const v = xr[k], row = L.W + k * 4 * H;
    for (let j = 0; j < 4 * H; j++) z[j] += v * params[row + j];
  }
  const c = new Float32Array(H), h = new Float64Array(H);
  for (let j = 0; j < H; j++) {
    const i = sigmoid(z[j]), f = sigmoid(z[H + j]), g = Math.tanh(z[2 * H + j]), o = sigmoid(z[3 * H + j]);
    c[j] = f * state.c[j] + i * g;
    h[j] = o * Math.tanh(c[j]);
  }
  const r = new Float32Array(E);
  for (let j = 0; j < H; j++) for (let e = 0; e < E; e++) r[e] += h[j] * params[L.Wp + j * E + e];
  return { c, r };
}

/** Logits (V) of the next word given the projected output r (E): emb · r + bv. */
export function logitsFloat(params: Float32Array, shape: LstmShape, r: Float32Array): Float32Array {
  const { V, E } = shape, L = paramLayout(shape);
  const out = new Float32Array(V);
  for (let v = 0; v < V; v++) {
    let s = params[L.bv + v];
    const row = L.emb + v * E;
    for (let e = 0; e < E; e++) s += params[row + e] * r[e];
    out[v] = s;
  }
  return out;
}

/** log-softmax of logits, in float64 for stable tests. */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  const lse = logSumExp(logits), out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i] - lse;
  return out;
}
