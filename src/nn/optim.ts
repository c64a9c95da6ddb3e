/**
 * AdamW (decoupled weight decay, as torch.optim.AdamW) and global gradient-norm clipping. Weight
 * decay applies to matrices only (ndim ≥ 2), the usual GPT recipe: decaying gains, biases and
 * position tables hurts more than it regularises.
 */
import { kernels } from './engine.js';
import { giveBuffer } from './pool.js';
import type { Tensor } from './tensor.js';

export interface AdamWOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

/** What a checkpoint needs to resume the optimizer exactly. */
export interface AdamWState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

export class AdamW {
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  step = 0;
  readonly m: Float32Array[];
  readonly v: Float32Array[];

  constructor(
    readonly params: readonly Tensor[],
    o: AdamWOptions,
  ) {
    this.lr = o.lr;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.eps = o.eps ?? 1e-8;
    this.weightDecay = o.weightDecay ?? 0.01;
    this.m = params.map((p) => new Float32Array(p.size));
    this.v = params.map((p) => new Float32Array(p.size));
  }

  /** One update from the parameters' gradients (parameters without one are left alone). */
  update(): void {
    this.step++;
    const k = kernels();
    this.params.forEach((p, i) => {
      if (!p.grad) return;
      const wd = p.shape.length >= 2 ? this.weightDecay : 0;
      k.adamw(p.data, p.grad, this.m[i]!, this.v[i]!, p.size, this.lr, this.beta1, this.beta2, this.eps, wd, this.step);
    });
  }

  zeroGrad(): void {
    for (const p of this.params) {
      giveBuffer(p.grad);
      p.grad = null;
    }
  }

  state(): AdamWState {
    return { step: this.step, m: this.m, v: this.v };
  }

  load(s: AdamWState): void {
    if (s.m.length !== this.m.length)
      throw new Error(`optimizer state has ${s.m.length} tensors, model has ${this.m.length}`);
    this.step = s.step;
    s.m.forEach((x, i) => this.m[i]!.set(x));
    s.v.forEach((x, i) => this.v[i]!.set(x));
  }
}

/** Scale all gradients so their global L2 norm is at most maxNorm; returns the norm before. */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  let sq = 0;
  for (const p of params) if (p.grad) for (const g of p.grad) sq += g * g;
  const norm = Math.sqrt(sq);
  if (norm > maxNorm) {
    const s = maxNorm / (norm + 1e-6);
    for (const p of params) if (p.grad) for (let i = 0; i < p.grad.length; i++) p.grad[i] = p.grad[i]! * s;
  }
  return norm;
}
