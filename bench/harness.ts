/**
 * Harness overhead: items/s of `evaluate()` against a loopback server vs the same number of bare
 * HTTP requests (same bodies, same concurrency), interleaved in one run. Text-only items
 * (Adaptation without video), so the comparison is scheduling + store + parsing, not ffmpeg.
 * The server runs in its own process, as a model server would; measured at zero latency (the
 * harness's CPU cost laid bare), at zero latency with 64 in flight (issue 24's case: many lanes,
 * the server pool's dispatch on every request), and at 20 ms per answer (a very fast real model).
 * VREASON_BENCH_ITEMS scales the item counts (default 3000; the 20 ms case uses a third).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FRAMES } from '../src/eval/config.js';
import { evaluate } from '../src/eval/evaluate.js';
import { videoMMMU } from '../src/tasks/videommmu/index.js';
import { median, writeBenchResult } from './util.js';

const ITEMS = Number(process.env.VREASON_BENCH_ITEMS ?? 3000);
const ROUNDS = Number(process.env.VREASON_BENCH_ROUNDS ?? 5);

export async function run(): Promise<Record<string, unknown>> {
  const result = {
    zero_latency: await compare(ITEMS, 0, 8),
    zero_latency_64: await compare(ITEMS, 0, 64),
    latency_20ms: await compare(Math.ceil(ITEMS / 3), 20, 8),
    goal: 'harness within 5% of bare HTTP (ratio ≥ 0.95)',
  };
  writeBenchResult('harness-overhead', result);
  return result;
}

async function compare(n: number, delayMs: number, concurrency: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-bench-harness-'));
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `validation_Math_${i}`,
    question: `What is ${i} + 1?`,
    options: ['a', 'b', 'c', 'd'],
    answer: 'A',
    question_type: 'multiple-choice',
  }));
  writeFileSync(join(data, 'Adaptation.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
  const server = await startServerProcess(delayMs);
  const bodies = rows.map((r) =>
    JSON.stringify({
      model: 'bench',
      messages: [{ role: 'user', content: [{ type: 'text', text: `${r.question}\nA. a\nB. b\nC. c\nD. d` }] }],
      temperature: 0,
      max_tokens: 16,
    }),
  );

  const bare = async (): Promise<number> => {
    const t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const res = await fetch(`${server.url}/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          JSON.parse(await res.text());
        }
      }),
    );
    return n / ((performance.now() - t) / 1000);
  };
  let rep = 0;
  const harness = async (): Promise<number> => {
    const t = performance.now();
    await evaluate(videoMMMU, {
      tasks: ['videommmu'],
      data,
      output: join(dir, `run${rep++}`),
      model: { baseUrl: server.url, name: 'bench' },
      frames: DEFAULT_FRAMES,
      videoMode: 'frames',
      params: { temperature: 0, maxTokens: 16 },
      concurrency,
      conditions: 'before',
      promptStyle: 'lmms-eval',
      seed: 0,
      log: null,
    });
    return n / ((performance.now() - t) / 1000);
  };
  await bare(); // warm up sockets and JIT
  await harness();
  const b: number[] = [];
  const h: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    b.push(await bare());
    h.push(await harness());
  }
  server.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    items: n,
    concurrency,
    server_delay_ms: delayMs,
    bare_requests_per_s: median(b),
    harness_items_per_s: median(h),
    harness_over_bare: median(h) / median(b),
    runs: { bare: b, harness: h },
  };
}

async function startServerProcess(delayMs: number): Promise<{ url: string; close: () => void }> {
  const script = new URL('../test/helpers/constantServer.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, 'The answer is (A).', String(delayMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), close: () => child.kill('SIGTERM') };
}
