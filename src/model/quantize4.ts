/**
 * 4-bit weights with one float scale per block of Q4GROUP columns of a row, for the tied
 * embedding / output matrix, which holds most of the parameters: half the bytes of int8, so the
 * model file can spend them on a larger vocabulary and n-gram.
 *
 * Packing (one block of 32 columns = 16 bytes): byte k holds column k in its low nibble and
 * column k + 16 in its high nibble, both signed (two's complement, −8…7). The SIMD kernel then
 * gets columns 0–15 and 16–31 as two contiguous vectors with one shift each.
 */
import { quantizeRows, type QuantizedRows } from './quantize';

/** Columns that share one scale within a row of a 4-bit matrix. */
export const Q4GROUP = 32;

/** Rows of packed signed 4-bit values with one scale per Q4GROUP columns: value ≈ q · scale. */
export interface Int4Rows {
  rows: number;
  cols: number;
  /** (rows, cols / 2) packed nibbles, see the module comment */
  q: Uint8Array;
  /** (rows, cols / Q4GROUP) */
  scale: Float32Array;
}

// Candidate scales as fractions of max|block| / 7: a slightly smaller step clips the outlier but
// represents the many small weights better; each block keeps the one with the least squared error.
const SCALE_FRACTIONS = [1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7];

function nibble(x: number, s: number): number {
  return Math.max(-8, Math.min(7, Math.round(x / s)));
}

/**
 * 4-bit quantization of a (rows, cols) float matrix given by an element accessor, one scale per
 * Q4GROUP columns of a row, chosen per block to minimise the squared error.
 */
export function quantizeRows4(rows: number, cols: number, at: (r: number, c: number) => number): Int4Rows {
  if (cols % Q4GROUP) throw new RangeError(`columns (${cols}) must be a multiple of ${Q4GROUP}`);
  const groups = cols / Q4GROUP, half = Q4GROUP / 2;
  const q = new Uint8Array((rows * cols) / 2), scale = new Float32Array(rows * groups);
  const block = new Float64Array(Q4GROUP);
  for (let r = 0; r < rows; r++) for (let g = 0; g < groups; g++) {
    let max = 0;
    for (let c = 0; c < Q4GROUP; c++) { block[c] = at(r, g * Q4GROUP + c); max = Math.max(max, Math.abs(block[c])); }
    let best = max > 0 ? max / 7 : 1, bestErr = Infinity;
    for (const f of max > 0 ? SCALE_FRACTIONS : []) {
      const s = (max / 7) * f;
      let err = 0;
      for (let c = 0; c < Q4GROUP; c++) { const d = block[c] - nibble(block[c], s) * s; err += d * d; }
      if (err < bestErr) { bestErr = err; best = s; }
    }
    scale[r * groups + g] = best;
    const out = (r * cols + g * Q4GROUP) / 2;
    for (let k = 0; k < half; k++) {
      q[out + k] = (nibble(block[k], best) & 15) | ((nibble(block[k + half], best) & 15) << 4);
    }
  }
  return { rows, cols, q, scale };
}

/**
 * The tied embedding with its first `head.rows` rows int8 and the rest 4-bit. Word ids run from
 * most to least frequent, and the words a suggestion list shows are mostly frequent ones: int8
 * keeps their scores exact enough to rank them as the float model does, while the long tail,
 * most of the rows, costs half the bytes.
 */
export interface SplitRows {
  bits: 4;
  rows: number;
  cols: number;
  /** rows [0, head.rows), int8 */
  head: QuantizedRows;
  /** rows [head.rows, rows), 4-bit */
  tail: Int4Rows;
}

/** {@link SplitRows} of a (rows, cols) matrix given by an element accessor. */
export function quantizeSplit(rows: number, cols: number, headRows: number, at: (r: number, c: number) => number): SplitRows {
  const h = Math.min(rows, headRows);
  return {
    bits: 4, rows, cols,
    head: quantizeRows(h, cols, at),
    tail: quantizeRows4(rows - h, cols, (r, c) => at(h + r, c)),
  };
}

/** Writes row `r` of a 4-bit matrix (its `q`, `scale` and `cols`, which may be views of WebAssembly memory), as floats, into `out` (cols). */
export function dequantizeRow4(m: Pick<Int4Rows, 'q' | 'scale' | 'cols'>, r: number, out: Float32Array): void {
  const groups = m.cols / Q4GROUP, half = Q4GROUP / 2;
  for (let g = 0; g < groups; g++) {
    const s = m.scale[r * groups + g], base = (r * m.cols + g * Q4GROUP) / 2;
    for (let k = 0; k < half; k++) {
      const b = m.q[base + k];
      out[g * Q4GROUP + k] = (((b & 15) << 28) >> 28) * s;
      out[g * Q4GROUP + k + half] = ((b << 24) >> 28) * s;
    }
  }
}

/**
 * out(R) (+)= W4(R, K) · x(K) in plain JavaScript: the reference the WebAssembly kernel
 * `matvecI4` is tested against.
 */
export function matvecI4Reference(m: Int4Rows, x: Float32Array, out: Float32Array, accumulate: boolean): void {
  const row = new Float32Array(m.cols);
  for (let r = 0; r < m.rows; r++) {
    dequantizeRow4(m, r, row);
    let s = 0;
    for (let c = 0; c < m.cols; c++) s += row[c] * x[c];
    out[r] = accumulate ? out[r] + s : s;
  }
}
