/**
 * Which kernels run: the native addon when it loads and agrees with the JS reference on a quick
 * self-check, otherwise the pure-TypeScript kernels. `VREASON_ENGINE=js|native` forces one
 * (forcing native when it cannot load is an error, not a silent fallback); `VREASON_THREADS=n`
 * sets the native thread count. The choice and its reason are reported by `vreason doctor`.
 */
import { mulberry32 } from '../core/rng.js';
import { jsKernels } from './kernels/js.js';
import { ADDON_PATH, loadNative } from './kernels/native.js';
import type { Kernels } from './kernels/types.js';

export type { Kernels } from './kernels/types.js';
export type BackendName = 'native' | 'js';

export interface EngineInfo {
  backend: BackendName;
  reason: string;
  threads: number;
  addon: string;
}

let chosen: { kernels: Kernels; info: EngineInfo } | undefined;

/** The kernels every op uses (chosen once per process). */
export function kernels(): Kernels {
  return (chosen ??= choose()).kernels;
}

export function engineInfo(): EngineInfo {
  return (chosen ??= choose()).info;
}

function choose(): { kernels: Kernels; info: EngineInfo } {
  const want = process.env.VREASON_ENGINE?.trim().toLowerCase();
  if (want && want !== 'js' && want !== 'native') throw new Error(`VREASON_ENGINE must be "js" or "native", not "${want}"`);
  const js = (reason: string) => ({ kernels: jsKernels, info: { backend: 'js' as const, reason, threads: 1, addon: ADDON_PATH } });
  if (want === 'js') return js('forced by VREASON_ENGINE=js');
  const native = loadNative();
  let problem = 'error' in native ? native.error : selfCheck(native.kernels);
  if (problem === null && 'kernels' in native) {
    const n = Number(process.env.VREASON_THREADS ?? 0);
    const threads = native.kernels.threads(Number.isInteger(n) && n > 0 ? n : 0);
    const reason = want === 'native' ? 'forced by VREASON_ENGINE=native' : 'addon loaded and passed the self-check';
    return { kernels: native.kernels, info: { backend: 'native', reason, threads, addon: ADDON_PATH } };
  }
  problem ??= 'unknown';
  if (want === 'native') throw new Error(`VREASON_ENGINE=native but the native engine is unusable: ${problem}`);
  return js(`native unavailable: ${problem}`);
}

/** Compare a candidate backend with the JS reference on small inputs; null when they agree. */
export function selfCheck(k: Kernels): string | null {
  try {
    const r = mulberry32(7);
    const rand = (n: number) => Float32Array.from({ length: n }, () => r() * 2 - 1);
    const close = (a: Float32Array, b: Float32Array) => a.every((x, i) => Math.abs(x - b[i]!) <= 1e-4 + 1e-3 * Math.abs(b[i]!));
    // Every transpose combination, with offsets and padded leading dimensions.
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const [M, N, K] = [13, 37, 19];
      const A = rand(3 + 40 * 40);
      const B = rand(5 + 40 * 40);
      const c1 = rand(2 + M * 41);
      const c2 = c1.slice();
      k.gemm(ta, tb, M, N, K, 0.5, A, 3, 40, B, 5, 40, 0.25, c1, 2, 41);
      jsKernels.gemm(ta, tb, M, N, K, 0.5, A, 3, 40, B, 5, 40, 0.25, c2, 2, 41);
      if (!close(c1, c2)) return `gemm(transA=${ta}, transB=${tb}) disagrees with the JS reference`;
    }
    const [Bt, T, H, hd] = [2, 5, 2, 3];
    const qkv = rand(Bt * T * 3 * H * hd);
    const dout = rand(Bt * T * H * hd);
    const run = (kk: Kernels) => {
      const out = new Float32Array(dout.length);
      const P = new Float32Array(Bt * H * T * T);
      const dq = new Float32Array(qkv.length);
      kk.attnFwd(qkv, out, P, Bt, T, H, hd, true);
      kk.attnBwd(qkv, P, dout, dq, Bt, T, H, hd);
      const y = new Float32Array(20);
      kk.geluFwd(qkv, y, 20);
      return [out, dq, y];
    };
    const [a, b] = [run(k), run(jsKernels)];
    if (!a.every((x, i) => close(x, b[i]!))) return 'attention or GELU disagrees with the JS reference';
    return null;
  } catch (e) {
    return `self-check threw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * Switch the process to one backend (benchmarks and tests compare both in one process).
 * Throws when the native addon cannot be used, with the reason.
 */
export function useBackend(name: BackendName): EngineInfo {
  if (name === 'js') {
    chosen = { kernels: jsKernels, info: { backend: 'js', reason: 'selected with useBackend("js")', threads: 1, addon: ADDON_PATH } };
    return chosen.info;
  }
  const native = loadNative();
  if ('error' in native) throw new Error(`native engine unavailable: ${native.error}`);
  const problem = selfCheck(native.kernels);
  if (problem) throw new Error(`native engine failed its self-check: ${problem}`);
  chosen = { kernels: native.kernels, info: { backend: 'native', reason: 'selected with useBackend("native")', threads: native.kernels.threads(0), addon: ADDON_PATH } };
  return chosen.info;
}

/** Whether the native addon can be used here, and why not when it cannot. */
export function nativeStatus(): { ok: true } | { ok: false; reason: string } {
  const native = loadNative();
  if ('error' in native) return { ok: false, reason: native.error };
  const problem = selfCheck(native.kernels);
  return problem ? { ok: false, reason: problem } : { ok: true };
}
