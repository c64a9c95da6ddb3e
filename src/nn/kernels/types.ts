/**
 * The kernel set every engine backend provides. Arrays are row-major; `*Off` are element offsets
 * and `ld*` row strides, so a caller can address one head or column block of a bigger buffer.
 * Flags `acc` mean "add into the output" (gradient accumulation) instead of overwriting it.
 * Every other output is overwritten in full, so callers may pass recycled, unzeroed buffers.
 */
export interface Kernels {
  /** C = alpha·op(A)·op(B) + beta·C where op(X) = Xᵀ when its flag is set (never materialised). */
  gemm(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    alpha: number,
    A: Float32Array,
    aOff: number,
    lda: number,
    B: Float32Array,
    bOff: number,
    ldb: number,
    beta: number,
    C: Float32Array,
    cOff: number,
    ldc: number,
  ): void;
  /** GELU, tanh approximation (PyTorch's `approximate='tanh'`). */
  geluFwd(x: Float32Array, y: Float32Array, n: number): void;
  geluBwd(x: Float32Array, dy: Float32Array, dx: Float32Array, n: number, acc: boolean): void;
  /** Row-wise layer norm; saves mean and 1/std per row for the backward pass. */
  layernormFwd(
    x: Float32Array,
    g: Float32Array,
    b: Float32Array,
    y: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    rows: number,
    cols: number,
    eps: number,
  ): void;
  /** dx (accumulated when acc); dg and db are always accumulated into. */
  layernormBwd(
    x: Float32Array,
    g: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dg: Float32Array,
    db: Float32Array,
    rows: number,
    cols: number,
    acc: boolean,
  ): void;
  /** Row-wise softmax (x and y may be the same array). */
  softmax(x: Float32Array, y: Float32Array, rows: number, cols: number): void;
  /** Multi-head attention over packed qkv [B,T,3D] → out [B,T,D]; keeps probabilities P [B,H,T,T]. */
  attnFwd(
    qkv: Float32Array,
    out: Float32Array,
    P: Float32Array,
    B: number,
    T: number,
    H: number,
    hd: number,
    causal: boolean,
  ): void;
  /**
   * Writes (not accumulates) the full gradient of qkv. `causal` (as in the forward) lets a kernel
   * skip the masked upper triangle; the result is the same either way, since P is 0 there.
   */
  attnBwd(
    qkv: Float32Array,
    P: Float32Array,
    dout: Float32Array,
    dqkv: Float32Array,
    B: number,
    T: number,
    H: number,
    hd: number,
    causal?: boolean,
  ): void;
  /** Per-row cross-entropy (0 where target < 0). */
  xentFwd(logits: Float32Array, targets: Int32Array, loss: Float32Array, rows: number, V: number): void;
  /** dlogits = (softmax − onehot)·scale per row (0 where target < 0). */
  xentBwd(
    logits: Float32Array,
    targets: Int32Array,
    dlogits: Float32Array,
    rows: number,
    V: number,
    scale: number,
  ): void;
  /** One decoupled-weight-decay Adam step in place; `step` counts from 1. */
  adamw(
    w: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    step: number,
  ): void;
  /**
   * out = x·wᵀ + bias for x [R, I], w [O, I] (nn.Linear), bias [O] or null; when geluOut is given it
   * also receives gelu(out) (the bias and GELU are applied while each block of rows is in cache).
   */
  linearFwd(
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    geluOut: Float32Array | null,
    R: number,
    O: number,
    I: number,
  ): void;
  /** out[i] = a[i] + b[i mod nb] for i < n (nb divides n). */
  add(a: Float32Array, b: Float32Array, out: Float32Array, n: number, nb: number): void;
  /** dst[dOff + i] += src[sOff + i] for i < n. */
  accumulate(dst: Float32Array, dOff: number, src: Float32Array, sOff: number, n: number): void;
  /** out[c] += Σ_r g[r·cols + c] (bias gradients). */
  colSum(g: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** out[i,:] = table[ids[i],:] (zeros where ids[i] = −1; ids already validated). */
  embedFwd(table: Float32Array, ids: Int32Array, out: Float32Array, n: number, D: number): void;
  /** gtable[ids[i],:] += g[i,:] (skipping −1; repeated ids add up). */
  embedBwd(g: Float32Array, ids: Int32Array, gtable: Float32Array, n: number, D: number): void;
  /**
   * Optional (the native addon has it): one generation step of a whole decoder for a batch of
   * sequences. `weights`: per layer ln1.w, ln1.b, qkv.w, qkv.b, proj.w, proj.b, ln2.w, ln2.b,
   * fc.w, fc.b, out.w, out.b, then ln_f.w, ln_f.b, head.w, the five matrices transposed ([in, out],
   * each row of ceil(out/16)·16 + 16 floats, the outputs first);
   * `dims` [D, H, layers, dMlp, vocab,
   * rope 0|1]; `x` the input embeddings of every new row (sequence after sequence, `counts[s]` rows
   * each, sitting at positions lens[s]…); `caches[s]` [layers, 2, caps[s], D] keys then values,
   * appended to; `logits` [sequences, vocab] of each sequence's last new row.
   */
  decodeStep?(
    weights: Float32Array[],
    dims: Int32Array,
    x: Float32Array,
    counts: Int32Array,
    lens: Int32Array,
    caps: Int32Array,
    caches: Float32Array[],
    logits: Float32Array,
  ): void;
  /** Set (when n > 0) and return the number of threads the kernels use. */
  threads(n?: number): number;
}
