/**
 * Loading the native addon built by scripts/build-native.mjs (native/build/vreason_engine.node).
 * Loading can fail for many ordinary reasons (no compiler at install time, another CPU, another
 * Node ABI), so this returns the reason instead of throwing; the engine then uses the JS kernels.
 *
 * The addon holds one kernel table per instruction set it was compiled for (AVX-512, AVX2+FMA,
 * NEON, generic) and starts on the best one this CPU runs; `setIsa` switches every kernel to
 * another (tests and benchmarks check each table against the JS kernels in one process).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { applyOmpDefaults } from '../threads.js';
import type { Kernels } from './types.js';

/** Where the install script puts the addon (relative to dist/src/nn/kernels/). */
export const ADDON_PATH = fileURLToPath(new URL('../../../../native/build/vreason_engine.node', import.meta.url));

export type IsaName = 'avx512' | 'avx2' | 'neon' | 'generic';
export const ISA_NAMES: readonly IsaName[] = ['avx512', 'avx2', 'neon', 'generic'];

/** What the addon reports about its kernel tables and the CPU. */
export interface IsaInfo {
  /** The table in use. */
  isa: IsaName;
  /** Its SGEMM micro-tile (rows × columns of C kept in registers) and vector width. */
  mr: number;
  nr: number;
  vectorBytes: number;
  /** Tables compiled into this build, and those of them this CPU can run (best first). */
  compiled: IsaName[];
  runnable: IsaName[];
  /** The SIMD features the CPU reports (x86: sse4.2 … avx512vl; arm64: neon). */
  cpuFeatures: string[];
  openmp: boolean;
}

export interface NativeAddon {
  kernels: Kernels;
  isaInfo(): IsaInfo;
  /** Switch every kernel to one table; throws with the reason when it is not compiled in or the CPU lacks it. */
  setIsa(name: IsaName): void;
}

const NEED = [
  'gemm',
  'geluFwd',
  'geluBwd',
  'layernormFwd',
  'layernormBwd',
  'softmax',
  'attnFwd',
  'attnBwd',
  'xentFwd',
  'xentBwd',
  'adamw',
  'threads',
  'linearFwd',
  'add',
  'accumulate',
  'colSum',
  'embedFwd',
  'embedBwd',
  'isaInfo',
  'setIsa',
];

type Fn = (...a: unknown[]) => unknown;

export function loadNative(path = ADDON_PATH): NativeAddon | { error: string } {
  if (!existsSync(path)) return { error: `addon not built (${path} missing; run \`node scripts/build-native.mjs\`)` };
  try {
    // OpenMP reads its environment once, when the addon pulls libgomp in: set the wait policy first.
    applyOmpDefaults(process.env);
    const mod = createRequire(import.meta.url)(path) as Record<string, unknown>;
    const missing = NEED.filter((k) => typeof mod[k] !== 'function');
    if (missing.length)
      return { error: `addon lacks ${missing.join(', ')} (stale build? run \`npm run build:native\`)` };
    const raw = mod as unknown as Kernels & Record<string, Fn>;
    const f = (name: string) => raw[name] as Fn;
    // Booleans cross the boundary as numbers; everything else passes straight through.
    const kernels: Kernels = {
      ...raw,
      gemm: (ta, tb, M, N, K, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc) =>
        void f('gemm')(ta ? 1 : 0, tb ? 1 : 0, M, N, K, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc),
      geluBwd: (x, dy, dx, n, acc) => void f('geluBwd')(x, dy, dx, n, acc ? 1 : 0),
      layernormBwd: (x, g, m, r, dy, dx, dg, db, rows, cols, acc) =>
        void f('layernormBwd')(x, g, m, r, dy, dx, dg, db, rows, cols, acc ? 1 : 0),
      attnFwd: (qkv, out, P, B, T, H, hd, causal) => void f('attnFwd')(qkv, out, P, B, T, H, hd, causal ? 1 : 0),
      attnBwd: (qkv, P, dout, dq, B, T, H, hd, causal) =>
        void f('attnBwd')(qkv, P, dout, dq, B, T, H, hd, causal ? 1 : 0),
      threads: (n?: number) => f('threads')(n ?? 0) as number,
    };
    return {
      kernels,
      isaInfo: () => f('isaInfo')() as IsaInfo,
      setIsa: (name) => void f('setIsa')(name),
    };
  } catch (e) {
    return { error: `addon failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}
