/** Adam with global-norm gradient clipping over one flat parameter buffer. */
export class Adam {
  readonly m: Float32Array;
  readonly v: Float32Array;
  step = 0;

  constructor(size: number, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly eps = 1e-8) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /**
   * params −= lr · m̂ / (√v̂ + ε), after scaling grads so their global L2 norm is at most clip.
   * Returns the gradient norm before clipping.
   */
  update(params: Float32Array, grads: Float32Array, lr: number, clip = Infinity): number {
    let sq = 0;
    for (let i = 0; i < grads.length; i++) sq += grads[i] * grads[i];
    const norm = Math.sqrt(sq), scale = norm > clip ? clip / norm : 1;
    this.step++;
    const { beta1: b1, beta2: b2, eps, m, v } = this;
    const c1 = 1 / (1 - b1 ** this.step), c2 = 1 / (1 - b2 ** this.step);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i] * scale;
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      params[i] -= (lr * m[i] * c1) / (Math.sqrt(v[i] * c2) + eps);
    }
    return norm;
  }
}

/** Linear warm-up then cosine decay from lr to lr·floor over `total` steps. */
export function cosineSchedule(step: number, total: number, lr: number, warmup = 200, floor = 0.05): number {
  if (step < warmup) return (lr * (step + 1)) / warmup;
  const t = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  return lr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * t)));
}
