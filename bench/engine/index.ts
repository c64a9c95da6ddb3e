/**
 * Engine benchmark: one training step (forward + backward + AdamW) of the same small transformer
 * (d_model 256, 4 layers, 4 heads, MLP 1024, vocab 512, 256 tokens, batch 8) on each engine
 * backend and, in the same run, in PyTorch CPU (bench/engine/torch_step.py) as the yardstick.
 * Repetitions are interleaved (native, torch, native, torch, …) and medians reported, because the
 * machine is shared. Then the whole model (frame encoder included) is checked against the PyTorch
 * twin on the same weights: loss and every gradient, max relative difference.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { engineInfo, nativeStatus, useBackend, type BackendName } from '../../src/nn/engine.js';
import { VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { AdamW } from '../../src/nn/optim.js';
import { Rng } from '../../src/nn/random.js';
import { loadSafetensors, saveSafetensors, type StoredTensor } from '../../src/nn/safetensors.js';
import { median, writeBenchResult } from '../util.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The Python scripts live next to this file in the source tree, not in dist/. */
const PY_DIR = join(HERE, '..', '..', '..', 'bench', 'engine');
const THREADS = 2;
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

/** A trainer for one backend: a closure that runs n steps and returns seconds. */
function engineTrainer(
  backend: BackendName,
  B: number,
): { run: (n: number) => number; rssAfterForwardMb: number; loss: number } {
  useBackend(backend);
  const model = new VideoLM(BENCH_MODEL, 0);
  const opt = new AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.01 });
  const { x, y } = batchOf(B, SEQ, BENCH_MODEL.vocabSize, 1);
  const state = {
    rssAfterForwardMb: 0,
    loss: NaN,
    run(n: number): number {
      useBackend(backend);
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        const loss = model.loss(x, y, B);
        state.rssAfterForwardMb = Math.max(state.rssAfterForwardMb, process.memoryUsage().rss / 2 ** 20);
        loss.backward();
        opt.update();
        opt.zeroGrad();
        state.loss = loss.item();
      }
      return (performance.now() - t) / 1000;
    },
  };
  return state;
}

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

class TorchStepper {
  private lines: AsyncIterableIterator<string>;
  constructor(private proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  }
  static async start(py: string): Promise<{ stepper: TorchStepper; version: string }> {
    const cfg = { model: BENCH_MODEL, batch: BATCH, seq: SEQ, threads: THREADS };
    const proc = spawn(py, [join(PY_DIR, 'torch_step.py'), JSON.stringify(cfg)], { stdio: ['pipe', 'pipe', 'pipe'] });
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
  candidate: string;
  batch: number;
  tokens_per_s: number;
  gflops: number;
  ratio_to_torch: number | null;
  step_s: number;
  note: string;
}

/** Loss and gradients of a small video model vs the PyTorch twin on the same weights. */
export function checkAgainstTorch(
  py: string,
  backend: BackendName,
): { loss_rel_diff: number; max_grad_rel_diff: number; worst: string } {
  useBackend(backend);
  const config: ModelConfig = {
    vocabSize: 40,
    dModel: 32,
    nHeads: 2,
    nLayers: 2,
    dMlp: 64,
    maxLen: 24,
    encoder: { imageSize: 16, patchSize: 8, channels: 3, maxFrames: 3, nLayers: 1 },
  };
  const B = 2;
  const F = 2;
  const L = 9;
  const model = new VideoLM(config, 3);
  const rng = new Rng(5);
  // Perturb every parameter so gains, biases and LayerNorm are exercised away from their init.
  for (const p of model.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.05 * rng.normal();
  const tokens = Int32Array.from({ length: B * L }, () => rng.int(config.vocabSize));
  const N = F * 4 + L;
  const targets = Int32Array.from({ length: B * N }, (_, i) => (i % N < F * 4 ? -1 : rng.int(config.vocabSize)));
  const frames = { data: Float32Array.from({ length: B * F * 3 * 16 * 16 }, () => rng.next()), count: F };
  const loss = model.loss(tokens, targets, B, frames);
  loss.backward();

  const dir = mkdtempSync(join(tmpdir(), 'vreason-torchcheck-'));
  try {
    const arrays: Record<string, StoredTensor> = {};
    for (const [k, p] of model.params) arrays[k] = { shape: [...p.shape], data: p.data };
    arrays['input.tokens'] = { shape: [B, L], data: tokens };
    arrays['input.targets'] = { shape: [B, N], data: targets };
    arrays['input.frames'] = { shape: [B, F, 3, 16, 16], data: frames.data };
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

export async function run(): Promise<Record<string, unknown>> {
  const auto = engineInfo(); // what a plain process would pick, before the bench switches backends
  const flops = stepFlops(BENCH_MODEL, BATCH, SEQ);
  const tokens = BATCH * SEQ;
  const native = nativeStatus();
  const py = torchPython();
  const messages: string[] = [];
  if (!native.ok) messages.push(`native candidate skipped: ${native.reason}`);
  if (!py)
    messages.push(
      'PyTorch column skipped: no python with torch found (set VREASON_TORCH_PYTHON, or install the CPU wheel into /tmp/torchvenv)',
    );
  for (const m of messages) process.stderr.write(`bench engine: ${m}\n`);

  const torch = py ? await TorchStepper.start(py) : null;
  const nat = native.ok ? engineTrainer('native', BATCH) : null;
  const times: { native: number[]; torch: number[] } = { native: [], torch: [] };
  let torchRss = 0;
  let torchLoss = NaN;
  // Warm-up (JIT, allocator, OpenMP pools), then interleaved timed repetitions.
  nat?.run(1);
  await torch?.stepper.run(1);
  for (let r = 0; r < REPS; r++) {
    if (nat) times.native.push(nat.run(STEPS_PER_REP) / STEPS_PER_REP);
    if (torch) {
      const t = await torch.stepper.run(STEPS_PER_REP);
      times.torch.push(t.seconds / STEPS_PER_REP);
      torchRss = t.maxrss_kb / 1024;
      torchLoss = t.loss;
    }
  }
  torch?.stepper.stop();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;

  // The portable JS backend is ~100× slower: time it on one sequence (batch 1) for a few steps.
  const JS_BATCH = 1;
  const js = engineTrainer('js', JS_BATCH);
  js.run(1);
  const jsTimes = [js.run(1), js.run(1)];

  const torchStep = times.torch.length ? median(times.torch) : null;
  const row = (candidate: string, B: number, stepS: number, note: string): Row => ({
    candidate,
    batch: B,
    tokens_per_s: (B * SEQ) / stepS,
    gflops: stepFlops(BENCH_MODEL, B, SEQ) / stepS / 1e9,
    ratio_to_torch: torchStep ? (B * SEQ) / stepS / (tokens / torchStep) : null,
    step_s: stepS,
    note,
  });
  const rows: Row[] = [];
  if (torch && torchStep)
    rows.push(
      row(
        `pytorch ${torch.version} (CPU)`,
        BATCH,
        torchStep,
        `torch.set_num_threads(${THREADS}); peak RSS ${torchRss.toFixed(0)} MB`,
      ),
    );
  if (nat)
    rows.push(
      row(
        'vreason native (C++ addon)',
        BATCH,
        median(times.native),
        `${THREADS} OpenMP threads; peak RSS ${peakRssMb.toFixed(0)} MB`,
      ),
    );
  rows.push(row('vreason js (portable)', JS_BATCH, median(jsTimes), 'pure TypeScript, 1 thread, batch 1'));

  const correctness: Record<string, unknown> = {};
  if (py) {
    if (native.ok) correctness.native = checkAgainstTorch(py, 'native');
    correctness.js = checkAgainstTorch(py, 'js');
  } else correctness.skipped = 'no python with torch';

  const result = {
    model: { ...BENCH_MODEL, batch: BATCH, seq: SEQ, params: new VideoLM(BENCH_MODEL).numParams() },
    flops_per_step: flops,
    threads: THREADS,
    reps: REPS,
    steps_per_rep: STEPS_PER_REP,
    rows,
    loss: { native: nat?.loss ?? null, torch: torchLoss },
    memory: {
      peak_rss_mb: peakRssMb,
      rss_after_forward_mb: nat?.rssAfterForwardMb ?? null,
      torch_peak_rss_mb: torchRss || null,
    },
    correctness_vs_torch: correctness,
    engine_default: auto,
    messages,
    runs: times,
  };
  writeBenchResult('engine', result);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  console.log(JSON.stringify(r, (k, v) => (k === 'runs' ? undefined : v), 2));
}
