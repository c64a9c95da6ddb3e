/**
 * The portable backend: every kernel in plain TypeScript over Float32Array. Single-threaded and
 * ~50–100× slower than the native addon on matmuls, but it runs wherever Node runs and defines the
 * reference semantics the native kernels are tested against.
 */
import type { Kernels } from './types.js';

const GELU_K = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

const gemm: Kernels['gemm'] = (transA, transB, M, N, K, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc) => {
  for (let i = 0; i < M; i++) {
    const c = cOff + i * ldc;
    if (beta === 0) C.fill(0, c, c + N);
    else if (beta !== 1) for (let j = 0; j < N; j++) C[c + j] = beta * C[c + j]!;
  }
  if (K === 0 || alpha === 0) return;
  if (transB && !transA) {
    // C[i,j] += alpha · A[i,:]·B[j,:] — two contiguous rows per dot product.
    for (let i = 0; i < M; i++) {
      const a = aOff + i * lda;
      const c = cOff + i * ldc;
      for (let j = 0; j < N; j++) {
        const b = bOff + j * ldb;
        let s = 0;
        for (let p = 0; p < K; p++) s += A[a + p]! * B[b + p]!;
        C[c + j] = C[c + j]! + alpha * s;
      }
    }
    return;
  }
  if (transB) {
    // Aᵀ·Bᵀ is rare; transpose B once and fall through to the row-axpy form.
    const Bt = new Float32Array(K * N);
    for (let j = 0; j < N; j++) for (let p = 0; p < K; p++) Bt[p * N + j] = B[bOff + j * ldb + p]!;
    gemm(transA, false, M, N, K, alpha, A, aOff, lda, Bt, 0, N, 1, C, cOff, ldc);
    return;
  }
  // C[i,:] += alpha · op(A)[i,p] · B[p,:] — axpy over contiguous rows of B and C.
  for (let i = 0; i < M; i++) {
    const c = cOff + i * ldc;
    for (let p = 0; p < K; p++) {
      const a = alpha * (transA ? A[aOff + p * lda + i]! : A[aOff + i * lda + p]!);
      if (a === 0) continue;
      const b = bOff + p * ldb;
      for (let j = 0; j < N; j++) C[c + j] = C[c + j]! + a * B[b + j]!;
    }
  }
};

function softmaxRow(y: Float32Array, off: number, n: number, valid: number): void {
  let mx = -Infinity;
  for (let j = 0; j < valid; j++) mx = Math.max(mx, y[off + j]!);
  let s = 0;
  for (let j = 0; j < valid; j++) {
    const e = Math.exp(y[off + j]! - mx);
    y[off + j] = e;
    s += e;
  }
  for (let j = 0; j < valid; j++) y[off + j] = y[off + j]! / s;
  y.fill(0, off + valid, off + n);
}

export const jsKernels: Kernels = {
  gemm,
  geluFwd(x, y, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      y[i] = 0.5 * v * (1 + Math.tanh(GELU_K * (v + GELU_C * v * v * v)));
    }
  },
  geluBwd(x, dy, dx, n, acc) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const t = Math.tanh(GELU_K * (v + GELU_C * v * v * v));
      const g = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_K * (1 + 3 * GELU_C * v * v);
      dx[i] = (acc ? dx[i]! : 0) + dy[i]! * g;
    }
  },
  layernormFwd(x, g, b, y, mean, rstd, rows, cols, eps) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let s = 0;
      for (let c = 0; c < cols; c++) s += x[o + c]!;
      const m = s / cols;
      let v = 0;
      for (let c = 0; c < cols; c++) v += (x[o + c]! - m) ** 2;
      const rs = 1 / Math.sqrt(v / cols + eps);
      for (let c = 0; c < cols; c++) y[o + c] = (x[o + c]! - m) * rs * g[c]! + b[c]!;
      mean[r] = m;
      rstd[r] = rs;
    }
  },
  layernormBwd(x, g, mean, rstd, dy, dx, dg, db, rows, cols, acc) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const m = mean[r]!;
      const rs = rstd[r]!;
      let s1 = 0;
      let s2 = 0;
      for (let c = 0; c < cols; c++) {
        const xh = (x[o + c]! - m) * rs;
        const d = dy[o + c]! * g[c]!;
        s1 += d;
        s2 += d * xh;
        dg[c] = dg[c]! + dy[o + c]! * xh;
        db[c] = db[c]! + dy[o + c]!;
      }
      s1 /= cols;
      s2 /= cols;
      for (let c = 0; c < cols; c++) {
        const xh = (x[o + c]! - m) * rs;
        const v = rs * (dy[o + c]! * g[c]! - s1 - xh * s2);
        dx[o + c] = (acc ? dx[o + c]! : 0) + v;
      }
    }
  },
  softmax(x, y, rows, cols) {
    if (x !== y) y.set(x.subarray(0, rows * cols));
    for (let r = 0; r < rows; r++) softmaxRow(y, r * cols, cols, cols);
  },
  attnFwd(qkv, out, P, B, T, H, hd, causal) {
    const D = H * hd;
    const scale = 1 / Math.sqrt(hd);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const q = b * T * 3 * D + h * hd;
        const p = (b * H + h) * T * T;
        gemm(false, true, T, T, hd, scale, qkv, q, 3 * D, qkv, q + D, 3 * D, 0, P, p, T);
        for (let i = 0; i < T; i++) softmaxRow(P, p + i * T, T, causal ? i + 1 : T);
        gemm(false, false, T, hd, T, 1, P, p, T, qkv, q + 2 * D, 3 * D, 0, out, b * T * D + h * hd, D);
      }
    }
  },
  attnBwd(qkv, P, dout, dqkv, B, T, H, hd) {
    const D = H * hd;
    const scale = 1 / Math.sqrt(hd);
    const ds = new Float32Array(T * T);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const q = b * T * 3 * D + h * hd;
        const p = (b * H + h) * T * T;
        const dO = b * T * D + h * hd;
        gemm(false, true, T, T, hd, 1, dout, dO, D, qkv, q + 2 * D, 3 * D, 0, ds, 0, T);
        gemm(true, false, T, hd, T, 1, P, p, T, dout, dO, D, 0, dqkv, q + 2 * D, 3 * D);
        for (let i = 0; i < T; i++) {
          let s = 0;
          for (let j = 0; j < T; j++) s += ds[i * T + j]! * P[p + i * T + j]!;
          for (let j = 0; j < T; j++) ds[i * T + j] = P[p + i * T + j]! * (ds[i * T + j]! - s) * scale;
        }
        gemm(false, false, T, hd, T, 1, ds, 0, T, qkv, q + D, 3 * D, 0, dqkv, q, 3 * D);
        gemm(true, false, T, hd, T, 1, ds, 0, T, qkv, q, 3 * D, 0, dqkv, q + D, 3 * D);
      }
    }
  },
  xentFwd(logits, targets, loss, rows, V) {
    for (let r = 0; r < rows; r++) {
      const t = targets[r]!;
      if (t < 0) {
        loss[r] = 0;
        continue;
      }
      const o = r * V;
      let mx = -Infinity;
      for (let j = 0; j < V; j++) mx = Math.max(mx, logits[o + j]!);
      let s = 0;
      for (let j = 0; j < V; j++) s += Math.exp(logits[o + j]! - mx);
      loss[r] = Math.log(s) + mx - logits[o + t]!;
    }
  },
  xentBwd(logits, targets, dl, rows, V, scale) {
    for (let r = 0; r < rows; r++) {
      const t = targets[r]!;
      const o = r * V;
      if (t < 0) {
        dl.fill(0, o, o + V);
        continue;
      }
      let mx = -Infinity;
      for (let j = 0; j < V; j++) mx = Math.max(mx, logits[o + j]!);
      let s = 0;
      for (let j = 0; j < V; j++) {
        const e = Math.exp(logits[o + j]! - mx);
        dl[o + j] = e;
        s += e;
      }
      for (let j = 0; j < V; j++) dl[o + j] = (dl[o + j]! * scale) / s;
      dl[o + t] = dl[o + t]! - scale;
    }
  },
  adamw(w, g, m, v, n, lr, beta1, beta2, eps, weightDecay, step) {
    const bc1 = 1 - beta1 ** step;
    const bc2 = 1 - beta2 ** step;
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * gi;
      const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      w[i] = w[i]! * (1 - lr * weightDecay) - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
    }
  },
  linearFwd(x, w, bias, out, geluOut, R, O, I) {
    gemm(false, true, R, O, I, 1, x, 0, I, w, 0, I, 0, out, 0, O);
    if (bias) for (let r = 0; r < R; r++) for (let c = 0; c < O; c++) out[r * O + c] = out[r * O + c]! + bias[c]!;
    if (geluOut) jsKernels.geluFwd(out, geluOut, R * O);
  },
  add(a, b, out, n, nb) {
    for (let o = 0; o < n; o += nb) for (let j = 0; j < nb; j++) out[o + j] = a[o + j]! + b[j]!;
  },
  accumulate(dst, dOff, src, sOff, n) {
    for (let i = 0; i < n; i++) dst[dOff + i] = dst[dOff + i]! + src[sOff + i]!;
  },
  colSum(g, out, rows, cols) {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c] = out[c]! + g[r * cols + c]!;
  },
  embedFwd(table, ids, out, n, D) {
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id < 0) out.fill(0, i * D, i * D + D);
      else out.set(table.subarray(id * D, id * D + D), i * D);
    }
  },
  embedBwd(g, ids, gt, n, D) {
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id < 0) continue;
      for (let c = 0; c < D; c++) gt[id * D + c] = gt[id * D + c]! + g[i * D + c]!;
    }
  },
  threads() {
    return 1;
  },
};
