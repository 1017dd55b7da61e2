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

/**
 * out(R) = Σ_g scale(R, g) · (W_i8(R, group g) · x(group g)) (+ out when accumulate): the int8
 * inference kernel. Each row has one scale per QGROUP = 64 columns (K % 64 == 0).
 */
export function matvecI8(w: usize, scale: usize, x: usize, out: usize, R: i32, K: i32, accumulate: bool): void {
  const groups = K >> 6;
  for (let r = 0; r < R; r++) {
    const row = w + <usize>r * <usize>K, srow = scale + (<usize>(r * groups) << 2);
    let total: f32 = 0;
    for (let g = 0; g < groups; g++) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      const base = <usize>g << 6;
      for (let k: usize = base; k < base + 64; k += 16) {
        const q = v128.load(row + k);
        const lo = i16x8.extend_low_i8x16_s(q), hi = i16x8.extend_high_i8x16_s(q);
        const xp = x + (k << 2);
        s0 = f32x4.add(s0, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(lo)), v128.load(xp)));
        s1 = f32x4.add(s1, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(lo)), v128.load(xp, 16)));
        s2 = f32x4.add(s2, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(hi)), v128.load(xp, 32)));
        s3 = f32x4.add(s3, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(hi)), v128.load(xp, 48)));
      }
      total += hsum(f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3))) * load<f32>(srow + (<usize>g << 2));
    }
    const o = out + (<usize>r << 2);
    store<f32>(o, accumulate ? load<f32>(o) + total : total);
  }
}

/**
 * out(R) = Σ_g scale(R, g) · (W_i4(R, group g) · x(group g)) (+ out when accumulate): the 4-bit
 * inference kernel (src/model/quantize4.ts). A row is K/2 bytes; each 32-column group is 16
 * bytes whose low nibbles are columns 0–15 and high nibbles columns 16–31, signed (K % 32 == 0).
 */
export function matvecI4(w: usize, scale: usize, x: usize, out: usize, R: i32, K: i32, accumulate: bool): void {
  const groups = K >> 5;
  for (let r = 0; r < R; r++) {
    const row = w + (<usize>r * <usize>K >> 1), srow = scale + (<usize>(r * groups) << 2);
    let total: f32 = 0;
    for (let g = 0; g < groups; g++) {
      const q = v128.load(row + (<usize>g << 4));
      const lo = i8x16.shr_s(i8x16.shl(q, 4), 4), hi = i8x16.shr_s(q, 4);
      const xp = x + (<usize>g << 7); // 32 floats per group
      const l0 = i16x8.extend_low_i8x16_s(lo), l1 = i16x8.extend_high_i8x16_s(lo);
      const h0 = i16x8.extend_low_i8x16_s(hi), h1 = i16x8.extend_high_i8x16_s(hi);
      let s0 = f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(l0)), v128.load(xp));
      let s1 = f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(l0)), v128.load(xp, 16));
      s0 = f32x4.add(s0, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(l1)), v128.load(xp, 32)));
      s1 = f32x4.add(s1, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(l1)), v128.load(xp, 48)));
      s0 = f32x4.add(s0, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(h0)), v128.load(xp, 64)));
      s1 = f32x4.add(s1, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(h0)), v128.load(xp, 80)));
      s0 = f32x4.add(s0, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(h1)), v128.load(xp, 96)));
      s1 = f32x4.add(s1, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(h1)), v128.load(xp, 112)));
      total += hsum(f32x4.add(s0, s1)) * load<f32>(srow + (<usize>g << 2));
    }
    const o = out + (<usize>r << 2);
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
