/**
 * Differentiable ops. Each computes its output with the engine's kernels and, when an input needs a
 * gradient, records a closure that accumulates into the inputs' gradient buffers. Matrices are the
 * last two dimensions (or [rows, cols] with rows = all leading dimensions flattened).
 */
import { kernels } from './engine.js';
import { rotateQK } from './rotary.js';
import { giveBuffer, takeScratch } from './pool.js';
import { sizeOf, Tensor } from './tensor.js';

/** op(a)·op(b) for 2-D tensors; transposes are kernel flags, never copies. */
export function matmul(a: Tensor, b: Tensor, opts: { transA?: boolean; transB?: boolean } = {}): Tensor {
  const ta = opts.transA ?? false;
  const tb = opts.transB ?? false;
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error('matmul takes 2-D tensors');
  const [ar, ac] = a.shape as [number, number];
  const [br, bc] = b.shape as [number, number];
  const [M, K] = ta ? [ac, ar] : [ar, ac];
  const [K2, N] = tb ? [bc, br] : [br, bc];
  if (K !== K2) throw new Error(`matmul: inner dimensions ${K} and ${K2} differ`);
  const k = kernels();
  const out = takeScratch(M * N);
  k.gemm(ta, tb, M, N, K, 1, a.data, 0, ac, b.data, 0, bc, 0, out, 0, N);
  return Tensor.fromOp(out, [M, N], [a, b], (o) => {
    const g = o.grad!;
    // dA = dC·op(B)ᵀ (stored transposed when A was), dB = op(A)ᵀ·dC (likewise).
    if (a.requiresGrad) {
      if (!ta) k.gemm(false, !tb, M, K, N, 1, g, 0, N, b.data, 0, bc, 1, a.gradBuffer(), 0, ac);
      else k.gemm(tb, true, K, M, N, 1, b.data, 0, bc, g, 0, N, 1, a.gradBuffer(), 0, ac);
    }
    if (b.requiresGrad) {
      if (!tb) k.gemm(!ta, false, K, N, M, 1, a.data, 0, ac, g, 0, N, 1, b.gradBuffer(), 0, bc);
      else k.gemm(true, ta, N, K, M, 1, g, 0, N, a.data, 0, ac, 1, b.gradBuffer(), 0, bc);
    }
  });
}

/** y = x·Wᵀ + b with W stored [out, in] as in PyTorch's nn.Linear. */
export function linear(x: Tensor, w: Tensor, bias?: Tensor): Tensor {
  const [O, I] = w.shape as [number, number];
  if (x.cols !== I) throw new Error(`linear: input has ${x.cols} features, weight expects ${I}`);
  const R = x.rows;
  const k = kernels();
  const out = takeScratch(R * O);
  k.linearFwd(x.data, w.data, bias?.data ?? null, out, null, R, O, I);
  const parents = bias ? [x, w, bias] : [x, w];
  return Tensor.fromOp(out, [...x.shape.slice(0, -1), O], parents, (o) => linearBackward(o.grad!, x, w, bias, R, O, I));
}

/** Gradients of y = x·Wᵀ + b from dy [R, O] into x, W and b (those that need one). */
function linearBackward(
  g: Float32Array,
  x: Tensor,
  w: Tensor,
  bias: Tensor | undefined,
  R: number,
  O: number,
  I: number,
): void {
  const k = kernels();
  if (x.requiresGrad) k.gemm(false, false, R, I, O, 1, g, 0, O, w.data, 0, I, 1, x.gradBuffer(), 0, I);
  if (w.requiresGrad) k.gemm(true, false, O, I, R, 1, g, 0, O, x.data, 0, I, 1, w.gradBuffer(), 0, I);
  if (bias?.requiresGrad) k.colSum(g, bias.gradBuffer(), R, O);
}

/**
 * gelu(x·Wᵀ + b) in one pass (the MLP's first layer): the bias and GELU are applied to each block of
 * the product while it is in cache. Same values and gradients as gelu(linear(x, w, bias)).
 */
export function linearGelu(x: Tensor, w: Tensor, bias?: Tensor): Tensor {
  const [O, I] = w.shape as [number, number];
  if (x.cols !== I) throw new Error(`linearGelu: input has ${x.cols} features, weight expects ${I}`);
  const R = x.rows;
  const k = kernels();
  const pre = takeScratch(R * O);
  const out = takeScratch(R * O);
  k.linearFwd(x.data, w.data, bias?.data ?? null, pre, out, R, O, I);
  const parents = bias ? [x, w, bias] : [x, w];
  return Tensor.fromOp(out, [...x.shape.slice(0, -1), O], parents, (o) => {
    const dpre = takeScratch(R * O);
    k.geluBwd(pre, o.grad!, dpre, R * O, false);
    giveBuffer(pre);
    linearBackward(dpre, x, w, bias, R, O, I);
    giveBuffer(dpre);
  });
}

/** Rows of `table` [V, D] picked by integer ids (−1: a row of zeros); the gradient scatters back (repeated ids add). */
export function embedding(table: Tensor, ids: Int32Array, shape: readonly number[]): Tensor {
  const [V, D] = table.shape as [number, number];
  if (ids.length !== sizeOf(shape)) throw new Error('embedding: ids do not match their shape');
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id !== -1 && (id < 0 || id >= V)) throw new Error(`embedding: id ${id} outside vocabulary of ${V}`);
  }
  const k = kernels();
  const out = takeScratch(ids.length * D);
  k.embedFwd(table.data, ids, out, ids.length, D);
  return Tensor.fromOp(out, [...shape, D], [table], (o) => k.embedBwd(o.grad!, ids, table.gradBuffer(), ids.length, D));
}

/** a + b, where b's shape may be a suffix of a's (broadcast over a's leading dimensions). */
export function add(a: Tensor, b: Tensor): Tensor {
  const n = b.size;
  if (a.size % n !== 0 || a.shape.slice(a.shape.length - b.shape.length).join() !== b.shape.join()) {
    throw new Error(`add: cannot broadcast [${b.shape.join(', ')}] onto [${a.shape.join(', ')}]`);
  }
  const k = kernels();
  const out = takeScratch(a.size);
  k.add(a.data, b.data, out, a.size, n);
  return Tensor.fromOp(out, a.shape, [a, b], (o) => {
    const g = o.grad!;
    // b first: a may adopt g as its gradient buffer (and a may be b).
    if (b.requiresGrad) {
      if (n === g.length) k.accumulate(b.gradBuffer(), 0, g, 0, n);
      else k.colSum(g, b.gradBuffer(), g.length / n, n);
    }
    if (a.requiresGrad) a.addGrad(g);
  });
}

/** Elementwise product of two same-shaped tensors. */
export function mul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.join() !== b.shape.join()) throw new Error('mul: shapes differ');
  const out = takeScratch(a.size);
  for (let i = 0; i < a.size; i++) out[i] = a.data[i]! * b.data[i]!;
  return Tensor.fromOp(out, a.shape, [a, b], (o) => {
    const g = o.grad!;
    if (a.requiresGrad) {
      const ga = a.gradBuffer();
      for (let i = 0; i < g.length; i++) ga[i] = ga[i]! + g[i]! * b.data[i]!;
    }
    if (b.requiresGrad) {
      const gb = b.gradBuffer();
      for (let i = 0; i < g.length; i++) gb[i] = gb[i]! + g[i]! * a.data[i]!;
    }
  });
}

/** Same data, new shape (a view: no copy). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  if (sizeOf(shape) !== x.size)
    throw new Error(`reshape: [${x.shape.join(', ')}] to [${shape.join(', ')}] changes the size`);
  return Tensor.fromOp(x.data, shape, [x], (o) => x.addGrad(o.grad!));
}

/** Swap the last two dimensions (materialised: the result is contiguous). */
export function transpose(x: Tensor): Tensor {
  const nd = x.shape.length;
  const [R, C] = [x.shape[nd - 2] ?? 1, x.cols];
  const batch = x.size / (R * C);
  const out = takeScratch(x.size);
  const swap = (src: Float32Array, dst: Float32Array, rows: number, cols: number, acc: boolean) => {
    for (let b = 0; b < batch; b++) {
      const o = b * rows * cols;
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++)
          dst[o + c * rows + r] = (acc ? dst[o + c * rows + r]! : 0) + src[o + r * cols + c]!;
    }
  };
  swap(x.data, out, R, C, false);
  return Tensor.fromOp(out, [...x.shape.slice(0, -2), C, R], [x], (o) => swap(o.grad!, x.gradBuffer(), C, R, true));
}

/** Split a shape around `axis` into (outer, this axis, inner) sizes. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis] ?? 1, sizeOf(shape.slice(axis + 1))];
}

/** Concatenate along `axis`; other dimensions must agree. */
export function concat(xs: Tensor[], axis: number): Tensor {
  const first = xs[0];
  if (!first) throw new Error('concat of nothing');
  const total = xs.reduce((s, x) => s + (x.shape[axis] ?? 0), 0);
  const shape = first.shape.map((d, i) => (i === axis ? total : d));
  const [outer, , inner] = around(shape, axis);
  const out = takeScratch(sizeOf(shape));
  let at = 0;
  const offsets: number[] = [];
  for (const x of xs) {
    const [o2, n, i2] = around(x.shape, axis);
    if (o2 !== outer || i2 !== inner) throw new Error('concat: shapes differ off the concatenation axis');
    for (let o = 0; o < outer; o++)
      out.set(x.data.subarray(o * n * inner, (o + 1) * n * inner), (o * total + at) * inner);
    offsets.push(at);
    at += n;
  }
  return Tensor.fromOp(out, shape, xs, (y) => {
    const g = y.grad!;
    xs.forEach((x, k) => {
      if (!x.requiresGrad) return;
      const n = x.shape[axis] ?? 1;
      const gx = x.gradBuffer();
      const kk = kernels();
      for (let o = 0; o < outer; o++) kk.accumulate(gx, o * n * inner, g, (o * total + offsets[k]!) * inner, n * inner);
    });
  });
}

/** Elements [start, start+length) along `axis`. */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  const [outer, n, inner] = around(x.shape, axis);
  if (start < 0 || start + length > n) throw new Error(`narrow: [${start}, ${start + length}) outside 0..${n}`);
  const out = takeScratch(outer * length * inner);
  for (let o = 0; o < outer; o++)
    out.set(x.data.subarray((o * n + start) * inner, (o * n + start + length) * inner), o * length * inner);
  const shape = x.shape.map((d, i) => (i === axis ? length : d));
  return Tensor.fromOp(out, shape, [x], (y) => {
    const g = y.grad!;
    const gx = x.gradBuffer();
    const k = kernels();
    for (let o = 0; o < outer; o++) k.accumulate(gx, (o * n + start) * inner, g, o * length * inner, length * inner);
  });
}

export function layerNorm(x: Tensor, g: Tensor, b: Tensor, eps = 1e-5): Tensor {
  const [R, C] = [x.rows, x.cols];
  const k = kernels();
  const out = takeScratch(x.size);
  const mean = new Float32Array(R);
  const rstd = new Float32Array(R);
  k.layernormFwd(x.data, g.data, b.data, out, mean, rstd, R, C, eps);
  return Tensor.fromOp(out, x.shape, [x, g, b], (o) => {
    // The kernel always produces dx; a constant input just gets a throwaway buffer.
    const dx = x.requiresGrad ? x.gradBuffer() : takeScratch(x.size);
    k.layernormBwd(x.data, g.data, mean, rstd, o.grad!, dx, g.gradBuffer(), b.gradBuffer(), R, C, x.requiresGrad);
    if (!x.requiresGrad) giveBuffer(dx);
  });
}

export function gelu(x: Tensor): Tensor {
  const k = kernels();
  const out = takeScratch(x.size);
  k.geluFwd(x.data, out, x.size);
  return Tensor.fromOp(out, x.shape, [x], (o) => k.geluBwd(x.data, o.grad!, x.gradBuffer(), x.size, true));
}

/** Softmax over the last dimension. */
export function softmax(x: Tensor): Tensor {
  const [R, C] = [x.rows, x.cols];
  const out = takeScratch(x.size);
  kernels().softmax(x.data, out, R, C);
  return Tensor.fromOp(out, x.shape, [x], (o) => {
    const g = o.grad!;
    const gx = x.gradBuffer();
    for (let r = 0; r < R; r++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += g[r * C + c]! * out[r * C + c]!;
      for (let c = 0; c < C; c++) gx[r * C + c] = gx[r * C + c]! + out[r * C + c]! * (g[r * C + c]! - s);
    }
  });
}

/**
 * Multi-head self-attention on a packed projection qkv [B, T, 3·D] (queries, keys, values; heads
 * contiguous within each) → [B, T, D]. One fused kernel per direction: scores, mask, softmax and
 * the weighted sum never leave the kernel except the probabilities kept for the backward pass.
 */
export function attention(qkv: Tensor, nHeads: number, causal: boolean): Tensor {
  if (qkv.shape.length !== 3 || qkv.cols % (3 * nHeads) !== 0)
    throw new Error('attention: qkv must be [B, T, 3·D] with D divisible by the head count');
  const [B, T, D3] = qkv.shape as [number, number, number];
  const D = D3 / 3;
  const hd = D / nHeads;
  const k = kernels();
  const out = takeScratch(B * T * D);
  const P = takeScratch(B * nHeads * T * T);
  k.attnFwd(qkv.data, out, P, B, T, nHeads, hd, causal);
  return Tensor.fromOp(out, [B, T, D], [qkv], (o) => {
    const dq = takeScratch(qkv.size);
    k.attnBwd(qkv.data, P, o.grad!, dq, B, T, nHeads, hd, causal);
    giveBuffer(P);
    qkv.addOwnGrad(dq);
  });
}

/**
 * Rotary position embedding of the queries and keys of qkv [B, T, 3·D] (positions 0..T−1 in every
 * batch element; src/nn/rotary.ts). A rotation, so the gradient is the inverse rotation.
 */
export function rotary(qkv: Tensor, nHeads: number): Tensor {
  if (qkv.shape.length !== 3) throw new Error('rotary: qkv must be [B, T, 3·D]');
  const [B, T, D3] = qkv.shape as [number, number, number];
  const D = D3 / 3;
  const out = takeScratch(qkv.size);
  out.set(qkv.data);
  rotateQK(out, B * T, D, nHeads, (r) => r % T);
  return Tensor.fromOp(out, qkv.shape, [qkv], (o) => {
    const g = takeScratch(qkv.size);
    g.set(o.grad!);
    rotateQK(g, B * T, D, nHeads, (r) => r % T, -1);
    qkv.addOwnGrad(g);
  });
}

/** Mean cross-entropy of logits [..., V] against integer targets (target < 0 is ignored). */
export function crossEntropy(logits: Tensor, targets: Int32Array): Tensor {
  const [R, V] = [logits.rows, logits.cols];
  if (targets.length !== R) throw new Error(`crossEntropy: ${targets.length} targets for ${R} rows`);
  const k = kernels();
  const rowLoss = new Float32Array(R);
  k.xentFwd(logits.data, targets, rowLoss, R, V);
  let count = 0;
  let sum = 0;
  for (let r = 0; r < R; r++) {
    const t = targets[r]!;
    if (t >= V) throw new Error(`crossEntropy: target ${t} outside vocabulary of ${V}`);
    if (t >= 0) {
      count++;
      sum += rowLoss[r]!;
    }
  }
  const loss = count ? sum / count : 0;
  return Tensor.fromOp(new Float32Array([loss]), [], [logits], (o) => {
    if (!count) return;
    const d = takeScratch(logits.size);
    k.xentBwd(logits.data, targets, d, R, V, o.grad![0]! / count);
    logits.addOwnGrad(d);
  });
}

/** Per-row cross-entropy −log softmax(logits)[target] (0 where target < 0), without recording a graph. */
export function rowCrossEntropy(logits: Tensor, targets: Int32Array): Float32Array {
  const [R, V] = [logits.rows, logits.cols];
  if (targets.length !== R) throw new Error(`rowCrossEntropy: ${targets.length} targets for ${R} rows`);
  const rowLoss = new Float32Array(R);
  kernels().xentFwd(logits.data, targets, rowLoss, R, V);
  return rowLoss;
}

/**
 * Σ_r w_r·CE_r over rows with target ≥ 0: a cross-entropy whose every row carries its own weight
 * (a weight may be negative). Policy-gradient losses are this shape: the gradient of a loss with
 * respect to a sampled token's log-probability, g_r, becomes the weight w_r = −g_r, because
 * CE_r = −logπ_r.
 */
export function weightedCrossEntropy(logits: Tensor, targets: Int32Array, weights: Float32Array): Tensor {
  const [R, V] = [logits.rows, logits.cols];
  if (weights.length !== R) throw new Error(`weightedCrossEntropy: ${weights.length} weights for ${R} rows`);
  const rowLoss = rowCrossEntropy(logits, targets);
  let sum = 0;
  for (let r = 0; r < R; r++) {
    const t = targets[r]!;
    if (t >= V) throw new Error(`weightedCrossEntropy: target ${t} outside vocabulary of ${V}`);
    if (t >= 0) sum += weights[r]! * rowLoss[r]!;
  }
  return Tensor.fromOp(new Float32Array([sum]), [], [logits], (o) => {
    const d = takeScratch(logits.size);
    kernels().xentBwd(logits.data, targets, d, R, V, o.grad![0]!);
    for (let r = 0; r < R; r++) {
      const w = weights[r]!;
      for (let j = r * V; j < (r + 1) * V; j++) d[j] = d[j]! * w;
    }
    logits.addOwnGrad(d);
  });
}
