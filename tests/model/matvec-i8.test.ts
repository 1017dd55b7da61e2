import { describe, expect, it } from 'vitest';
import { Kernels } from '../../src/model/kernels';
import { mulberry32 } from '../../src/model/random';
import { QGROUP, quantizeRows } from '../../src/model/quantize';

/** A (rows, cols) matrix of seeded values, a few outliers among them. */
function matrix(rows: number, cols: number, seed: number): Float32Array {
  const r = mulberry32(seed), m = new Float32Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = (r() * 2 - 1) * (r() < 0.02 ? 1 : 0.1);
  return m;
}

/**
 * The int8 mat-vec kernel against the float product it stands for. Each weight is off by at
 * most half a quantization step (scale/2 = max|w|/254 of its 64-column group), so each output is
 * within Σ_k |x_k| · step_k / 2 of the float one. The kernel takes x in int16 (x ≈ q·s, s =
 * max|x|/32767), which adds at most Σ_k |w̃_k| · s / 2 (w̃ the dequantized weights): the sum of
 * the two is the tolerance (with 1e-5 for the float sums), and the kernel must equal the sum
 * over its own dequantized weights within the second.
 */
describe('matvecI8 (WebAssembly SIMD) against the float reference', () => {
  it.each([[1, 64], [5, 128], [300, 128], [17, 640]])('%i × %i: within half a quantization step per weight', (R, K) => {
    const w = matrix(R, K, 7 * R + K), x = matrix(1, K, 31), m = quantizeRows(R, K, (r, c) => w[r * K + c]);
    const k = new Kernels();
    const q = k.alloc(m.q.length, 1), s = k.alloc(m.scale.length), xr = k.alloc(K), out = k.alloc(R);
    k.i8(q).set(m.q);
    k.f32(s).set(m.scale); k.f32(xr).set(x);
    k.fn.matvecI8(q.ptr, s.ptr, xr.ptr, out.ptr, R, K, false);
    const got = k.f32(out), groups = K / QGROUP, inputStep = Math.max(...x.map(Math.abs)) / 32767;
    let worstRatio = 0, worstDequant = 0;
    for (let r = 0; r < R; r++) {
      let exact = 0, dequant = 0, bound = 0, inputBound = 0;
      for (let c = 0; c < K; c++) {
        const scale = m.scale[r * groups + Math.floor(c / QGROUP)];
        exact += w[r * K + c] * x[c];
        dequant += m.q[r * K + c] * scale * x[c];
        bound += (Math.abs(x[c]) * scale) / 2;
        inputBound += (Math.abs(m.q[r * K + c] * scale) * inputStep) / 2;
      }
      worstRatio = Math.max(worstRatio, Math.abs(got[r] - exact) / (bound + inputBound + 1e-5));
      worstDequant = Math.max(worstDequant, Math.abs(got[r] - dequant) / (inputBound + 1e-6));
    }
    console.log(`matvecI8 ${R}×${K}: worst error ${(worstRatio * 100).toFixed(1)} % of the bound, ${(worstDequant * 100).toFixed(1)} % of the input's bound from the dequantized sum`);
    expect(worstRatio).toBeLessThanOrEqual(1);
    expect(worstDequant).toBeLessThanOrEqual(1);
  });
});
