/**
 * The server's prefix cache and the order requests go out in (issue 24): a Video-MMMU-shaped run
 * over a generated synth world (each lecture shown by its Perception, Comprehension and
 * Adaptation questions; Adaptation also asked without the video, on its question-only clip)
 * against a loopback "vLLM-like" server (bench/prefixCacheServer.ts: cost ∝ uncached prompt
 * tokens, an LRU cache of frame blocks, a few slots), with `--order video` and `--order dataset`
 * interleaved, a fresh server (cold cache) and a fresh run folder (cold frame cache) each time.
 * Reported per order: wall time (median), the server's cache hit rate (cached image tokens /
 * image tokens), prompt tokens it had to compute, and frames decoded per video (goal 1.0).
 *
 * Sizes: VREASON_BENCH_PREFIX_VIDEOS lectures (default 40), VREASON_BENCH_ROUNDS rounds
 * (default 3). The server: 4 slots, 50 ms per 1000 uncached tokens, 40 ms to answer, room for
 * 64 frames (4 lectures at 16 frames); the client: 16 frames per video, 8 in flight.
 * `VREASON_BENCH_PREFIX=tiny` is a smoke run (3 lectures, 1 round, written to
 * prefix-cache-tiny.json) whose numbers mean nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FRAMES, type EvalOptions } from '../src/eval/config.js';
import { evaluate } from '../src/eval/evaluate.js';
import type { RequestOrder } from '../src/eval/order.js';
import { readStoreFile } from '../src/eval/runStore.js';
import { DEFAULT_CONFIG } from '../src/synth/plan.js';
import { writeSynth } from '../src/synth/write.js';
import { videoMMMU } from '../src/tasks/videommmu/index.js';
import type { PrefixServerConfig } from './prefixCacheServer.js';
import { median, writeBenchResult } from './util.js';

const TINY = process.env.VREASON_BENCH_PREFIX === 'tiny';
const VIDEOS = TINY ? 3 : Number(process.env.VREASON_BENCH_PREFIX_VIDEOS ?? 40);
const ROUNDS = TINY ? 1 : Number(process.env.VREASON_BENCH_ROUNDS ?? 3);
const SERVER: PrefixServerConfig = { slots: 4, msPerKTokens: 50, decodeMs: 40, cacheFrames: 64 };
const FRAMES = 16;
const CONCURRENCY = 8;
const ORDERS: RequestOrder[] = ['dataset', 'video'];

interface OneRun {
  wall_s: number;
  requests: number;
  errored: number;
  /** Cached image tokens / image tokens, at the server. */
  cache_hit_rate: number;
  /** Prompt tokens the server computed (not found in its cache). */
  computed_prompt_tokens: number;
  prompt_tokens: number;
  videos: number;
  decoded_videos: number;
  frames_decoded_per_video: number;
  server: Record<string, number>;
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-bench-prefix-'));
  try {
    const world = join(dir, 'world');
    await writeSynth({
      ...DEFAULT_CONFIG,
      seed: 24,
      videos: VIDEOS,
      ratios: [0, 0, 1],
      jobs: cpus().length,
      out: world,
    });
    const data = join(world, 'videommmu', 'test');
    const runs: Record<RequestOrder, OneRun[]> = { dataset: [], video: [] };
    for (let round = 0; round < ROUNDS; round++)
      for (const order of round % 2 ? [...ORDERS].reverse() : ORDERS)
        runs[order].push(await once_(data, join(dir, `${order}-${round}`), order));
    const summary = (rs: OneRun[]) => ({
      wall_s: median(rs.map((r) => r.wall_s)),
      cache_hit_rate: median(rs.map((r) => r.cache_hit_rate)),
      computed_prompt_tokens: median(rs.map((r) => r.computed_prompt_tokens)),
      prompt_tokens: rs[0]!.prompt_tokens,
      requests: rs[0]!.requests,
      errored: Math.max(...rs.map((r) => r.errored)),
      videos: rs[0]!.videos,
      frames_decoded_per_video: Math.max(...rs.map((r) => r.frames_decoded_per_video)),
      runs: rs,
    });
    const video = summary(runs.video);
    const dataset = summary(runs.dataset);
    const result = {
      lectures: VIDEOS,
      rounds: ROUNDS,
      frames: FRAMES,
      concurrency: CONCURRENCY,
      server: SERVER,
      video,
      dataset,
      dataset_over_video_wall: dataset.wall_s / video.wall_s,
      goal: 'video order faster than dataset order with a higher cache hit rate; frames decoded per video 1.0',
    };
    writeBenchResult(TINY ? 'prefix-cache-tiny' : 'prefix-cache', result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function once_(data: string, out: string, order: RequestOrder): Promise<OneRun> {
  const server = await startServer();
  try {
    const opts: EvalOptions = {
      tasks: ['videommmu'],
      data,
      output: out,
      model: { baseUrl: server.url, name: 'bench', retry: { retries: 2, baseMs: 50 } },
      frames: { ...DEFAULT_FRAMES, nframes: FRAMES },
      videoMode: 'frames',
      params: { temperature: 0, maxTokens: 16 },
      concurrency: CONCURRENCY,
      fixedConcurrency: true,
      conditions: 'both',
      promptStyle: 'lmms-eval',
      order,
      seed: 0,
      log: null,
    };
    const t = performance.now();
    const r = await evaluate(videoMMMU, opts);
    const wall = (performance.now() - t) / 1000;
    const st = (await (await fetch(`${server.url.replace(/\/v1$/, '')}/stats`)).json()) as Record<string, number>;
    const paths = readStoreFile(join(out, 'records.jsonl'))
      .map((x) => /frames of (.+?\.mp4)/.exec(x.request.visual)?.[1])
      .filter((p): p is string => p !== undefined);
    const videos = new Set(paths).size;
    return {
      wall_s: wall,
      requests: r.results.counts.answered,
      errored: r.results.counts.errored,
      cache_hit_rate: st.image_tokens ? (st.cached_tokens ?? 0) / st.image_tokens : 0,
      computed_prompt_tokens: (st.prompt_tokens ?? 0) - (st.cached_tokens ?? 0),
      prompt_tokens: st.prompt_tokens ?? 0,
      videos,
      decoded_videos: r.frames.decoded_videos,
      frames_decoded_per_video: videos ? r.frames.decoded_videos / videos : 0,
      server: st,
    };
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'close');
  }
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const script = new URL('./prefixCacheServer.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, JSON.stringify(SERVER)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), child };
}
