/**
 * Bounded load test of vreason's HTTP servers (loopback only; stops by itself): sustained
 * requests/s, p50/p99 latency and error rate at 1, 16 and 64 concurrent clients, and the server
 * process's resident memory before and after 10,000 requests (a leak shows as growth).
 * Targets: the reward service (a small /score request), the dashboard (its run list) and
 * `vreason serve` with a freshly initialised small model (a text question, 4 new tokens).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint } from '../src/nn/checkpoint.js';
import { VideoLM } from '../src/nn/model.js';
import { ByteTokenizer } from '../src/nn/tokenizer.js';
import { median, writeBenchResult } from './util.js';

const LEVELS = [1, 16, 64];
const REQUESTS_PER_LEVEL = Number(process.env.VREASON_LOAD_REQUESTS ?? 10_000);
const MAX_SECONDS_PER_LEVEL = 20;

interface Target {
  name: string;
  start: () => Promise<{ url: string; child: ChildProcess }>;
  request: (base: string) => { url: string; init: RequestInit };
}

const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;

export async function run(): Promise<Record<string, unknown>> {
  const runsDir = mkdtempSync(join(tmpdir(), 'vreason-load-'));
  const targets: Target[] = [
    {
      name: 'reward-server',
      start: () => startChild([CLI, 'reward-server', '--port', '0'], /listening on (http:\/\/\S+)/),
      request: (base) => ({
        url: `${base}/score`,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ solution_str: '<think>two cubes</think> <answer>B</answer>', ground_truth: 'B' }),
        },
      }),
    },
    {
      name: 'serve',
      start: () =>
        startChild(
          [CLI, 'serve', '--checkpoint', tinyCheckpoint(join(runsDir, 'ckpt')), '--port', '0', '--model-name', 'tiny'],
          /on (http:\/\/\S+)/,
        ),
      request: (base) => ({
        url: `${base.replace(/\/v1$/, '')}/v1/chat/completions`,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'tiny',
            messages: [{ role: 'user', content: 'Which colour was shown on the title slide? A. red B. blue' }],
            max_tokens: 4,
            temperature: 0,
          }),
        },
      }),
    },
    {
      name: 'dashboard',
      start: () => startChild([CLI, 'dashboard', '--runs', runsDir, '--port', '0'], /dashboard: (http:\/\/\S+?)\/ /),
      request: (base) => ({ url: `${base}/`, init: { method: 'GET' } }),
    },
  ];
  const result: Record<string, unknown> = { levels: LEVELS, requests_per_level: REQUESTS_PER_LEVEL };
  for (const t of targets) result[t.name] = await load(t);
  rmSync(runsDir, { recursive: true, force: true });
  writeBenchResult('server-load', result);
  return result;
}

/** A small untrained model: the load test measures the server, not what it knows. */
function tinyCheckpoint(dir: string): string {
  const tok = new ByteTokenizer();
  const model = new VideoLM(
    {
      vocabSize: tok.vocabSize,
      dModel: 64,
      nHeads: 4,
      nLayers: 2,
      dMlp: 128,
      maxLen: 512,
      encoder: { imageSize: 32, imageHeight: 24, patchSize: 8, channels: 3, maxFrames: 8, nLayers: 1 },
    },
    1,
  );
  saveCheckpoint(dir, model, tok);
  return dir;
}

async function load(t: Target): Promise<Record<string, unknown>> {
  const { url, child } = await t.start();
  try {
    const rssBefore = rssOf(child);
    const levels: Record<string, unknown>[] = [];
    for (const clients of LEVELS) levels.push({ clients, ...(await level(t.request(url), clients)) });
    return {
      levels,
      rss_mb_before: rssBefore,
      rss_mb_after: rssOf(child),
      requests_total: LEVELS.length * REQUESTS_PER_LEVEL,
    };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'close');
  }
}

async function level(req: { url: string; init: RequestInit }, clients: number): Promise<Record<string, number>> {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const deadline = performance.now() + MAX_SECONDS_PER_LEVEL * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (sent < REQUESTS_PER_LEVEL && performance.now() < deadline) {
        sent++;
        const t = performance.now();
        try {
          const res = await fetch(req.url, req.init);
          await res.arrayBuffer();
          if (!res.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    requests_per_s: latencies.length / secs,
    p50_ms: median(latencies),
    p99_ms: latencies[Math.floor(latencies.length * 0.99)] ?? NaN,
    error_rate: errors / Math.max(1, latencies.length),
  };
}

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

async function startChild(args: string[], urlLine: RegExp): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      seen += d.toString();
      const m = urlLine.exec(seen);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', () => reject(new Error(`server exited before listening: ${seen}`)));
  });
  return { url, child };
}
