/** Rows of int8 values with one float scale per row: value ≈ q · scale. */
export interface QuantizedRows {
  rows: number;
  cols: number;
  /** (rows, cols) */
  q: Int8Array;
  /** (rows) */
  scale: Float32Array;
}

/**
 * Symmetric per-row int8 quantization of a (rows, cols) float matrix given by an element
 * accessor, so callers can quantize a transposed view without copying it first.
 */
export function quantizeRows(rows: number, cols: number, at: (r: number, c: number) => number): QuantizedRows {
  const q = new Int8Array(rows * cols), scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(at(r, c)));
    const s = max > 0 ? max / 127 : 1;
    scale[r] = s;
    for (let c = 0; c < cols; c++) q[r * cols + c] = Math.max(-127, Math.min(127, Math.round(at(r, c) / s)));
  }
  return { rows, cols, q, scale };
}

/** The float value of row r, column c. */
export function dequantize(m: QuantizedRows, r: number, c: number): number {
  return m.q[r * m.cols + c] * m.scale[r];
}
