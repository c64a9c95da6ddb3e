/**
 * Tensors and reverse-mode autograd. A Tensor is a Float32Array plus a shape; an op that builds one
 * from inputs needing gradients records its parents and a closure that pushes its gradient into
 * theirs. `backward()` runs the closures in reverse topological order and drops each one (with the
 * activations it captured) as soon as it has run, so memory falls during the backward pass.
 */
import { kernels } from './engine.js';
import { giveBuffer, takeBuffer } from './pool.js';
import type { Rng } from './random.js';

let gradEnabled = true;

/** Run `fn` without recording the graph (inference, optimizer steps). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

export class Tensor {
  grad: Float32Array | null = null;
  private parents: Tensor[] = [];
  private backwardFn: (() => void) | null = null;

  constructor(
    public data: Float32Array,
    public readonly shape: readonly number[],
    public requiresGrad = false,
  ) {
    if (data.length !== sizeOf(shape))
      throw new Error(`tensor data has ${data.length} values, shape [${shape.join(', ')}] needs ${sizeOf(shape)}`);
  }

  static zeros(shape: readonly number[], requiresGrad = false): Tensor {
    return new Tensor(new Float32Array(sizeOf(shape)), shape, requiresGrad);
  }

  static randn(shape: readonly number[], rng: Rng, std = 1, requiresGrad = false): Tensor {
    const d = new Float32Array(sizeOf(shape));
    for (let i = 0; i < d.length; i++) d[i] = rng.normal() * std;
    return new Tensor(d, shape, requiresGrad);
  }

  static fill(shape: readonly number[], value: number, requiresGrad = false): Tensor {
    return new Tensor(new Float32Array(sizeOf(shape)).fill(value), shape, requiresGrad);
  }

  get size(): number {
    return this.data.length;
  }

  /** Size of the last dimension (features). */
  get cols(): number {
    return this.shape[this.shape.length - 1] ?? 1;
  }

  /** Number of rows when viewed as [size / cols, cols]. */
  get rows(): number {
    return this.size / this.cols;
  }

  /** The gradient buffer, allocated (zeroed) on first use; ops accumulate into it. */
  gradBuffer(): Float32Array {
    return (this.grad ??= takeBuffer(this.size));
  }

  /** Add a freshly computed gradient; the first one is adopted as the buffer without copying. */
  addGrad(g: Float32Array): void {
    if (!this.grad) {
      this.grad = g;
      return;
    }
    kernels().accumulate(this.grad, 0, g, 0, g.length);
  }

  /** addGrad of a buffer nobody else holds: recycled when it was accumulated rather than adopted. */
  addOwnGrad(g: Float32Array): void {
    this.addGrad(g);
    if (this.grad !== g) giveBuffer(g);
  }

  item(): number {
    if (this.size !== 1) throw new Error(`item() needs a single value, tensor has ${this.size}`);
    return this.data[0]!;
  }

  /**
   * Back-propagate from this tensor. The seed gradient defaults to 1 for a scalar; pass one for a
   * non-scalar (e.g. R to get the gradient of Σ this·R). Intermediate gradients are released.
   */
  backward(seed?: Float32Array, opts: { releaseActivations?: boolean } = {}): void {
    if (!this.requiresGrad) throw new Error('backward() on a tensor that does not require gradients');
    if (!seed && this.size !== 1) throw new Error('backward() on a non-scalar needs a seed gradient');
    const order = topoOrder(this);
    this.grad = seed ? Float32Array.from(seed) : new Float32Array([1]);
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i]!;
      if (!t.backwardFn) continue;
      if (t.grad) t.backwardFn();
      // An intermediate's gradient is dead once its backward ran, unless a parent adopted it.
      if (t !== this && !t.parents.some((p) => p.grad === t.grad)) giveBuffer(t.grad);
      // Its value is dead too once every consumer's backward ran (they come earlier in this loop),
      // unless it is a view of a parent's data; the caller vouches that it holds no intermediates.
      if (opts.releaseActivations && t !== this && !t.parents.some((p) => p.data === t.data)) giveBuffer(t.data);
      t.backwardFn = null;
      t.parents = [];
      t.grad = null;
    }
  }

  /** Internal: attach the graph edge of an op's output. */
  static fromOp(
    data: Float32Array,
    shape: readonly number[],
    parents: Tensor[],
    backward: (out: Tensor) => void,
  ): Tensor {
    const needs = gradEnabled && parents.some((p) => p.requiresGrad);
    const t = new Tensor(data, shape, needs);
    if (needs) {
      t.parents = parents;
      t.backwardFn = () => backward(t);
    }
    return t;
  }

  /** Internal: parents for the topological sort. */
  static parentsOf(t: Tensor): readonly Tensor[] {
    return t.parents;
  }
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative DFS: deep graphs (long sequences of ops) must not overflow the JS stack.
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length) {
    const [t, done] = stack.pop()!;
    if (done) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const p of Tensor.parentsOf(t)) if (p.requiresGrad && !seen.has(p)) stack.push([p, false]);
  }
  return order;
}
