import { describe, expect, it } from 'vitest';
import { quantizeParams } from '../../scripts/train/package';
import { Kernels } from '../../src/model/kernels';
import { zeroState } from '../../src/model/lstm-float';
import { Int8Lstm } from '../../src/model/lstm-int8';
import { paramLayout } from '../../src/model/shapes';
import { synthCorpus, trainTiny } from './fixtures';
import { mulberry32 } from '../../src/model/random';
import { Q4GROUP, dequantizeRow4, matvecI4Reference, quantizeRows4 } from '../../src/model/quantize4';

/** A (rows, cols) matrix of seeded values, a few outliers among them. */
function matrix(rows: number, cols: number, seed: number): Float32Array {
  const r = mulberry32(seed), m = new Float32Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = (r() * 2 - 1) * (r() < 0.02 ? 1 : 0.1);
  return m;
}

describe('quantizeRows4', () => {
  it('packs column k and k + 16 of each 32-column block into one byte, signed nibbles', () => {
    const cols = Q4GROUP, values = Array.from({ length: cols }, (_, c) => (c < 16 ? c - 8 : 7 - (c - 16)));
    const m = quantizeRows4(1, cols, (_r, c) => values[c]);
    expect(m.q).toHaveLength(16);
    const row = new Float32Array(cols);
    dequantizeRow4(m, 0, row);
    // max |x| = 8, so the scale is near 8/7 and every value comes back within half a step
    for (let c = 0; c < cols; c++) expect(Math.abs(row[c] - values[c])).toBeLessThanOrEqual(m.scale[0] / 2 + 1e-6);
    expect(m.q[0] & 15).toBe((Math.round(values[0] / m.scale[0]) & 15));
    expect(m.q[0] >> 4).toBe((Math.round(values[16] / m.scale[0]) & 15));
  });

  it('keeps the squared error per block below the plain max/7 step', () => {
    const rows = 50, cols = 128, w = matrix(rows, cols, 5);
    const m = quantizeRows4(rows, cols, (r, c) => w[r * cols + c]);
    const row = new Float32Array(cols);
    let err = 0, plainErr = 0;
    for (let r = 0; r < rows; r++) {
      dequantizeRow4(m, r, row);
      for (let g = 0; g < cols / Q4GROUP; g++) {
        let max = 0;
        for (let c = g * Q4GROUP; c < (g + 1) * Q4GROUP; c++) max = Math.max(max, Math.abs(w[r * cols + c]));
        const s = max / 7;
        for (let c = g * Q4GROUP; c < (g + 1) * Q4GROUP; c++) {
          err += (row[c] - w[r * cols + c]) ** 2;
          plainErr += (Math.max(-8, Math.min(7, Math.round(w[r * cols + c] / s))) * s - w[r * cols + c]) ** 2;
        }
      }
    }
    console.log(`4-bit squared error ${err.toExponential(3)} (plain max/7 step: ${plainErr.toExponential(3)})`);
    expect(err).toBeLessThanOrEqual(plainErr);
  });

  it('rejects a width that is not a multiple of the block', () => {
    expect(() => quantizeRows4(2, 48, () => 0)).toThrow(RangeError);
  });
});

describe('matvecI4 (WebAssembly SIMD)', () => {
  // The kernel takes x in int16 (x ≈ q·s, s = max|x|/32767): each output may differ from the
  // float reference by Σ_k |w̃_k| · s / 2 (w̃ the dequantized weights), and by 1e-6 of float sums.
  it.each([[1, 32], [7, 64], [300, 128], [33, 192]])('equals the JavaScript reference for %i × %i within the input\'s int16 step', (R, K) => {
    const w = matrix(R, K, R + K), m = quantizeRows4(R, K, (r, c) => w[r * K + c]);
    const x = matrix(1, K, 99);
    const k = new Kernels();
    const q = k.alloc(m.q.length, 1), s = k.alloc(m.scale.length), xr = k.alloc(K), out = k.alloc(R);
    k.u8(q).set(m.q); k.f32(s).set(m.scale); k.f32(xr).set(x); k.f32(out).fill(0.5);
    k.fn.matvecI4(q.ptr, s.ptr, xr.ptr, out.ptr, R, K, true);
    const expected = new Float32Array(R).fill(0.5);
    matvecI4Reference(m, x, expected, true);
    const inputStep = Math.max(...x.map(Math.abs)) / 32767, row = new Float32Array(K);
    let worst = 0;
    const got = k.f32(out);
    for (let r = 0; r < R; r++) {
      dequantizeRow4(m, r, row);
      const bound = row.reduce((b, v) => b + (Math.abs(v) * inputStep) / 2, 0) + 1e-6;
      worst = Math.max(worst, Math.abs(got[r] - expected[r]) / bound);
    }
    console.log(`matvecI4 ${R}×${K}: largest difference ${(worst * 100).toFixed(1)} % of the bound`);
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe('Int8Lstm with a split embedding', () => {
  const corpus = synthCorpus(4, 200), tiny = trainTiny(corpus, 30);
  const head = 50, int8 = new Int8Lstm(quantizeParams(tiny.params, tiny.shape, { bits: 8 }));
  const split = quantizeParams(tiny.params, tiny.shape, { bits: 4, int8Rows: head });
  const mixed = new Int8Lstm(split);

  it('scores the int8 head exactly as the all-int8 model and the 4-bit tail as the 4-bit reference', () => {
    if (split.emb.bits !== 4) throw new Error('expected a split embedding');
    const r = Float32Array.from({ length: tiny.shape.E }, (_, i) => Math.sin(i));
    const a = int8.logits(r).slice(), b = mixed.logits(r).slice();
    expect(Array.from(b.subarray(0, head))).toEqual(Array.from(a.subarray(0, head)));
    const tail = new Float32Array(tiny.shape.V - head);
    matvecI4Reference(split.emb.tail, r, tail, false);
    const L = paramLayout(tiny.shape), bias = tiny.params.subarray(L.bv + head, L.bv + tiny.shape.V);
    let worst = 0;
    for (let i = 0; i < tail.length; i++) worst = Math.max(worst, Math.abs(b[head + i] - (tail[i] + bias[i])));
    expect(worst).toBeLessThan(1e-4);
  });

  it('embeds a tail token from its 4-bit row and a head token from its int8 row', () => {
    const state = zeroState(tiny.shape);
    expect(Array.from(mixed.step(state, 3).r)).toEqual(Array.from(int8.step(state, 3).r));
    expect(Array.from(mixed.step(state, head + 2).r)).not.toEqual(Array.from(int8.step(state, head + 2).r));
  });
});
