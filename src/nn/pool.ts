/**
 * Float32 buffers reused across training steps. A step allocates the same activations, scratch
 * and gradients again and again; fresh memory costs a page fault per 4 KiB on first touch and
 * garbage-collection work after, which was a fifth of a training step. Buffers that the autograd
 * knows are dead (an intermediate's gradient after its backward ran, an op's private scratch, the
 * parameters' gradients at `zeroGrad`) come back here and are handed out again, zeroed.
 *
 * Sizes are rounded up to classes of 8 per power of two (at most 12.5 % unused), and a buffer is
 * handed out as a view of exactly the length asked for, so code sees ordinary Float32Arrays. Only
 * buffers this pool made are taken back; anything else given back is ignored. Small arrays are
 * left to V8.
 */

/** Below this many floats an ordinary allocation is cheap enough. */
const MIN_POOLED = 2048;
/** Free buffers kept at most (bytes); beyond this, given-back buffers are left to the GC. */
const MAX_FREE_BYTES = 1 << 30;

const free = new Map<number, ArrayBuffer[]>();
/** Views handed out → their class size; membership means "made here and not yet given back". */
const live = new WeakMap<ArrayBuffer, number>();
let freeBytes = 0;
let enabled = true;

/** Turn reuse on or off (off: every buffer is a fresh allocation); returns the previous setting. */
export function setPoolEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  if (!on) clearPool();
  return was;
}

/** The size class of n floats: n rounded up to m·2^k with 8 ≤ m < 16. */
function sizeClass(n: number): number {
  const k = Math.max(0, Math.ceil(Math.log2(n)) - 4);
  const step = 2 ** k;
  return Math.ceil(n / step) * step;
}

/** A zeroed Float32Array of length n (recycled when one of its size class is free). */
export function takeBuffer(n: number): Float32Array {
  return take(n, true);
}

/**
 * A Float32Array of length n whose contents are unspecified (a recycled buffer keeps what it
 * held): for kernel outputs, which the kernels overwrite in full (src/nn/kernels/types.ts).
 */
export function takeScratch(n: number): Float32Array {
  return take(n, false);
}

function take(n: number, zero: boolean): Float32Array {
  if (n < MIN_POOLED || !enabled) return new Float32Array(n);
  const c = sizeClass(n);
  const buf = free.get(c)?.pop();
  let a: Float32Array;
  if (!buf) {
    const fresh = new ArrayBuffer(c * 4);
    live.set(fresh, c);
    a = new Float32Array(fresh, 0, n);
  } else {
    freeBytes -= buf.byteLength;
    live.set(buf, c);
    a = new Float32Array(buf, 0, n);
    if (zero) a.fill(0);
  }
  scope?.push(a);
  return a;
}

/** Buffers taken inside the innermost `scoped` call, or null outside one. */
let scope: Float32Array[] | null = null;

/**
 * Run `fn` and give back every buffer taken while it ran, except `keep(result)`'s: for work whose
 * intermediates die with it, such as a forward pass without gradients whose caller keeps only a
 * small result (GRPO's reference log-probabilities). `fn` must not let any other pooled buffer
 * escape (stored in an object that outlives the call).
 */
export function scoped<T>(fn: () => T, keep: (result: T) => readonly Float32Array[] = () => []): T {
  const outer = scope;
  const mine: Float32Array[] = [];
  scope = mine;
  let result: T;
  try {
    result = fn();
  } finally {
    scope = outer;
  }
  const kept = new Set(keep(result).map((a) => a.buffer));
  for (const a of mine) {
    if (kept.has(a.buffer)) outer?.push(a);
    else giveBuffer(a);
  }
  return result;
}

/**
 * Give a buffer back for reuse: the caller promises nothing reads or writes it afterwards. Arrays
 * the pool did not make, and a second give of the same buffer, are ignored.
 */
export function giveBuffer(a: Float32Array | null | undefined): void {
  if (!a || !enabled || a.length < MIN_POOLED || a.byteOffset !== 0) return;
  const buf = a.buffer as ArrayBuffer;
  const c = live.get(buf);
  if (c === undefined) return;
  live.delete(buf);
  if (freeBytes + buf.byteLength > MAX_FREE_BYTES) return;
  let list = free.get(c);
  if (!list) free.set(c, (list = []));
  list.push(buf);
  freeBytes += buf.byteLength;
}

/** Free bytes held, and the number of size classes with free buffers (for tests and benchmarks). */
export function poolStats(): { freeBytes: number; classes: number } {
  let classes = 0;
  for (const l of free.values()) if (l.length) classes++;
  return { freeBytes, classes };
}

/** Drop every free buffer (the GC takes them). */
export function clearPool(): void {
  free.clear();
  freeBytes = 0;
}
