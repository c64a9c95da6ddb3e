/** What the engine benchmarks share: the demo's model, the thread count, where PyTorch is. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelConfig } from '../../src/nn/model.js';
import { DEFAULT_SFT_MODEL } from '../../src/train/sft.js';

/** The Python scripts live next to this file in the source tree, not in dist/. */
export const PY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bench', 'engine');
export const THREADS = 2;
/** PyTorch restricted to AVX2: its own kernels (ATen), oneDNN's and MKL's. */
export const TORCH_AVX2_ENV = {
  ATEN_CPU_CAPABILITY: 'avx2',
  DNNL_MAX_CPU_ISA: 'AVX2',
  MKL_ENABLE_INSTRUCTIONS: 'AVX2',
};

/**
 * The model `npm start` trains: DEFAULT_SFT_MODEL with the vocabulary the demo's tokenizer learns (613 tokens, seed 0).
 */
export const DEMO_MODEL: ModelConfig = { ...DEFAULT_SFT_MODEL, vocabSize: 613 };

/** A python that imports torch: VREASON_TORCH_PYTHON, /tmp/torchvenv, or python3; null when none does. */
export function torchPython(): string | null {
  const candidates = [process.env.VREASON_TORCH_PYTHON, '/tmp/torchvenv/bin/python', 'python3'].filter(
    (p): p is string => !!p,
  );
  for (const py of candidates) {
    if (py.includes('/') && !existsSync(py)) continue;
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}
