/**
 * Dispatch over servers, on text-only Adaptation items (no ffmpeg: the measure is dispatch, not
 * media) against loopback servers in their own processes:
 * - failover: four servers, one SIGKILLed a third of the way through, vs one server: wall time
 *   (goal: ≥ 3.5× faster than one server), every item answered exactly once, nothing lost;
 * - rate limit: a server admitting R requests/s (429 + Retry-After beyond): adaptive windows vs a
 *   fixed concurrency, completion time and the 429s each provoked.
 * Sizes: VREASON_BENCH_ITEMS (default 2000) items, VREASON_BENCH_DELAY_MS (default 20) per answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FRAMES, type EvalOptions } from '../src/eval/config.js';
import { evaluate } from '../src/eval/evaluate.js';
import { videoMMMU } from '../src/tasks/videommmu/index.js';
import { writeBenchResult } from './util.js';

const ITEMS = Number(process.env.VREASON_BENCH_ITEMS ?? 2000);
const DELAY_MS = Number(process.env.VREASON_BENCH_DELAY_MS ?? 20);
const PER_SERVER = 8;
const RATE = Number(process.env.VREASON_BENCH_RATE ?? 100);
const FIXED = 32;

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-bench-dispatch-'));
  try {
    const data = writeItems(join(dir, 'data'), ITEMS);
    const result = {
      items: ITEMS,
      server_delay_ms: DELAY_MS,
      failover: await failover(dir, data),
      rate_limit: await rateLimit(dir, data),
      goal: 'four servers with one dying ≥ 3.5× faster than one; every item answered once',
    };
    writeBenchResult('dispatch', result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeItems(data: string, n: number): string {
  mkdirSync(data, { recursive: true });
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `validation_Math_${i}`,
    question: `What is ${i} + 1?`,
    options: ['a', 'b', 'c', 'd'],
    answer: 'A',
    question_type: 'multiple-choice',
  }));
  writeFileSync(join(data, 'Adaptation.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
  return data;
}

const options = (data: string, out: string, urls: string[], extra: Partial<EvalOptions> = {}): EvalOptions => ({
  tasks: ['videommmu'],
  data,
  output: out,
  model: { baseUrl: urls[0] as string, baseUrls: urls, name: 'bench', retry: { retries: 30, baseMs: 50 } },
  frames: DEFAULT_FRAMES,
  videoMode: 'frames',
  params: { temperature: 0, maxTokens: 16 },
  concurrency: PER_SERVER,
  conditions: 'before',
  promptStyle: 'lmms-eval',
  seed: 0,
  log: null,
  ...extra,
});

async function failover(dir: string, data: string): Promise<Record<string, unknown>> {
  const one = await startProcess('../test/helpers/constantServer.js', ['The answer is (A).', String(DELAY_MS)]);
  let t = performance.now();
  await evaluate(videoMMMU, options(data, join(dir, 'one'), [one.url]));
  const oneSecs = (performance.now() - t) / 1000;
  one.child.kill('SIGTERM');

  const four = await Promise.all(
    [0, 1, 2, 3].map(() => startProcess('../test/helpers/constantServer.js', ['The answer is (A).', String(DELAY_MS)])),
  );
  // One dies (SIGKILL: in-flight requests reset, then nothing listens) once a third of the items
  // are stored (watched through records.jsonl, as a person watching the run would).
  const out = join(dir, 'four');
  let killedAt: number | null = null;
  const killer = setInterval(() => {
    if (killedAt !== null || !existsSync(join(out, 'records.jsonl'))) return;
    const stored = readFileSync(join(out, 'records.jsonl'), 'utf8').split('\n').length - 1;
    if (stored >= ITEMS / 3) {
      killedAt = stored;
      four[1]?.child.kill('SIGKILL');
    }
  }, 5);
  t = performance.now();
  const r = await evaluate(
    videoMMMU,
    options(
      data,
      out,
      four.map((s) => s.url),
    ),
  );
  const fourSecs = (performance.now() - t) / 1000;
  clearInterval(killer);
  for (const s of four) s.child.kill('SIGTERM');
  const lines = readFileSync(join(out, 'records.jsonl'), 'utf8').trim().split('\n');
  const keys = new Set(lines.map((l) => (JSON.parse(l) as { key: string }).key));
  const eff = r.results.efficiency;
  return {
    one_server_s: oneSecs,
    four_servers_one_killed_s: fourSecs,
    speedup: oneSecs / fourSecs,
    killed_after_items: killedAt,
    answered: r.results.counts.answered,
    errored: r.results.counts.errored,
    record_lines: lines.length,
    unique_keys: keys.size,
    answered_once: lines.length === ITEMS && keys.size === ITEMS,
    per_server: eff?.servers.map((s) => ({ requests: s.requests, benched: s.benched, failed: s.failed })),
  };
}

async function rateLimit(dir: string, data: string): Promise<Record<string, unknown>> {
  const n = Math.min(ITEMS, RATE * 10);
  const small = writeItems(join(dir, 'rl-data'), n);
  void data;
  const runs: Record<string, unknown> = {};
  for (const mode of ['adaptive', 'fixed'] as const) {
    const server = await startProcess('./rateLimitedServer.js', [String(RATE), String(DELAY_MS)]);
    const t = performance.now();
    const r = await evaluate(
      videoMMMU,
      options(small, join(dir, `rl-${mode}`), [server.url], {
        concurrency: FIXED,
        fixedConcurrency: mode === 'fixed',
      }),
    );
    const secs = (performance.now() - t) / 1000;
    server.child.kill('SIGTERM');
    const s = r.results.efficiency?.servers[0];
    runs[mode] = {
      seconds: secs,
      http_429: s?.failed?.http_429 ?? null,
      answered: r.results.counts.answered,
      errored: r.results.counts.errored,
      window: s?.window,
    };
  }
  return { rate_per_s: RATE, items: n, concurrency: FIXED, ideal_s: n / RATE, ...runs };
}

async function startProcess(rel: string, args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const script = new URL(rel, import.meta.url).pathname;
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), child };
}
