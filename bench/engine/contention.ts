/**
 * The engine on a busy machine: the reference training step (bench/engine, batch 4 to keep it short)
 * with vreason's default thread policy (src/nn/threads.ts: one thread per CPU, fewer while other
 * processes keep CPUs busy), with VREASON_THREADS=1 and =2 (passive waiting), and with 2 threads
 * spinning at barriers as before (GOMP_SPINCOUNT=300000, libgomp's own default), on an idle machine
 * and with a busy loop pinned to CPU 0 (`taskset -c 0 sh -c 'while :; do :; done'`). Each configuration runs in its own
 * process, because OpenMP reads its environment once. Writes bench/results/engine-contention.json.
 *
 *   node dist/bench/engine/contention.js
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { engineInfo } from '../../src/nn/engine.js';
import { VideoLM } from '../../src/nn/model.js';
import { AdamW } from '../../src/nn/optim.js';
import { Rng } from '../../src/nn/random.js';
import { median, writeBenchResult } from '../util.js';
import { BENCH_MODEL } from './index.js';

const SELF = fileURLToPath(import.meta.url);
const B = 4;
const T = 256;
const STEPS = 4;

/** In the child: warm up, then time STEPS reference steps one by one; prints seconds per step as JSON. */
function child(): void {
  const model = new VideoLM(BENCH_MODEL, 0);
  const opt = new AdamW(model.parameters(), { lr: 3e-4 });
  const r = new Rng(1);
  const x = Int32Array.from({ length: B * T }, () => r.int(BENCH_MODEL.vocabSize));
  const y = Int32Array.from({ length: B * T }, () => r.int(BENCH_MODEL.vocabSize));
  const step = () => {
    const l = model.loss(x, y, B);
    l.backward();
    opt.update();
    opt.zeroGrad();
  };
  step();
  const times: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const t = performance.now();
    step();
    times.push((performance.now() - t) / 1000);
  }
  const info = engineInfo();
  const wait = process.env.OMP_WAIT_POLICY ?? null;
  process.stdout.write(`${JSON.stringify({ times, threads: info.threads, isa: info.isa ?? null, wait })}\n`);
}

interface Config {
  /** null: vreason's default (one per CPU, fewer while others keep CPUs busy); a number: VREASON_THREADS. */
  threads: number | null;
  /**
   * default: vreason's (passive when the count is fixed); a number: GOMP_SPINCOUNT (300000 is libgomp's own default).
   */
  wait: 'default' | number;
}

function runChild(c: Config): { step_s: number; times: number[] } {
  const env: Record<string, string | undefined> = { ...process.env, VREASON_ENGINE: 'native' };
  delete env.OMP_WAIT_POLICY;
  delete env.GOMP_SPINCOUNT;
  delete env.VREASON_THREADS;
  if (c.threads !== null) env.VREASON_THREADS = String(c.threads);
  if (c.wait !== 'default') env.GOMP_SPINCOUNT = String(c.wait);
  const r = spawnSync(process.execPath, [SELF, '--child'], { env, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`contention child failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { times: number[] };
  return { step_s: median(out.times), times: out.times };
}

export async function run(): Promise<Record<string, unknown>> {
  const configs: Config[] = [
    { threads: null, wait: 'default' },
    { threads: 1, wait: 'default' },
    { threads: 2, wait: 'default' },
    { threads: 2, wait: 300000 },
  ];
  const rows: Record<string, unknown>[] = [];
  for (const load of ['idle', 'busy CPU 0'] as const) {
    const busy =
      load === 'idle' ? null : spawn('taskset', ['-c', '0', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' });
    try {
      if (busy) await new Promise((res) => setTimeout(res, 500));
      for (const c of configs) {
        const r = runChild(c);
        const threads = c.threads === null ? 'default (follows the load)' : `VREASON_THREADS=${c.threads}`;
        const wait =
          c.wait === 'default' ? (c.threads === null ? 'libgomp default spin' : 'passive') : `GOMP_SPINCOUNT=${c.wait}`;
        rows.push({ load, threads, wait, ...r });
        process.stderr.write(`contention: ${load}, ${threads}, ${wait}: ${r.step_s.toFixed(3)} s/step\n`);
      }
    } finally {
      busy?.kill('SIGKILL');
    }
  }
  const result = { model: BENCH_MODEL, batch: B, seq: T, steps: STEPS, rows };
  writeBenchResult('engine-contention', result);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--child')) child();
  else console.log(JSON.stringify(await run(), null, 2));
}
