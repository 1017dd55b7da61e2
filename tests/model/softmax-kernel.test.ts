import { describe, expect, it } from 'vitest';
import { Kernels } from '../../src/model/kernels';
import { mulberry32 } from '../../src/model/random';

/** Seeded logits spread like a language model's: most far below the best, a few close to it. */
function logits(n: number, seed: number): Float32Array {
  const r = mulberry32(seed), x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = r() < 0.01 ? 8 + r() * 6 : -20 + r() * 25;
  return x;
}

/** softmax and log-sum-exp in float64 with Math.exp: the reference. */
function reference(x: Float32Array): { p: Float64Array; lse: number } {
  let mx = -Infinity;
  for (const v of x) mx = Math.max(mx, v);
  let sum = 0;
  for (const v of x) sum += Math.exp(v - mx);
  return { p: Float64Array.from(x, (v) => Math.exp(v - mx) / sum), lse: mx + Math.log(sum) };
}

function run(x: Float32Array, inPlace: boolean): { p: Float32Array; lse: number; lseOnly: number } {
  const k = new Kernels(), a = k.alloc(x.length), b = inPlace ? a : k.alloc(x.length);
  k.f32(a).set(x);
  const lseOnly = k.fn.logSumExp(a.ptr, x.length);
  const lse = k.fn.softmax(a.ptr, b.ptr, x.length);
  return { p: k.f32(b).slice(), lse, lseOnly };
}

/**
 * The relative error float32 allows a probability: x − max is rounded to half an ulp, which
 * exp turns into |x − max|·2⁻²⁴, plus a few ulps (2⁻²⁴ each) for the polynomial and the
 * normalization.
 */
const tolerance = (gap: number) => 2 ** -24 * (gap + 4);

describe('softmax and logSumExp kernels (WebAssembly SIMD, vectorized exp)', () => {
  it.each([[1], [3], [4], [5], [64], [20037]])('N = %i: every probability within float32 rounding of float64', (n) => {
    for (const inPlace of [false, true]) {
      const x = logits(n, 11 * n + (inPlace ? 1 : 0)), want = reference(x), got = run(x, inPlace);
      const mx = Math.max(...x);
      let worst = 0, sum = 0;
      for (let i = 0; i < n; i++) {
        sum += got.p[i];
        // Below 1e-30 a float32 keeps few digits: compare such tiny ones absolutely.
        worst = Math.max(worst, Math.abs(got.p[i] - want.p[i]) / Math.max(want.p[i], 1e-30) / tolerance(mx - x[i]));
      }
      expect(worst).toBeLessThan(1);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
      expect(Math.abs(got.lse - want.lse)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want.lse)));
      expect(got.lseOnly).toBeCloseTo(got.lse, 12);
    }
  });

  it('gives 0, not NaN or garbage, for logits far below the best (the exponent would underflow)', () => {
    const x = Float32Array.from([0, -50, -87.5, -100, -1e6, -3.4e38, 0, -88]);
    const got = run(x, false);
    expect([...got.p].every(Number.isFinite)).toBe(true);
    expect(got.p[0]).toBeCloseTo(0.5, 6);
    expect(got.p[6]).toBeCloseTo(0.5, 6);
    for (const i of [3, 4, 5]) expect(got.p[i]).toBe(0);
    expect(got.p[1]).toBeCloseTo(Math.exp(-50) / 2, 28);
  });

  it('is uniform over equal logits, and does not overflow on large ones', () => {
    const n = 1001, flat = run(new Float32Array(n).fill(3.5), false);
    for (const p of flat.p) expect(p).toBeCloseTo(1 / n, 9);
    expect(flat.lse).toBeCloseTo(3.5 + Math.log(n), 9);
    const x = Float32Array.from(logits(517, 3), (v) => v + 300), want = reference(x), got = run(x, false), mx = Math.max(...x);
    for (let i = 0; i < x.length; i++) expect(Math.abs(got.p[i] - want.p[i])).toBeLessThan(tolerance(mx - x[i]) * Math.max(want.p[i], 1e-30));
    expect(got.lse).toBeCloseTo(want.lse, 4);
  });
});
