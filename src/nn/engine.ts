/**
 * Which kernels run: the native addon when it loads and agrees with the JS reference on a quick
 * self-check, otherwise the pure-TypeScript kernels. `VREASON_ENGINE=js|native` forces one
 * (forcing native when it cannot load is an error, not a silent fallback); `VREASON_ISA=avx512|
 * avx2|neon|generic` forces one of the addon's per-instruction-set kernel tables (default: the best
 * one the CPU runs); `VREASON_THREADS=n` sets the native thread count (src/nn/threads.ts). The choice
 * and its reasons are reported by `vreason doctor`.
 */
import { availableParallelism } from 'node:os';
import { mulberry32 } from '../core/rng.js';
import { jsKernels } from './kernels/js.js';
import { ADDON_PATH, ISA_NAMES, loadNative, type IsaInfo, type IsaName, type NativeAddon } from './kernels/native.js';
import type { Kernels } from './kernels/types.js';
import { chooseThreads, loadFollower, sampleLoad } from './threads.js';

export type { Kernels } from './kernels/types.js';
export type { IsaInfo, IsaName } from './kernels/native.js';
export type BackendName = 'native' | 'js';

export interface EngineInfo {
  backend: BackendName;
  reason: string;
  threads: number;
  addon: string;
  /** Native only: the kernel table in use, its SGEMM tile, the tables built and runnable, the CPU's SIMD features. */
  isa?: IsaName;
  tile?: string;
  isaCompiled?: IsaName[];
  isaRunnable?: IsaName[];
  cpuFeatures?: string[];
  threadsReason?: string;
}

let chosen: { kernels: Kernels; info: EngineInfo } | undefined;

/** The kernels every op uses (chosen once per process). */
export function kernels(): Kernels {
  return (chosen ??= choose()).kernels;
}

export function engineInfo(): EngineInfo {
  return (chosen ??= choose()).info;
}

function parseIsa(v: string | undefined): IsaName | undefined {
  const want = v?.trim().toLowerCase();
  if (!want) return undefined;
  if (!(ISA_NAMES as readonly string[]).includes(want))
    throw new Error(`VREASON_ISA must be one of ${ISA_NAMES.join(', ')}, not "${want}"`);
  return want as IsaName;
}

/**
 * The addon's kernels, following the load when the thread count is not fixed: before each GEMM and
 * attention call (at most every 0.5 s) the count is re-chosen from the other processes' CPU use.
 */
function withThreadPolicy(addon: NativeAddon): { kernels: Kernels; threads: number; reason: string } {
  const cpus = availableParallelism();
  const t = chooseThreads({ requested: process.env.VREASON_THREADS, cpus });
  const k = addon.kernels;
  const threads = k.threads(t.threads);
  if (t.reason === 'VREASON_THREADS' || cpus < 2 || !sampleLoad()) return { kernels: k, threads, reason: t.reason };
  const follow = loadFollower(cpus, (n) => k.threads(n));
  return {
    threads,
    reason: `${t.reason}, fewer while other processes keep CPUs busy (re-checked every 0.5 s)`,
    kernels: {
      ...k,
      gemm: (...a) => {
        follow();
        k.gemm(...a);
      },
      linearFwd: (...a) => {
        follow();
        k.linearFwd(...a);
      },
      attnFwd: (...a) => {
        follow();
        k.attnFwd(...a);
      },
      ...(k.decodeStep
        ? {
            decodeStep: (...a: Parameters<NonNullable<Kernels['decodeStep']>>) => {
              follow();
              k.decodeStep!(...a);
            },
          }
        : {}),
    },
  };
}

function nativeInfo(addon: NativeAddon, reason: string, t: { threads: number; reason: string }): EngineInfo {
  const threads = t.threads;
  const i: IsaInfo = addon.isaInfo();
  return {
    backend: 'native',
    reason,
    threads,
    addon: ADDON_PATH,
    isa: i.isa,
    tile: `${i.mr}x${i.nr} (${i.vectorBytes}-byte vectors)`,
    isaCompiled: i.compiled,
    isaRunnable: i.runnable,
    cpuFeatures: i.cpuFeatures,
    threadsReason: t.reason,
  };
}

function choose(): { kernels: Kernels; info: EngineInfo } {
  const want = process.env.VREASON_ENGINE?.trim().toLowerCase();
  if (want && want !== 'js' && want !== 'native')
    throw new Error(`VREASON_ENGINE must be "js" or "native", not "${want}"`);
  const isa = parseIsa(process.env.VREASON_ISA);
  const js = (reason: string) => ({
    kernels: jsKernels,
    info: { backend: 'js' as const, reason, threads: 1, addon: ADDON_PATH },
  });
  if (want === 'js') return js('forced by VREASON_ENGINE=js');
  const native = loadNative();
  let problem: string | null;
  if ('error' in native) problem = native.error;
  else {
    try {
      if (isa) native.setIsa(isa);
      problem = selfCheck(native.kernels);
    } catch (e) {
      // A forced instruction set that cannot run here is the user's explicit request: say so.
      if (isa) throw new Error(`VREASON_ISA=${isa}: ${e instanceof Error ? e.message : String(e)}`);
      problem = `self-check threw: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  if (problem === null && 'kernels' in native) {
    const base = want === 'native' ? 'forced by VREASON_ENGINE=native' : 'addon loaded and passed the self-check';
    const reason = isa ? `${base}; kernels forced by VREASON_ISA=${isa}` : base;
    const p = withThreadPolicy(native);
    return { kernels: p.kernels, info: nativeInfo(native, reason, p) };
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
    const close = (a: Float32Array, b: Float32Array) =>
      a.every((x, i) => Math.abs(x - b[i]!) <= 1e-4 + 1e-3 * Math.abs(b[i]!));
    // Every transpose combination, with offsets and padded leading dimensions.
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const [M, N, K] = [13, 37, 19];
      const A = rand(3 + 40 * 40);
      const B = rand(5 + 40 * 40);
      const c1 = rand(2 + M * 41);
      const c2 = c1.slice();
      k.gemm(ta, tb, M, N, K, 0.5, A, 3, 40, B, 5, 40, 0.25, c1, 2, 41);
      jsKernels.gemm(ta, tb, M, N, K, 0.5, A, 3, 40, B, 5, 40, 0.25, c2, 2, 41);
      if (!close(c1, c2)) return `gemm(transA=${ta}, transB=${tb}) disagrees with the JS reference`;
    }
    // T = 61 spans several of the causal kernel's row blocks.
    const [Bt, T, H, hd] = [2, 61, 2, 3];
    const qkv = rand(Bt * T * 3 * H * hd);
    const dout = rand(Bt * T * H * hd);
    const run = (kk: Kernels) => {
      const res: Float32Array[] = [];
      for (const causal of [true, false]) {
        const out = new Float32Array(dout.length);
        const P = new Float32Array(Bt * H * T * T);
        const dq = new Float32Array(qkv.length);
        kk.attnFwd(qkv, out, P, Bt, T, H, hd, causal);
        kk.attnBwd(qkv, P, dout, dq, Bt, T, H, hd, causal);
        res.push(out, dq);
      }
      const y = new Float32Array(20);
      kk.geluFwd(qkv, y, 20);
      return [...res, y];
    };
    const [a, b] = [run(k), run(jsKernels)];
    if (!a.every((x, i) => close(x, b[i]!))) return 'attention or GELU disagrees with the JS reference';
    const [R, O, I] = [9, 21, 17];
    const x = rand(R * I).map((v) => 3 * v);
    const w = rand(O * I);
    const bias = rand(O);
    const glue = (kk: Kernels) => {
      const out = new Float32Array(R * O);
      const g = new Float32Array(R * O);
      kk.linearFwd(x, w, bias, out, g, R, O, I);
      const cs = new Float32Array(O).fill(1);
      kk.colSum(out, cs, R, O);
      const sum = new Float32Array(R * O);
      kk.add(out, bias, sum, R * O, O);
      kk.accumulate(sum, 3, g, 1, 50);
      const ids = Int32Array.from({ length: R }, (_, i) => (i === 4 ? -1 : i % 3));
      const e = new Float32Array(R * O);
      kk.embedFwd(w, ids, e, R, O);
      const gt = new Float32Array(3 * O);
      kk.embedBwd(g, ids, gt, R, O);
      return [out, g, cs, sum, e, gt];
    };
    const [ga, gb] = [glue(k), glue(jsKernels)];
    if (!ga.every((x, i) => close(x, gb[i]!)))
      return 'linear (bias, GELU) or the glue kernels disagree with the JS reference';
    return null;
  } catch (e) {
    return `self-check threw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * Switch the process to one backend (benchmarks and tests compare both in one process); for native,
 * to one instruction set's kernel table (default: VREASON_ISA, else the best the CPU runs). Throws when that cannot be
 * used, with the reason.
 */
export function useBackend(name: BackendName, opts: { isa?: IsaName } = {}): EngineInfo {
  if (name === 'js') {
    chosen = {
      kernels: jsKernels,
      info: { backend: 'js', reason: 'selected with useBackend("js")', threads: 1, addon: ADDON_PATH },
    };
    return chosen.info;
  }
  const native = loadNative();
  if ('error' in native) throw new Error(`native engine unavailable: ${native.error}`);
  native.setIsa(opts.isa ?? parseIsa(process.env.VREASON_ISA) ?? native.isaInfo().runnable[0] ?? 'generic');
  const problem = selfCheck(native.kernels);
  if (problem) throw new Error(`native engine (${native.isaInfo().isa}) failed its self-check: ${problem}`);
  const p = withThreadPolicy(native);
  chosen = {
    kernels: p.kernels,
    info: nativeInfo(native, `selected with useBackend("native"${opts.isa ? `, ${opts.isa}` : ''})`, p),
  };
  return chosen.info;
}

/** The native kernel tables this machine can run (best first); empty when the addon is unusable. */
export function runnableIsas(): IsaName[] {
  const native = loadNative();
  return 'error' in native ? [] : native.isaInfo().runnable;
}

/** Whether the native addon can be used here, and why not when it cannot. */
export function nativeStatus(): { ok: true } | { ok: false; reason: string } {
  const native = loadNative();
  if ('error' in native) return { ok: false, reason: native.error };
  const problem = selfCheck(native.kernels);
  return problem ? { ok: false, reason: problem } : { ok: true };
}
