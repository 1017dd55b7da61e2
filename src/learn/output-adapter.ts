import { fromBase64, toBase64 } from '../util/base64';
import { mulberry32 } from '../model/random';
/**
 * The fine-tuned personal part of the LSTM: float deltas on top of the int8 base's output layer,
 * which is never modified. Logits become
 *
 *     logits' = logits + bias + up · (down · r)
 *
 * with r the LSTM's projected output. Shapes: V vocabulary, E projection width, R rank.
 * Trained online by SGD, one word at a time, on the words the user wrote; `up` starts at zero
 * (so a fresh adapter changes nothing) and `down` at small seeded random values (LoRA).
 */
export class OutputAdapter {
  readonly bias: Float32Array; // (V)
  readonly down: Float32Array; // (R, E)
  readonly up: Float32Array;   // (V, R)
  /** changes whenever the parameters do (unique across adapters), so cached distributions can be recomputed */
  version = nextVersion();
  private readonly z: Float32Array; // (R) scratch: down · r
  private readonly gz: Float32Array; // (R) scratch: upᵀ · g

  constructor(readonly V: number, readonly E: number, readonly R: number, seed = 1) {
    this.bias = new Float32Array(V);
    this.down = new Float32Array(R * E);
    this.up = new Float32Array(V * R);
    this.z = new Float32Array(R); this.gz = new Float32Array(R);
    const rand = mulberry32(seed);
    for (let i = 0; i < this.down.length; i++) this.down[i] = (rand() - 0.5) * (2 / Math.sqrt(E));
  }

  /** Adds the adapter's deltas to `logits` (V) for the projected output `r` (E), in place. */
  apply(r: Float32Array, logits: Float32Array): void {
    const { V, E, R, bias, down, up, z } = this;
    for (let i = 0; i < V; i++) logits[i] += bias[i];
    if (!R) return;
    for (let k = 0; k < R; k++) { let a = 0; for (let e = 0; e < E; e++) a += down[k * E + e] * r[e]; z[k] = a; }
    for (let i = 0; i < V; i++) { let a = 0; for (let k = 0; k < R; k++) a += up[i * R + k] * z[k]; logits[i] += a; }
  }

  /**
   * One SGD step on −weight · log softmax(logits')[target], where `probs` (V) is that softmax
   * (computed with this adapter applied) and `r` (E) the projected output it came from.
   * `decay` pulls every parameter back toward zero (the base model) a little.
   */
  step(r: Float32Array, probs: Float32Array, target: number, weight: number, lr: number, decay: number): void {
    const { V, E, R, bias, down, up, z, gz } = this;
    const a = lr * weight, keep = 1 - decay;
    // dL/dlogit_i = weight · (p_i − [i = target])
    if (!R) {
      // Biases only (the shipped rank): one branch-free pass over V, the target's −1 after it.
      for (let i = 0; i < V; i++) bias[i] = bias[i] * keep - a * probs[i];
      bias[target] += a;
      this.version = nextVersion();
      return;
    }
    for (let k = 0; k < R; k++) { let s = 0; for (let e = 0; e < E; e++) s += down[k * E + e] * r[e]; z[k] = s; }
    gz.fill(0);
    for (let i = 0; i < V; i++) {
      const g = probs[i] - (i === target ? 1 : 0);
      bias[i] = bias[i] * keep - a * g;
      for (let k = 0; k < R; k++) { const u = up[i * R + k]; gz[k] += u * g; up[i * R + k] = u * keep - a * g * z[k]; }
    }
    for (let k = 0; k < R; k++) for (let e = 0; e < E; e++) down[k * E + e] -= a * gz[k] * r[e];
    this.version = nextVersion();
  }

  /** Copies another adapter's parameters into this one (same shape). */
  copyFrom(o: OutputAdapter): void {
    this.bias.set(o.bias); this.down.set(o.down); this.up.set(o.up);
    this.version = nextVersion();
  }

  clone(): OutputAdapter {
    const c = new OutputAdapter(this.V, this.E, this.R);
    c.copyFrom(this);
    return c;
  }

  /** All parameters in one array (bias, down, up): what a checkpoint stores in binary. */
  params(): Float32Array {
    const all = new Float32Array(this.bias.length + this.down.length + this.up.length);
    all.set(this.bias); all.set(this.down, this.bias.length); all.set(this.up, this.bias.length + this.down.length);
    return all;
  }

  /** Rebuilds an adapter of the given shape from params(); throws TypeError when they do not fit it. */
  static fromParams(shape: { V: number; E: number; R: number }, all: Float32Array): OutputAdapter {
    const ok = (x: unknown, lo: number, hi: number) => Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi;
    if (!shape || !ok(shape.V, 1, 1 << 20) || !ok(shape.E, 1, 4096) || !ok(shape.R, 0, 64)) throw new TypeError('adapter shape is not valid');
    const a = new OutputAdapter(shape.V, shape.E, shape.R);
    const n = a.bias.length + a.down.length + a.up.length;
    if (all.length !== n) throw new TypeError(`adapter has ${all.length * 4} bytes, expected ${n * 4}`);
    if (!all.every(Number.isFinite)) throw new TypeError('adapter parameters are not finite');
    a.bias.set(all.subarray(0, a.bias.length));
    a.down.set(all.subarray(a.bias.length, a.bias.length + a.down.length));
    a.up.set(all.subarray(a.bias.length + a.down.length));
    return a;
  }

  /** A JSON-safe snapshot (for an export): shapes and the parameters as base64 little-endian float32. */
  toJSON(): { V: number; E: number; R: number; params: string } {
    return { V: this.V, E: this.E, R: this.R, params: toBase64(new Uint8Array(this.params().buffer)) };
  }

  /** Rebuilds an adapter from toJSON(); throws TypeError when it is malformed. */
  static fromJSON(o: { V: number; E: number; R: number; params: string }): OutputAdapter {
    if (!o || typeof o !== 'object') throw new TypeError('adapter shape is not valid');
    let bytes: Uint8Array;
    try { bytes = fromBase64(String(o.params), 'adapter parameters'); } catch { throw new TypeError('adapter parameters are not base64'); }
    if (bytes.length % 4) throw new TypeError(`adapter has ${bytes.length} bytes, not whole float32s`);
    return OutputAdapter.fromParams(o, new Float32Array(bytes.slice().buffer));
  }
}

let versions = 0;
const nextVersion = () => ++versions;


/**
 * An adapter fitted to another base vocabulary, carried to this one word by word: `newIds[i]`
 * is the new id of old token i (−1: the new vocabulary lacks the word, its bias is dropped).
 * Only the per-word biases carry over; the low-rank part works in the old LSTM's output space,
 * which a retrained model does not share, so it starts again from zero.
 */
export function remapAdapter(old: OutputAdapter, newIds: Int32Array, V: number, E: number): OutputAdapter {
  if (newIds.length !== old.V) throw new RangeError(`the id map covers ${newIds.length} tokens, the adapter ${old.V}`);
  const out = new OutputAdapter(V, E, old.R);
  for (let i = 0; i < newIds.length; i++) {
    const j = newIds[i];
    if (j >= 0 && j < V) out.bias[j] = old.bias[i];
  }
  return out;
}
