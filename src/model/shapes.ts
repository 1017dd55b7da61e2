// Shape legend used in comments across src/model:
//   V vocabulary, E embedding = projection width (tied), H hidden cells, B batch rows, T steps,
//   N = T·B rows of a batch, S candidate words of a sampled softmax.

/** Sizes of an LSTM with projection and tied input/output embeddings. */
export interface LstmShape {
  /** vocabulary rows of the tied embedding */
  V: number;
  /** embedding width = projection width; multiple of 16 */
  E: number;
  /** LSTM cells; multiple of 16 */
  H: number;
}

/** Float offsets of each parameter inside one flat parameter buffer (llm.c style). */
export interface ParamLayout {
  emb: number;   // (V, E) tied embedding
  W: number;     // (2E, 4H) gate weights; rows [x_t ; r_{t-1}], columns i|f|g|o
  b: number;     // (4H) gate bias
  Wp: number;    // (H, E) projection h_t → r_t
  bv: number;    // (V) output bias
  total: number;
}

export function paramLayout({ V, E, H }: LstmShape): ParamLayout {
  const emb = 0;
  const W = emb + V * E;
  const b = W + 2 * E * 4 * H;
  const Wp = b + 4 * H;
  const bv = Wp + H * E;
  return { emb, W, b, Wp, bv, total: bv + V };
}

export function checkShape(s: LstmShape): void {
  if (s.E % 16 || s.H % 16 || s.E <= 0 || s.H <= 0 || s.V <= 0) {
    throw new RangeError(`E and H must be positive multiples of 16 (got E=${s.E}, H=${s.H}, V=${s.V})`);
  }
}
