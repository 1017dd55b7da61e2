// AssemblyScript WebAssembly SIMD kernels for the LSTM (compiled by `npm run build:wasm`).
// Every pointer is a byte offset into the module's linear memory; matrices are row-major f32
// unless named i8. Column counts of SIMD loops must be multiples of 4 (f32) or 16 (i8), and the
// int8 inference kernels' of QGROUP = 64. Nothing pads: shapes.ts rejects training shapes that
// are not multiples of 16, and model-file.ts int8 models whose E or H is not a multiple of 64.

/** C(M,N) (+)= A(M,K) · B(K,N). Four rows of A at a time so each B row is loaded once per four. */
export function matmul(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  if (!accumulate) memory.fill(c, 0, <usize>(M * N) << 2);
  const rowBytes = <usize>N << 2;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const c0 = c + <usize>(i * N) * 4, c1 = c0 + rowBytes, c2 = c1 + rowBytes, c3 = c2 + rowBytes;
    const a0 = a + <usize>(i * K) * 4, a1 = a0 + (<usize>K << 2), a2 = a1 + (<usize>K << 2), a3 = a2 + (<usize>K << 2);
    for (let k = 0; k < K; k++) {
      const ko = <usize>k << 2;
      const s0 = f32x4.splat(load<f32>(a0 + ko)), s1 = f32x4.splat(load<f32>(a1 + ko));
      const s2 = f32x4.splat(load<f32>(a2 + ko)), s3 = f32x4.splat(load<f32>(a3 + ko));
      const brow = b + <usize>k * rowBytes;
      for (let j: usize = 0; j < rowBytes; j += 16) {
        const bv = v128.load(brow + j);
        v128.store(c0 + j, f32x4.add(v128.load(c0 + j), f32x4.mul(s0, bv)));
        v128.store(c1 + j, f32x4.add(v128.load(c1 + j), f32x4.mul(s1, bv)));
        v128.store(c2 + j, f32x4.add(v128.load(c2 + j), f32x4.mul(s2, bv)));
        v128.store(c3 + j, f32x4.add(v128.load(c3 + j), f32x4.mul(s3, bv)));
      }
    }
  }
  for (; i < M; i++) {
    const c0 = c + <usize>(i * N) * 4, a0 = a + <usize>(i * K) * 4;
    for (let k = 0; k < K; k++) {
      const s0 = f32x4.splat(load<f32>(a0 + (<usize>k << 2)));
      const brow = b + <usize>k * rowBytes;
      for (let j: usize = 0; j < rowBytes; j += 16) {
        v128.store(c0 + j, f32x4.add(v128.load(c0 + j), f32x4.mul(s0, v128.load(brow + j))));
      }
    }
  }
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** C(M,N) (+)= A(M,K) · B(N,K)ᵀ: dot products of rows (K % 4 == 0). */
export function matmulBT(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  const kb = <usize>K << 2;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = a + <usize>i * kb, a1 = a0 + kb, a2 = a1 + kb, a3 = a2 + kb;
    for (let j = 0; j < N; j++) {
      const br = b + <usize>j * kb;
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      for (let k: usize = 0; k < kb; k += 16) {
        const bv = v128.load(br + k);
        s0 = f32x4.add(s0, f32x4.mul(v128.load(a0 + k), bv));
        s1 = f32x4.add(s1, f32x4.mul(v128.load(a1 + k), bv));
        s2 = f32x4.add(s2, f32x4.mul(v128.load(a2 + k), bv));
        s3 = f32x4.add(s3, f32x4.mul(v128.load(a3 + k), bv));
      }
      const o = c + (<usize>(i * N + j) << 2), nb = <usize>N << 2;
      store<f32>(o, hsum(s0) + (accumulate ? load<f32>(o) : 0));
      store<f32>(o + nb, hsum(s1) + (accumulate ? load<f32>(o + nb) : 0));
      store<f32>(o + 2 * nb, hsum(s2) + (accumulate ? load<f32>(o + 2 * nb) : 0));
      store<f32>(o + 3 * nb, hsum(s3) + (accumulate ? load<f32>(o + 3 * nb) : 0));
    }
  }
  for (; i < M; i++) {
    const a0 = a + <usize>i * kb;
    for (let j = 0; j < N; j++) {
      const br = b + <usize>j * kb;
      let s0 = f32x4.splat(0);
      for (let k: usize = 0; k < kb; k += 16) s0 = f32x4.add(s0, f32x4.mul(v128.load(a0 + k), v128.load(br + k)));
      const o = c + (<usize>(i * N + j) << 2);
      store<f32>(o, hsum(s0) + (accumulate ? load<f32>(o) : 0));
    }
  }
}

/** C(K,N) += A(M,K)ᵀ · B(M,N): weight gradients. Four rows of C at a time (N % 4 == 0). */
export function matmulAT(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32): void {
  const nb = <usize>N << 2, kb = <usize>K << 2;
  let k = 0;
  for (; k + 4 <= K; k += 4) {
    const c0 = c + <usize>k * nb, c1 = c0 + nb, c2 = c1 + nb, c3 = c2 + nb;
    for (let m = 0; m < M; m++) {
      const ar = a + <usize>m * kb + (<usize>k << 2);
      const x0 = load<f32>(ar), x1 = load<f32>(ar, 4), x2 = load<f32>(ar, 8), x3 = load<f32>(ar, 12);
      if (x0 == 0 && x1 == 0 && x2 == 0 && x3 == 0) continue;
      const s0 = f32x4.splat(x0), s1 = f32x4.splat(x1), s2 = f32x4.splat(x2), s3 = f32x4.splat(x3);
      const br = b + <usize>m * nb;
      for (let j: usize = 0; j < nb; j += 16) {
        const bv = v128.load(br + j);
        v128.store(c0 + j, f32x4.add(v128.load(c0 + j), f32x4.mul(s0, bv)));
        v128.store(c1 + j, f32x4.add(v128.load(c1 + j), f32x4.mul(s1, bv)));
        v128.store(c2 + j, f32x4.add(v128.load(c2 + j), f32x4.mul(s2, bv)));
        v128.store(c3 + j, f32x4.add(v128.load(c3 + j), f32x4.mul(s3, bv)));
      }
    }
  }
  for (; k < K; k++) {
    const c0 = c + <usize>k * nb;
    for (let m = 0; m < M; m++) {
      const s0 = f32x4.splat(load<f32>(a + <usize>m * kb + (<usize>k << 2)));
      const br = b + <usize>m * nb;
      for (let j: usize = 0; j < nb; j += 16) v128.store(c0 + j, f32x4.add(v128.load(c0 + j), f32x4.mul(s0, v128.load(br + j))));
    }
  }
}

/** The longest input vector the int8 and 4-bit mat-vecs take (their int16 scratch XQ). */
const MAX_INPUT: i32 = 2048;
/**
 * Scratch for an input vector in int16: after the kernels' static data, in the first page, which
 * the allocator in index.ts leaves to them (no data segment of zeros to ship).
 */
const XQ: usize = (__heap_base + 15) & ~15;

/** Where the kernels' static data and scratch end: index.ts checks it lies within the first page. */
export function staticEnd(): usize { return XQ + (<usize>MAX_INPUT << 1); }

export function maxInput(): i32 { return MAX_INPUT; }

/**
 * Writes x(K) as int16 into XQ, x ≈ XQ · s with s = max|x| / 32767, and returns s (0 when x
 * is all zeros). The mat-vec kernels then multiply integers: a 16-bit input adds at most
 * max|x|/65534 of error per element, far below the weights' own 8- or 4-bit steps.
 */
function quantizeInput(x: usize, K: i32): f32 {
  const kb = <usize>K << 2;
  let m = f32x4.splat(0);
  for (let k: usize = 0; k < kb; k += 16) m = f32x4.max(m, f32x4.abs(v128.load(x + k)));
  const mx = max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  if (!(mx > 0)) { memory.fill(XQ, 0, <usize>K << 1); return 0; }
  const inv = f32x4.splat(32767 / mx);
  for (let k: usize = 0; k < kb; k += 32) {
    const a = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(x + k), inv)));
    const b = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(x + k, 16), inv)));
    v128.store(XQ + (k >> 1), i16x8.narrow_i32x4_s(a, b));
  }
  return mx / 32767;
}

/**
 * out(R) = Σ_g scale(R, g) · (W_i8(R, group g) · x(group g)) (+ out when accumulate): the int8
 * inference kernel. Each row has one scale per QGROUP = 64 columns (K % 64 == 0). x is taken
 * in int16 (quantizeInput): integer dot products, one conversion to float per group.
 */
export function matvecI8(w: usize, scale: usize, x: usize, out: usize, R: i32, K: i32, accumulate: bool): void {
  const groups = K >> 6, xs = quantizeInput(x, K);
  for (let r = 0; r < R; r++) {
    const row = w + <usize>r * <usize>K, srow = scale + (<usize>(r * groups) << 2);
    let acc = f32x4.splat(0);
    for (let g = 0; g < groups; g++) {
      const base = <usize>g << 6, xp = XQ + (base << 1);
      let d = i32x4.splat(0);
      for (let k: usize = 0; k < 64; k += 16) {
        const q = v128.load(row + base + k);
        d = i32x4.add(d, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(q), v128.load(xp + (k << 1))));
        d = i32x4.add(d, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(q), v128.load(xp + (k << 1), 16)));
      }
      acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(d), f32x4.splat(load<f32>(srow + (<usize>g << 2)))));
    }
    const total = hsum(acc) * xs, o = out + (<usize>r << 2);
    store<f32>(o, accumulate ? load<f32>(o) + total : total);
  }
}

/**
 * out(R) = Σ_g scale(R, g) · (W_i4(R, group g) · x(group g)) (+ out when accumulate): the 4-bit
 * inference kernel (src/model/quantize4.ts). A row is K/2 bytes; each 32-column group is 16
 * bytes whose low nibbles are columns 0–15 and high nibbles columns 16–31, signed (K % 32 == 0).
 * x is taken in int16, as in matvecI8.
 */
export function matvecI4(w: usize, scale: usize, x: usize, out: usize, R: i32, K: i32, accumulate: bool): void {
  const groups = K >> 5, xs = quantizeInput(x, K);
  for (let r = 0; r < R; r++) {
    const row = w + (<usize>r * <usize>K >> 1), srow = scale + (<usize>(r * groups) << 2);
    let acc = f32x4.splat(0);
    for (let g = 0; g < groups; g++) {
      const q = v128.load(row + (<usize>g << 4));
      const lo = i8x16.shr_s(i8x16.shl(q, 4), 4), hi = i8x16.shr_s(q, 4);
      const xp = XQ + (<usize>g << 6); // 32 int16 per group
      let d = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(lo), v128.load(xp));
      d = i32x4.add(d, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(lo), v128.load(xp, 16)));
      d = i32x4.add(d, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(hi), v128.load(xp, 32)));
      d = i32x4.add(d, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(hi), v128.load(xp, 48)));
      acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(d), f32x4.splat(load<f32>(srow + (<usize>g << 2)))));
    }
    const total = hsum(acc) * xs, o = out + (<usize>r << 2);
    store<f32>(o, accumulate ? load<f32>(o) + total : total);
  }
}

// @ts-ignore: decorator
@inline function sigmoid(x: f32): f32 { return 1 / (1 + Mathf.exp(-x)); }
// @ts-ignore: decorator
@inline function tanhf(x: f32): f32 {
  if (x > 15) return 1;
  if (x < -15) return -1;
  const e = Mathf.exp(2 * x);
  return (e - 1) / (e + 1);
}

/**
 * LSTM cell forward for B rows. z(B,4H): pre-activations, gate order i|f|g|o, overwritten with
 * activations. cPrev(B,H) → c(B,H), tanhC(B,H), h(B,H).
 */
export function lstmCellForward(z: usize, cPrev: usize, c: usize, tanhC: usize, h: usize, B: i32, H: i32): void {
  const hb = <usize>H << 2;
  for (let r = 0; r < B; r++) {
    const zr = z + <usize>r * 4 * hb, o = <usize>r * hb;
    for (let j: usize = 0; j < hb; j += 4) {
      const ig = sigmoid(load<f32>(zr + j)), fg = sigmoid(load<f32>(zr + hb + j));
      const gg = tanhf(load<f32>(zr + 2 * hb + j)), og = sigmoid(load<f32>(zr + 3 * hb + j));
      store<f32>(zr + j, ig); store<f32>(zr + hb + j, fg); store<f32>(zr + 2 * hb + j, gg); store<f32>(zr + 3 * hb + j, og);
      const cv = fg * load<f32>(cPrev + o + j) + ig * gg;
      const tc = tanhf(cv);
      store<f32>(c + o + j, cv); store<f32>(tanhC + o + j, tc); store<f32>(h + o + j, og * tc);
    }
  }
}

/**
 * LSTM cell backward for B rows. act(B,4H) activations from forward; dh(B,H) gradient on h;
 * dc(B,H) gradient on c from the next step, overwritten with the gradient on cPrev;
 * writes dz(B,4H), the gradient on the pre-activations.
 */
export function lstmCellBackward(act: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize, dz: usize, B: i32, H: i32): void {
  const hb = <usize>H << 2;
  for (let r = 0; r < B; r++) {
    const ar = act + <usize>r * 4 * hb, dr = dz + <usize>r * 4 * hb, o = <usize>r * hb;
    for (let j: usize = 0; j < hb; j += 4) {
      const ig = load<f32>(ar + j), fg = load<f32>(ar + hb + j), gg = load<f32>(ar + 2 * hb + j), og = load<f32>(ar + 3 * hb + j);
      const tc = load<f32>(tanhC + o + j), dhv = load<f32>(dh + o + j);
      const dcv = load<f32>(dc + o + j) + dhv * og * (1 - tc * tc);
      store<f32>(dr + j, dcv * gg * ig * (1 - ig));
      store<f32>(dr + hb + j, dcv * load<f32>(cPrev + o + j) * fg * (1 - fg));
      store<f32>(dr + 2 * hb + j, dcv * ig * (1 - gg * gg));
      store<f32>(dr + 3 * hb + j, dhv * tc * og * (1 - og));
      store<f32>(dc + o + j, dcv * fg);
    }
  }
}

/**
 * Softmax cross-entropy over rows of logits(N,S), in place: logits become scale·(p − onehot).
 * targets(N) are i32 column indices (−1 = ignore the row: its gradient is zero).
 * Returns the summed loss (nats) over counted rows.
 */
export function softmaxXent(logits: usize, targets: usize, N: i32, S: i32, scale: f32): f64 {
  let total: f64 = 0;
  const sb = <usize>S << 2;
  for (let r = 0; r < N; r++) {
    const row = logits + <usize>r * sb;
    const t = load<i32>(targets + (<usize>r << 2));
    if (t < 0) { memory.fill(row, 0, sb); continue; }
    let mx: f32 = -Infinity;
    for (let j: usize = 0; j < sb; j += 4) mx = max(mx, load<f32>(row + j));
    let sum: f32 = 0;
    for (let j: usize = 0; j < sb; j += 4) { const e = Mathf.exp(load<f32>(row + j) - mx); store<f32>(row + j, e); sum += e; }
    const inv: f32 = 1 / sum;
    const pt = load<f32>(row + (<usize>t << 2)) * inv;
    total += -Math.log(<f64>max(pt, 1e-30));
    for (let j: usize = 0; j < sb; j += 4) store<f32>(row + j, load<f32>(row + j) * inv * scale);
    store<f32>(row + (<usize>t << 2), (pt - 1) * scale);
  }
  return total;
}

// exp(x) for four lanes (Cephes' expf: 2^n · e^r with |r| ≤ ln2/2, a degree-5 polynomial for
// e^r): relative error about 2·10⁻⁷, ten times faster than a scalar exp per element. Lanes below
// −87 give 0 (the float's exponent would underflow).
// @ts-ignore: decorator
@inline function expf4(x: v128): v128 {
  const low = f32x4.lt(x, f32x4.splat(-87));
  x = f32x4.min(x, f32x4.splat(88));
  const n = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(p, scale), low);
}

// @ts-ignore: decorator
@inline function expf1(x: f32): f32 { return f32x4.extract_lane(expf4(f32x4.splat(x)), 0); }

/** The largest of x(N). */
function maxOf(x: usize, N: i32): f32 {
  const n4 = <usize>(N & ~3) << 2, end = <usize>N << 2;
  let m = f32x4.splat(-Infinity);
  for (let j: usize = 0; j < n4; j += 16) m = f32x4.max(m, v128.load(x + j));
  let mx = max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (let j = n4; j < end; j += 4) mx = max(mx, load<f32>(x + j));
  return mx;
}

/**
 * Σ exp(x_j − mx) over x(N), written to out(N) when `write` (out may be x); the sum is kept in
 * f64 (20,000 small terms in f32 would lose digits).
 */
function expSum(x: usize, out: usize, N: i32, mx: f32, write: bool): f64 {
  const n4 = <usize>(N & ~3) << 2, end = <usize>N << 2, m = f32x4.splat(mx);
  let s = f64x2.splat(0);
  for (let j: usize = 0; j < n4; j += 16) {
    const e = expf4(f32x4.sub(v128.load(x + j), m));
    if (write) v128.store(out + j, e);
    s = f64x2.add(s, f64x2.add(f64x2.promote_low_f32x4(e), f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 0, 1))));
  }
  let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (let j = n4; j < end; j += 4) {
    const e = expf1(load<f32>(x + j) - mx);
    if (write) store<f32>(out + j, e);
    sum += e;
  }
  return sum;
}

/** log Σ exp(x_j) over x(N). */
export function logSumExp(x: usize, N: i32): f64 {
  const mx = maxOf(x, N);
  return <f64>mx + Math.log(expSum(x, x, N, mx, false));
}

/** softmax(x(N)) into out(N) (which may be x). Returns log Σ exp(x_j). */
export function softmax(x: usize, out: usize, N: i32): f64 {
  const mx = maxOf(x, N), sum = expSum(x, out, N, mx, true), inv = f32x4.splat(<f32>(1 / sum));
  const n4 = <usize>(N & ~3) << 2, end = <usize>N << 2;
  for (let j: usize = 0; j < n4; j += 16) v128.store(out + j, f32x4.mul(v128.load(out + j), inv));
  for (let j = n4; j < end; j += 4) store<f32>(out + j, load<f32>(out + j) * <f32>(1 / sum));
  return <f64>mx + Math.log(sum);
}
