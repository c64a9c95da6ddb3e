/**
 * Generation benchmark: greedy decoding with the KV cache of the demo's model (what `vreason
 * serve` and GRPO rollouts run), batch 1 and batch 32, vreason against PyTorch on the same
 * weights in the same run (bench/engine/torch_generate.py: eager, torch.inference_mode, its own
 * KV-cache loop). Every prompt is 9 frames (108 frame tokens) + 48 text tokens, like a rollout's
 * video prompt; each sequence generates 64 tokens (no EOS), so tokens/s = batch × 64 / time, the
 * prefill included. vreason runs twice: the native decode step (one addon call per step) and the
 * op-by-op path it replaced (native kernels, the step assembled in TypeScript). Repetitions are
 * interleaved and medians reported. Greedy tokens are compared with PyTorch's.
 * Writes bench/results/engine-generate.json.
 *
 *   node dist/bench/engine/generate.js
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { engineInfo, nativeStatus, runnableIsas, useBackend, type IsaName } from '../../src/nn/engine.js';
import { generate, type Prompt } from '../../src/nn/generate.js';
import { VideoLM } from '../../src/nn/model.js';
import { Rng } from '../../src/nn/random.js';
import { saveSafetensors, type StoredTensor } from '../../src/nn/safetensors.js';
import { median, writeBenchResult } from '../util.js';
import { DEMO_MODEL, PY_DIR, THREADS, TORCH_AVX2_ENV, torchPython } from './common.js';

const FRAMES = 9;
const TEXT = 48;
const NEW_TOKENS = 64;
const BATCHES = [1, 32];
const REPS = 5;

/** The demo model with every weight perturbed (seeded), so greedy paths are not one repeated token. */
export function benchModel(): VideoLM {
  const m = new VideoLM(DEMO_MODEL, 0);
  const r = new Rng(9);
  for (const p of m.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.05 * r.normal();
  return m;
}

function prompts(n: number): Prompt[] {
  const e = DEMO_MODEL.encoder!;
  const r = new Rng(3);
  const size = e.channels * (e.imageHeight ?? e.imageSize) * e.imageSize;
  return Array.from({ length: n }, () => ({
    tokens: Array.from({ length: TEXT }, () => r.int(DEMO_MODEL.vocabSize)),
    frames: { data: Float32Array.from({ length: FRAMES * size }, () => r.next()), count: FRAMES },
  }));
}

/** PyTorch's OpenMP threads spin a while after its run: wait until they sleep before the next candidate. */
const settle = () => new Promise((r) => setTimeout(r, 500));

class TorchGenerator {
  private lines: AsyncIterableIterator<string>;
  private constructor(private proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  }
  static async start(py: string, file: string, env: Record<string, string> = {}): Promise<TorchGenerator> {
    const proc = spawn(py, [join(PY_DIR, 'torch_generate.py'), file], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    proc.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    const g = new TorchGenerator(proc);
    g.version = (JSON.parse(await g.next()) as { torch: string }).torch;
    return g;
  }
  version = '';
  private async next(): Promise<string> {
    const r = await this.lines.next();
    if (r.done) throw new Error('the PyTorch process exited early');
    return r.value;
  }
  async run(batch: number): Promise<{ seconds: number; tokens: number[][] }> {
    this.proc.stdin.write(`${JSON.stringify({ batch, tokens: NEW_TOKENS })}\n`);
    return JSON.parse(await this.next()) as { seconds: number; tokens: number[][] };
  }
  stop(): void {
    this.proc.stdin.end('quit\n');
  }
}

interface Row {
  candidate: string;
  batch: number;
  tokens_per_s: number;
  ratio_to_torch: number | null;
  /** AVX2 rows: against PyTorch held to AVX2 in the same run. */
  ratio_to_torch_avx2?: number | null;
  seconds: number;
  spread_s: [number, number];
  /** Share of generated tokens equal to PyTorch's (greedy, same weights). */
  same_tokens_as_torch: number | null;
}

export async function run(): Promise<Record<string, unknown>> {
  process.env.VREASON_THREADS ??= String(THREADS);
  process.env.GOMP_SPINCOUNT ??= '300000';
  const native = nativeStatus();
  if (!native.ok) throw new Error(`bench generation needs the native engine: ${native.reason}`);
  const isas = runnableIsas();
  const best = isas[0]!;
  const withAvx2 = isas.includes('avx2') && best !== 'avx2';
  const model = benchModel();
  const all = prompts(Math.max(...BATCHES));
  const py = torchPython();
  const dir = mkdtempSync(join(tmpdir(), 'vreason-bench-gen-'));
  const rows: Row[] = [];
  const runs: Record<string, number[]> = {};
  let torchVersion: string | null = null;
  try {
    let torch: TorchGenerator | null = null;
    let torchAvx2: TorchGenerator | null = null;
    if (py) {
      const e = DEMO_MODEL.encoder!;
      const arrays: Record<string, StoredTensor> = {};
      for (const [k, p] of model.params) arrays[k] = { shape: [...p.shape], data: p.data };
      arrays['input.tokens'] = { shape: [all.length, TEXT], data: Int32Array.from(all.flatMap((p) => p.tokens)) };
      const fr = new Float32Array(all.reduce((s, p) => s + p.frames!.data.length, 0));
      all.forEach((p, i) => fr.set(p.frames!.data, i * p.frames!.data.length));
      arrays['input.frames'] = {
        shape: [all.length, FRAMES, e.channels, e.imageHeight ?? e.imageSize, e.imageSize],
        data: fr,
      };
      const file = join(dir, 'in.safetensors');
      saveSafetensors(file, arrays, { config: JSON.stringify(DEMO_MODEL), threads: String(THREADS) });
      torch = await TorchGenerator.start(py, file);
      torchVersion = torch.version;
      if (withAvx2) torchAvx2 = await TorchGenerator.start(py, file, TORCH_AVX2_ENV);
    }
    for (const B of BATCHES) {
      const ps = all.slice(0, B);
      const torchTokens: number[][][] = [];
      const ours = new Map<string, number[][]>();
      const cands: { name: string; run: () => Promise<number> | number }[] = [];
      if (torch) {
        const t = torch;
        cands.push({
          name: 'torch',
          run: async () => {
            const r = await t.run(B);
            torchTokens[0] = r.tokens;
            await settle();
            return r.seconds;
          },
        });
      }
      if (torchAvx2) {
        const t = torchAvx2;
        cands.push({
          name: 'torch-avx2',
          run: async () => {
            const r = await t.run(B);
            await settle();
            return r.seconds;
          },
        });
      }
      const vr = (name: string, isa: IsaName, nativeStep: boolean) =>
        cands.push({
          name,
          run: () => {
            useBackend('native', { isa });
            const t0 = performance.now();
            const out = generate(model, ps, { maxTokens: NEW_TOKENS }, { native: nativeStep });
            const s = (performance.now() - t0) / 1000;
            ours.set(name, out);
            return s;
          },
        });
      vr(`decode-${best}`, best, true);
      if (withAvx2) vr('decode-avx2', 'avx2', true);
      vr(`ops-${best}`, best, false);
      for (const c of cands) await c.run(); // warm-up
      const times = new Map(cands.map((c) => [c.name, [] as number[]]));
      for (let r = 0; r < REPS; r++) for (const c of cands) times.get(c.name)!.push(await c.run());
      const med = (k: string) => (times.get(k) ? median(times.get(k)!) : null);
      const ref = torchTokens[0];
      for (const [name, ts] of times) {
        runs[`${name}@${B}`] = ts;
        const s = median(ts);
        const out = ours.get(name);
        let same: number | null = null;
        if (ref && out) {
          let eq = 0;
          out.forEach((o, i) => o.forEach((t, j) => (eq += t === ref[i]![j] ? 1 : 0)));
          same = eq / (B * NEW_TOKENS);
        }
        const torchS = med('torch');
        const avx2 = name === 'decode-avx2' || name === 'torch-avx2';
        const label = name.startsWith('torch')
          ? `pytorch ${torchVersion} eager, inference_mode, KV cache${name === 'torch-avx2' ? ' (held to AVX2)' : ''}`
          : name.startsWith('decode')
            ? `vreason native decode step (${name.slice(7)})`
            : `vreason op by op (native ${name.slice(4)} kernels, before the decode step)`;
        rows.push({
          candidate: label,
          batch: B,
          tokens_per_s: (B * NEW_TOKENS) / s,
          ratio_to_torch: torchS ? torchS / s : null,
          ...(avx2 ? { ratio_to_torch_avx2: med('torch-avx2') ? med('torch-avx2')! / s : null } : {}),
          seconds: s,
          spread_s: [Math.min(...ts), Math.max(...ts)],
          same_tokens_as_torch: same,
        });
      }
      for (const r of rows.filter((x) => x.batch === B))
        process.stderr.write(`  batch ${B}: ${r.candidate}: ${r.tokens_per_s.toFixed(0)} tok/s\n`);
    }
    torch?.stop();
    torchAvx2?.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const result = {
    model: { ...DEMO_MODEL, params: model.numParams() },
    prompt: { frames: FRAMES, frame_tokens: FRAMES * 12, text_tokens: TEXT },
    new_tokens: NEW_TOKENS,
    threads: THREADS,
    reps: REPS,
    torch: torchVersion,
    rows,
    engine_default: engineInfo(),
    runs,
  };
  writeBenchResult('engine-generate', result);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  console.log(JSON.stringify(r, (k, v) => (k === 'runs' ? undefined : v), 2));
}
