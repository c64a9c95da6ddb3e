/**
 * Engine benchmark: training steps on each engine backend — every native kernel table this CPU
 * runs (AVX-512, AVX2+FMA, NEON, generic; src/nn/kernels/native.ts) and the portable JS kernels —
 * side by side with PyTorch CPU in the same run (bench/engine/torch_step.py) as the yardstick.
 * Two steps:
 *  - the reference step: forward + backward + AdamW of a 3.5 M-parameter decoder (d_model 256,
 *    4 layers, 4 heads, MLP 1024, vocab 512), one batch of 8 × 256 tokens;
 *  - the demo step: what `npm start` trains (src/train/sft.ts with the full demo profile): the
 *    1.55 M-parameter video model (DEFAULT_SFT_MODEL, the demo's 613-token vocabulary), the 8
 *    examples of its first step, each on its own with its frames, then clipping and AdamW.
 * Repetitions are interleaved (torch, native…, torch, native…) and medians reported, because the
 * machine is shared. Then the whole model (frame encoder included) is checked against the PyTorch
 * twin on the same weights: loss and every gradient, max relative difference.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  engineInfo,
  nativeStatus,
  runnableIsas,
  useBackend,
  type BackendName,
  type IsaName,
} from '../../src/nn/engine.js';
import { patchesPerFrame, VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { AdamW, clipGradNorm } from '../../src/nn/optim.js';
import { setPoolEnabled } from '../../src/nn/pool.js';
import { Rng } from '../../src/nn/random.js';
import { loadSafetensors, saveSafetensors, type StoredTensor } from '../../src/nn/safetensors.js';
import { median, writeBenchResult } from '../util.js';
import { DEMO_MODEL, PY_DIR, THREADS, TORCH_AVX2_ENV, torchPython } from './common.js';
import * as generation from './generate.js';

export { DEMO_MODEL, torchPython } from './common.js';

const REPS = 5;
const STEPS_PER_REP = 2;

export const BENCH_MODEL: ModelConfig = {
  vocabSize: 512,
  dModel: 256,
  nHeads: 4,
  nLayers: 4,
  dMlp: 1024,
  maxLen: 256,
  encoder: null,
};
const BATCH = 8;
const SEQ = 256;

/**
 * The demo's first SFT step (full profile, seed 0, batchIndices(1, 8, 2383, 0) of its 2383
 * training examples, measured 2026-12-03): frames per example, sequence tokens, prompt tokens.
 */
export const DEMO_BATCH: readonly { frames: number; tokens: number; prompt: number }[] = [
  { frames: 9, tokens: 256, prompt: 138 },
  { frames: 9, tokens: 284, prompt: 162 },
  { frames: 8, tokens: 65, prompt: 63 },
  { frames: 9, tokens: 291, prompt: 221 },
  { frames: 9, tokens: 303, prompt: 199 },
  { frames: 9, tokens: 302, prompt: 175 },
  { frames: 8, tokens: 74, prompt: 72 },
  { frames: 9, tokens: 106, prompt: 104 },
];
/** The gradient clip of src/train/sft.ts (its cost is part of the step). */
const DEMO_CLIP = 1;

/** Decoder positions of one demo example: frame tokens + the input tokens (the sequence minus its last token). */
function demoPositions(e: { frames: number; tokens: number }): number {
  return e.frames * patchesPerFrame(DEMO_MODEL.encoder!) + e.tokens - 1;
}

/** Matmul FLOPs of one training step: 3× the forward (forward, then dX and dW in backward). */
export function stepFlops(c: ModelConfig, B: number, T: number): number {
  const D = c.dModel;
  const linear = c.nLayers * (3 * D * D + D * D + 2 * D * c.dMlp) + c.vocabSize * D;
  const attention = c.nLayers * 2 * 2 * B * T * T * D; // QKᵀ and PV over full T×T scores
  return 3 * (2 * B * T * linear + attention);
}

function batchOf(B: number, T: number, V: number, seed: number): { x: Int32Array; y: Int32Array } {
  const r = new Rng(seed);
  const d = Int32Array.from({ length: B * (T + 1) }, () => r.int(V));
  const x = new Int32Array(B * T);
  const y = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    x.set(d.subarray(b * (T + 1), b * (T + 1) + T), b * T);
    y.set(d.subarray(b * (T + 1) + 1, (b + 1) * (T + 1)), b * T);
  }
  return { x, y };
}

interface Trainer {
  run: (n: number) => number;
  rssAfterForwardMb: number;
  loss: number;
}

/**
 * A trainer of the reference step for one backend (and kernel table): a closure that runs n steps and returns seconds.
 */
function engineTrainer(backend: BackendName, B: number, isa?: IsaName, reuseBuffers = true): Trainer {
  useBackend(backend, { isa });
  const model = new VideoLM(BENCH_MODEL, 0);
  const opt = new AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.01 });
  const { x, y } = batchOf(B, SEQ, BENCH_MODEL.vocabSize, 1);
  const state = {
    rssAfterForwardMb: 0,
    loss: NaN,
    run(n: number): number {
      useBackend(backend, { isa });
      setPoolEnabled(reuseBuffers);
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        const loss = model.loss(x, y, B);
        state.rssAfterForwardMb = Math.max(state.rssAfterForwardMb, process.memoryUsage().rss / 2 ** 20);
        loss.backward(undefined, { releaseActivations: true });
        opt.update();
        opt.zeroGrad();
        state.loss = loss.item();
      }
      const s = (performance.now() - t) / 1000;
      setPoolEnabled(true);
      // Without reuse the garbage is collected later, in whichever candidate runs next: collect it
      // now, outside every timing, so the other rows do not pay for this one.
      if (!reuseBuffers) collectGarbage();
      return s;
    },
  };
  return state;
}

/** A full garbage collection now (V8's gc(), reached without the --expose-gc flag). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** A trainer of the demo's SFT step (src/train/sft.ts): each example alone, loss weighted 1/8, then clip and AdamW. */
function demoTrainer(backend: BackendName, isa?: IsaName): Trainer {
  useBackend(backend, { isa });
  const model = new VideoLM(DEMO_MODEL, 0);
  const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
  const e = DEMO_MODEL.encoder!;
  const r = new Rng(2);
  const P = patchesPerFrame(e);
  const frameSize = e.channels * (e.imageHeight ?? e.imageSize) * e.imageSize;
  const examples = DEMO_BATCH.map((d) => {
    const L = d.tokens - 1;
    const tokens = Int32Array.from({ length: L }, () => r.int(DEMO_MODEL.vocabSize));
    const targets = Int32Array.from({ length: d.frames * P + L }, (_, i) =>
      i < d.frames * P + d.prompt - 1 ? -1 : r.int(DEMO_MODEL.vocabSize),
    );
    const frames = { data: Float32Array.from({ length: d.frames * frameSize }, () => r.next()), count: d.frames };
    return { tokens, targets, frames };
  });
  const params = model.parameters();
  const state = {
    rssAfterForwardMb: 0,
    loss: NaN,
    run(n: number): number {
      useBackend(backend, { isa });
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        let loss = 0;
        for (const ex of examples) {
          const l = model.loss(ex.tokens, ex.targets, 1, ex.frames);
          loss += l.item() / examples.length;
          l.backward(new Float32Array([1 / examples.length]), { releaseActivations: true });
        }
        clipGradNorm(params, DEMO_CLIP);
        opt.update();
        opt.zeroGrad();
        state.loss = loss;
      }
      return (performance.now() - t) / 1000;
    },
  };
  return state;
}

class TorchStepper {
  private lines: AsyncIterableIterator<string>;
  constructor(private proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  }
  static async start(
    py: string,
    step: 'reference' | 'demo',
    env: Record<string, string> = {},
  ): Promise<{ stepper: TorchStepper; version: string }> {
    const cfg =
      step === 'reference'
        ? { model: BENCH_MODEL, batch: BATCH, seq: SEQ, threads: THREADS }
        : { model: DEMO_MODEL, examples: DEMO_BATCH, clip: DEMO_CLIP, threads: THREADS };
    const proc = spawn(py, [join(PY_DIR, 'torch_step.py'), JSON.stringify(cfg)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    proc.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    const s = new TorchStepper(proc);
    const ready = JSON.parse(await s.next()) as { torch: string };
    return { stepper: s, version: ready.torch };
  }
  private async next(): Promise<string> {
    const r = await this.lines.next();
    if (r.done) throw new Error('the PyTorch process exited early');
    return r.value;
  }
  async run(n: number): Promise<{ seconds: number; loss: number; maxrss_kb: number }> {
    this.proc.stdin.write(`${n}\n`);
    return JSON.parse(await this.next()) as { seconds: number; loss: number; maxrss_kb: number };
  }
  stop(): void {
    this.proc.stdin.end('quit\n');
  }
}

interface Row {
  step: 'reference' | 'demo';
  candidate: string;
  isa: string | null;
  batch: string;
  tokens_per_s: number;
  gflops: number | null;
  ratio_to_torch: number | null;
  /** The AVX2 rows only: against PyTorch held to AVX2 in the same run. */
  ratio_to_torch_avx2?: number | null;
  step_s: number;
  spread_s: [number, number];
  note: string;
}

/** Loss and gradients of a small video model vs the PyTorch twin on the same weights. */
export function checkAgainstTorch(
  py: string,
  backend: BackendName,
  isa?: IsaName,
): { loss_rel_diff: number; max_grad_rel_diff: number; worst: string } {
  useBackend(backend, { isa });
  const config: ModelConfig = {
    vocabSize: 40,
    dModel: 32,
    nHeads: 2,
    nLayers: 2,
    dMlp: 64,
    maxLen: 24,
    // 2:1 frames, standardised per frame plane: the demo's encoder options (DEFAULT_SFT_MODEL).
    encoder: { imageSize: 16, imageHeight: 8, patchSize: 8, channels: 3, maxFrames: 3, nLayers: 1, normalize: 'frame' },
  };
  const B = 2;
  const F = 2;
  const L = 9;
  const model = new VideoLM(config, 3);
  const rng = new Rng(5);
  // Perturb every parameter so gains, biases and LayerNorm are exercised away from their init.
  for (const p of model.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.05 * rng.normal();
  const tokens = Int32Array.from({ length: B * L }, () => rng.int(config.vocabSize));
  const N = F * 2 + L;
  const targets = Int32Array.from({ length: B * N }, (_, i) => (i % N < F * 2 ? -1 : rng.int(config.vocabSize)));
  const frames = { data: Float32Array.from({ length: B * F * 3 * 8 * 16 }, () => rng.next()), count: F };
  const loss = model.loss(tokens, targets, B, frames);
  loss.backward();

  const dir = mkdtempSync(join(tmpdir(), 'vreason-torchcheck-'));
  try {
    const arrays: Record<string, StoredTensor> = {};
    for (const [k, p] of model.params) arrays[k] = { shape: [...p.shape], data: p.data };
    arrays['input.tokens'] = { shape: [B, L], data: tokens };
    arrays['input.targets'] = { shape: [B, N], data: targets };
    arrays['input.frames'] = { shape: [B, F, 3, 8, 16], data: frames.data };
    saveSafetensors(join(dir, 'in.safetensors'), arrays, { config: JSON.stringify(config), batch: String(B) });
    const r = spawnSync(
      py,
      [join(PY_DIR, 'torch_model.py'), 'check', join(dir, 'in.safetensors'), join(dir, 'out.safetensors')],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`torch check failed: ${r.stderr}`);
    const ref = loadSafetensors(join(dir, 'out.safetensors')).tensors;
    const refLoss = ref.loss!.data[0]!;
    let worst = 0;
    let worstName = '';
    for (const [k, p] of model.params) {
      const g = ref[`grad.${k}`]!.data;
      const mine = p.grad ?? new Float32Array(p.size);
      let scale = 1e-12;
      let diff = 0;
      for (let i = 0; i < g.length; i++) {
        scale = Math.max(scale, Math.abs(g[i]!));
        diff = Math.max(diff, Math.abs(mine[i]! - g[i]!));
      }
      // Relative to the tensor's largest gradient: elementwise ratios blow up on near-zero entries.
      if (diff / scale > worst) {
        worst = diff / scale;
        worstName = k;
      }
    }
    return {
      loss_rel_diff: Math.abs(loss.item() - refLoss) / Math.abs(refLoss),
      max_grad_rel_diff: worst,
      worst: worstName,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Interleaved timed repetitions of several candidates (warm-up first); seconds per step, per candidate. */
async function interleave(
  cands: { name: string; run: (n: number) => Promise<number> | number }[],
  reps: number,
  steps: number,
): Promise<Map<string, number[]>> {
  const times = new Map(cands.map((c) => [c.name, [] as number[]]));
  for (const c of cands) await c.run(1);
  for (let r = 0; r < reps; r++) for (const c of cands) times.get(c.name)!.push((await c.run(steps)) / steps);
  return times;
}

export async function run(): Promise<Record<string, unknown>> {
  // Two threads as PyTorch's, spinning at barriers as PyTorch's OpenMP does (vreason's default
  // follows the load instead, measured by bench/engine/contention.ts); a user's setting wins.
  process.env.VREASON_THREADS ??= String(THREADS);
  process.env.GOMP_SPINCOUNT ??= '300000';
  const auto = engineInfo(); // what a plain process would pick, before the bench switches backends
  const flops = stepFlops(BENCH_MODEL, BATCH, SEQ);
  const refTokens = BATCH * SEQ;
  const demoTokens = DEMO_BATCH.reduce((s, e) => s + demoPositions(e), 0);
  const native = nativeStatus();
  const isas = native.ok ? runnableIsas() : [];
  const py = torchPython();
  const messages: string[] = [];
  if (!native.ok) messages.push(`native candidates skipped: ${native.reason}`);
  if (!py)
    messages.push(
      'PyTorch column skipped: no python with torch found (set VREASON_TORCH_PYTHON, or install the CPU wheel into ' +
        '/tmp/torchvenv)',
    );
  for (const m of messages) process.stderr.write(`bench engine: ${m}\n`);
  const rows: Row[] = [];
  let torchVersion = '';
  const torchRss: Record<string, number> = {};
  const losses: Record<string, number> = {};
  const runs: Record<string, Record<string, number[]>> = {};

  /** `name`: the candidate's key (default its table); `label`: what its row calls it. */
  type Cand = { isa: IsaName; t: Trainer; name?: string; label?: string };
  const measure = async (step: 'reference' | 'demo', trainers: Cand[]) => {
    const torch = py ? await TorchStepper.start(py, step) : null;
    // The yardstick of the AVX2 table: PyTorch held to AVX2 too (ATen, oneDNN and MKL dispatch), as on an AVX2-only
    // CPU.
    const torchAvx2 =
      py && trainers.some((t) => t.isa === 'avx2') ? await TorchStepper.start(py, step, TORCH_AVX2_ENV) : null;
    if (torch) torchVersion = torch.version;
    const cands: { name: string; run: (n: number) => Promise<number> | number }[] = [];
    for (const [name, tt] of [
      ['torch', torch],
      ['torch-avx2', torchAvx2],
    ] as const) {
      if (!tt) continue;
      cands.push({
        name,
        run: async (n) => {
          const t = await tt.stepper.run(n);
          // PyTorch's OpenMP threads spin for a while after its step: let them sleep before the next
          // candidate starts, or that candidate (vreason's best table, next in line) shares the cores.
          await new Promise((r) => setTimeout(r, 500));
          torchRss[step] = t.maxrss_kb / 1024;
          losses[`${step}.${name}`] = t.loss;
          return t.seconds;
        },
      });
    }
    const nameOf = (c: Cand) => c.name ?? c.isa;
    for (const c of trainers) cands.push({ name: nameOf(c), run: (n) => c.t.run(n) });
    const times = await interleave(cands, REPS, STEPS_PER_REP);
    torch?.stepper.stop();
    torchAvx2?.stepper.stop();
    runs[step] = Object.fromEntries(times);
    for (const c of trainers) losses[`${step}.${nameOf(c)}`] = c.t.loss;
    const tokens = step === 'reference' ? refTokens : demoTokens;
    const med = (k: string) => (times.get(k) ? median(times.get(k)!) : null);
    for (const [name, ts] of times) {
      const stepS = median(ts);
      const isTorch = name.startsWith('torch');
      const cand = trainers.find((c) => nameOf(c) === name);
      // Each table against PyTorch on the same machine; the AVX2 table (and PyTorch held to AVX2) also against that.
      const torchStep = med('torch');
      const vsAvx2 = name === 'avx2' || name === 'torch-avx2' ? med('torch-avx2') : null;
      rows.push({
        step,
        candidate: isTorch
          ? `pytorch ${torchVersion} (CPU${name === 'torch-avx2' ? ', held to AVX2' : ''})`
          : `vreason native (${cand?.label ?? name})`,
        isa: isTorch ? (name === 'torch-avx2' ? 'avx2' : null) : (cand?.isa ?? null),
        batch: step === 'reference' ? `${BATCH}×${SEQ}` : `8 examples × 1 (${demoTokens} positions)`,
        tokens_per_s: tokens / stepS,
        gflops: step === 'reference' ? flops / stepS / 1e9 : null,
        ratio_to_torch: torchStep ? torchStep / stepS : null,
        ratio_to_torch_avx2: vsAvx2 ? vsAvx2 / stepS : null,
        step_s: stepS,
        spread_s: [Math.min(...ts), Math.max(...ts)],
        note: isTorch
          ? `torch.set_num_threads(${THREADS}); peak RSS ${torchRss[step]?.toFixed(0)} MB`
          : `${THREADS} OpenMP threads`,
      });
    }
  };

  // The reference step on every kernel table, then the demo step on the best table and on AVX2 (most laptops' ISA).
  // Plus the best table with every buffer freshly allocated (no reuse, src/nn/pool.ts): what reuse is worth.
  await measure('reference', [
    ...isas.map((isa) => ({ isa, t: engineTrainer('native', BATCH, isa) })),
    ...isas.slice(0, 1).map((isa) => ({
      isa,
      t: engineTrainer('native', BATCH, isa, false),
      name: `${isa}-fresh`,
      label: `${isa}, buffers not reused`,
    })),
  ]);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const demoIsas = isas.filter((isa, i) => i === 0 || isa === 'avx2' || isa === 'neon');
  await measure(
    'demo',
    demoIsas.map((isa) => ({ isa, t: demoTrainer('native', isa) })),
  );

  // The portable JS backend is ~100× slower: time it on one sequence (batch 1), one warm-up and one timed step.
  const JS_BATCH = 1;
  const js = engineTrainer('js', JS_BATCH);
  js.run(1);
  const jsStep = js.run(1);
  const torchRef =
    rows.find((r) => r.step === 'reference' && r.candidate.startsWith('pytorch') && r.isa === null)?.step_s ?? null;
  rows.push({
    step: 'reference',
    candidate: 'vreason js (portable)',
    isa: null,
    batch: `${JS_BATCH}×${SEQ}`,
    tokens_per_s: (JS_BATCH * SEQ) / jsStep,
    gflops: stepFlops(BENCH_MODEL, JS_BATCH, SEQ) / jsStep / 1e9,
    ratio_to_torch: torchRef ? (JS_BATCH * SEQ) / jsStep / (refTokens / torchRef) : null,
    step_s: jsStep,
    spread_s: [jsStep, jsStep],
    note: 'pure TypeScript, 1 thread, batch 1',
  });

  const correctness: Record<string, unknown> = {};
  if (py) {
    for (const isa of isas) correctness[`native ${isa}`] = checkAgainstTorch(py, 'native', isa);
    correctness.js = checkAgainstTorch(py, 'js');
  } else correctness.skipped = 'no python with torch';

  const result = {
    model: { ...BENCH_MODEL, batch: BATCH, seq: SEQ, params: new VideoLM(BENCH_MODEL).numParams() },
    demo_model: {
      ...DEMO_MODEL,
      params: new VideoLM(DEMO_MODEL).numParams(),
      examples: DEMO_BATCH,
      positions: demoTokens,
    },
    flops_per_step: flops,
    threads: THREADS,
    reps: REPS,
    steps_per_rep: STEPS_PER_REP,
    rows,
    loss: losses,
    memory: { peak_rss_mb_after_reference: peakRssMb, torch_peak_rss_mb: torchRss },
    correctness_vs_torch: correctness,
    engine_default: auto,
    messages,
    runs,
  };
  writeBenchResult('engine', result);
  // Generation (bench/engine/generate.ts) writes its own bench/results/engine-generate.json.
  const gen = await generation.run();
  return { ...result, generation: gen.rows };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  console.log(JSON.stringify(r, (k, v) => (k === 'runs' ? undefined : v), 2));
}
