import type { LstmShape } from './shapes';

/** At most this many embedding rows carry a delta (the smallest are dropped past it). */
export const MAX_DELTA_ROWS = 1024;
/** A row whose largest delta falls below this is dropped (decay has brought it back to the base). */
const ROW_FLOOR = 1e-7;

/** Bytes of toBytes()'s header. */
const HEADER = 20;

let versions = 0;
const nextVersion = () => ++versions;

/**
 * Float deltas on top of the int8 LSTM, which is never modified: the user's dynamic evaluation
 * (src/learn/dynamic-eval.ts). Dense for the small parameters — the gate bias `db` (4H) and the
 * projection `dWp` (H, E), row j = cell j, the trainer's layout — and sparse for the tied
 * embedding: a delta row (E) per token the user's text touched, which moves that word both as
 * input and as output. All zero (or absent) is the shipped model exactly.
 */
export class LstmDelta {
  readonly db: Float32Array;
  readonly dWp: Float32Array;
  /** (2E, 4H) the gate weights' delta, row k = input k of [x ; r] (the trainer's layout); empty when they are not adapted */
  readonly dW: Float32Array;
  readonly rows = new Map<number, Float32Array>();
  /** changes whenever a value does (unique across deltas), so a cached projection copy is refreshed */
  version = nextVersion();

  constructor(readonly shape: LstmShape, gates = false) {
    this.db = new Float32Array(4 * shape.H);
    this.dWp = new Float32Array(shape.H * shape.E);
    this.dW = new Float32Array(gates ? 8 * shape.E * shape.H : 0);
  }

  /** The delta row of a token, created (zero) when `create`; undefined if it has none. */
  row(token: number, create = false): Float32Array | undefined {
    let r = this.rows.get(token);
    if (!r && create) { r = new Float32Array(this.shape.E); this.rows.set(token, r); }
    return r;
  }

  /** Marks the values changed (after writing into the arrays). */
  touch(): void { this.version = nextVersion(); }

  /** Drops rows decayed back to zero, then the smallest rows past MAX_DELTA_ROWS. */
  prune(limit = MAX_DELTA_ROWS): void {
    const size = (r: Float32Array) => { let m = 0; for (const x of r) m = Math.max(m, Math.abs(x)); return m; };
    for (const [t, r] of this.rows) if (size(r) < ROW_FLOOR) this.rows.delete(t);
    if (this.rows.size <= limit) return;
    const bySize = [...this.rows].map(([t, r]) => ({ t, s: size(r) })).sort((a, b) => a.s - b.s);
    for (let i = 0; i < bySize.length - limit; i++) this.rows.delete(bySize[i].t);
  }

  /** Largest absolute delta anywhere (0: the shipped model). */
  get magnitude(): number {
    let m = 0;
    for (const a of [this.db, this.dWp, this.dW, ...this.rows.values()]) for (const x of a) m = Math.max(m, Math.abs(x));
    return m;
  }

  copyFrom(o: LstmDelta): void {
    if (o.dW.length !== this.dW.length) throw new RangeError('copying LSTM deltas of another kind');
    this.db.set(o.db); this.dWp.set(o.dWp); this.dW.set(o.dW);
    this.rows.clear();
    for (const [t, r] of o.rows) this.rows.set(t, r.slice());
    this.touch();
  }

  clone(): LstmDelta {
    const c = new LstmDelta(this.shape, this.dW.length > 0);
    c.copyFrom(this);
    return c;
  }

  clear(): void { this.db.fill(0); this.dWp.fill(0); this.dW.fill(0); this.rows.clear(); this.touch(); }

  /**
   * Binary form, little-endian: u32 V, E, H, row count n, gates (0 or 1) | f32 db (4H) |
   * f32 dWp (H·E) | f32 dW (2E·4H, when gates is 1) | n × (u32 token, f32 row (E)).
   */
  toBytes(): Uint8Array {
    const { V, E, H } = this.shape, n = this.rows.size, dense = this.db.length + this.dWp.length + this.dW.length;
    const out = new ArrayBuffer(HEADER + 4 * dense + n * 4 * (1 + E));
    const dv = new DataView(out);
    [V, E, H, n, this.dW.length ? 1 : 0].forEach((x, i) => dv.setUint32(4 * i, x, true));
    const f = new Float32Array(out, HEADER, dense);
    f.set(this.db); f.set(this.dWp, this.db.length); f.set(this.dW, this.db.length + this.dWp.length);
    let off = HEADER + 4 * f.length;
    for (const [t, r] of [...this.rows].sort((a, b) => a[0] - b[0])) {
      dv.setUint32(off, t, true);
      new Float32Array(out, off + 4, E).set(r);
      off += 4 * (1 + E);
    }
    return new Uint8Array(out);
  }

  /** Reads toBytes() (for a model of `shape`, if given); throws TypeError when the bytes are malformed or do not fit it. */
  static fromBytes(bytes: Uint8Array, shape?: LstmShape): LstmDelta {
    if (bytes.length < HEADER) throw new TypeError('LSTM delta is truncated');
    const copy = bytes.slice().buffer, dv = new DataView(copy);
    const [v, e, h, n, gates] = [0, 1, 2, 3, 4].map((i) => dv.getUint32(4 * i, true));
    if (shape && (v !== shape.V || e !== shape.E || h !== shape.H)) throw new TypeError(`LSTM delta is for V=${v}, E=${e}, H=${h}, not this model's V=${shape.V}, E=${shape.E}, H=${shape.H}`);
    const V = v, E = e, H = h;
    if (!(V >= 1 && V <= 1 << 20 && E >= 1 && E <= 4096 && H >= 1 && H <= 8192)) throw new TypeError('LSTM delta shape is not valid');
    shape = { V, E, H };
    if (gates > 1) throw new TypeError('LSTM delta has a bad header');
    const dense = 4 * H + H * E + gates * 8 * E * H;
    if (n > V || bytes.length !== HEADER + 4 * dense + n * 4 * (1 + E)) throw new TypeError('LSTM delta has the wrong length');
    const d = new LstmDelta(shape, gates === 1), f = new Float32Array(copy, HEADER, dense);
    if (!f.every(Number.isFinite)) throw new TypeError('LSTM delta is not finite');
    d.db.set(f.subarray(0, 4 * H)); d.dWp.set(f.subarray(4 * H, 4 * H + H * E)); d.dW.set(f.subarray(4 * H + H * E));
    let off = HEADER + 4 * dense;
    for (let i = 0; i < n; i++, off += 4 * (1 + E)) {
      const t = dv.getUint32(off, true), r = new Float32Array(copy.slice(off + 4, off + 4 + 4 * E));
      if (t >= V || d.rows.has(t) || !r.every(Number.isFinite)) throw new TypeError('LSTM delta has a bad row');
      d.rows.set(t, r);
    }
    return d;
  }
}
