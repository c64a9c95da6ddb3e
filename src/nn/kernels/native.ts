/**
 * Loading the native addon built by scripts/build-native.mjs (native/build/vreason_engine.node).
 * Loading can fail for many ordinary reasons (no compiler at install time, another CPU, another
 * Node ABI), so this returns the reason instead of throwing; the engine then uses the JS kernels.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Kernels } from './types.js';

/** Where the install script puts the addon (relative to dist/src/nn/kernels/). */
export const ADDON_PATH = fileURLToPath(new URL('../../../../native/build/vreason_engine.node', import.meta.url));

export function loadNative(path = ADDON_PATH): { kernels: Kernels } | { error: string } {
  if (!existsSync(path)) return { error: `addon not built (${path} missing; run \`node scripts/build-native.mjs\`)` };
  try {
    const mod = createRequire(import.meta.url)(path) as Record<string, unknown>;
    const need = ['gemm', 'geluFwd', 'geluBwd', 'layernormFwd', 'layernormBwd', 'softmax', 'attnFwd', 'attnBwd', 'xentFwd', 'xentBwd', 'adamw', 'threads'];
    const missing = need.filter((k) => typeof mod[k] !== 'function');
    if (missing.length) return { error: `addon lacks ${missing.join(', ')} (stale build?)` };
    const raw = mod as unknown as Kernels & { gemm: (...a: unknown[]) => void };
    // Booleans cross the boundary as numbers; everything else passes straight through.
    return {
      kernels: {
        ...raw,
        gemm: (ta, tb, M, N, K, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc) =>
          raw.gemm(ta ? 1 : 0, tb ? 1 : 0, M, N, K, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc),
        geluBwd: (x, dy, dx, n, acc) => (raw.geluBwd as (...a: unknown[]) => void)(x, dy, dx, n, acc ? 1 : 0),
        layernormBwd: (x, g, m, r, dy, dx, dg, db, rows, cols, acc) =>
          (raw.layernormBwd as (...a: unknown[]) => void)(x, g, m, r, dy, dx, dg, db, rows, cols, acc ? 1 : 0),
        attnFwd: (qkv, out, P, B, T, H, hd, causal) => (raw.attnFwd as (...a: unknown[]) => void)(qkv, out, P, B, T, H, hd, causal ? 1 : 0),
        threads: (n?: number) => (raw.threads as (n?: number) => number)(n ?? 0),
      },
    };
  } catch (e) {
    return { error: `addon failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}
