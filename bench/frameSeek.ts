/**
 * Frame sampling cost against video length (issue 24): 32 frames from 1280×720 30 fps H.264 files
 * with a keyframe every 250 frames, 30 s, 5 min and 30 min long, by
 * - `full`: sampleFrames decoding the whole stream (the method before keyframe seeking);
 * - `seek`: sampleFrames as it runs now (keyframe seeks, one ffmpeg process);
 * - `plain_sequential`: 32 separate `ffmpeg -ss t -i file -frames:v 1` calls, one after another;
 * - `plain_parallel`: the same 32 calls, as many at once as there are CPUs.
 * `method` says what the sampler chose (a plan dense enough that seeking saves nothing decodes in
 * full). Ratios side by side; goal: seek ≤ 1.0× the faster plain extraction. The plain calls seek by
 * time, so `plain_exact` counts how many of their frames match the sampler's byte for byte.
 *
 * Videos are generated once (ffmpeg testsrc2, libx264 veryfast) and kept in
 * .vreason-cache/bench/. `VREASON_BENCH_SEEK=tiny` shrinks everything for a smoke run (320×180,
 * 20 s and 60 s, a keyframe every 25 frames): its numbers mean nothing.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FrameConfig } from '../src/core/types.js';
import { DEFAULT_FRAMES } from '../src/eval/config.js';
import { locateFfmpeg, runBinary } from '../src/media/ffmpeg.js';
import { planSampling, sampleFrames, seekIndexOf } from '../src/media/frameSampler.js';
import { splitImages } from '../src/media/image.js';
import { probeVideo } from '../src/media/probe.js';
import { median, writeBenchResult } from './util.js';

const FRAMES = 32;
const tiny = process.env.VREASON_BENCH_SEEK === 'tiny';
const SIZE = tiny ? '320x180' : '1280x720';
const GOP = tiny ? 25 : 250;
/** `VREASON_BENCH_SEEK_DURATIONS=30,300` runs a subset (the 30-minute file takes long to encode). */
const DURATIONS_SEC = process.env.VREASON_BENCH_SEEK_DURATIONS
  ? process.env.VREASON_BENCH_SEEK_DURATIONS.split(',').map(Number)
  : tiny
    ? [20, 60]
    : [30, 300, 1800];

async function videoOf(seconds: number): Promise<string> {
  const dir = join(process.cwd(), '.vreason-cache', 'bench');
  mkdirSync(dir, { recursive: true });
  const p = join(dir, `h264-${SIZE}-30fps-g${GOP}-${seconds}s.mp4`);
  if (existsSync(p)) return p;
  const tmp = `${p}.partial.mp4`;
  const r = await runBinary(locateFfmpeg().ffmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${SIZE}:rate=30`,
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-g',
    String(GOP),
    '-keyint_min',
    String(GOP),
    '-sc_threshold',
    '0',
    '-pix_fmt',
    'yuv420p',
    tmp,
  ]);
  if (r.code !== 0) throw new Error(`cannot make the benchmark video: ${r.stderr}`);
  renameSync(tmp, p);
  return p;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await f();
  return [performance.now() - t, out];
}

async function inParallel<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

export async function run(): Promise<Record<string, unknown>> {
  const { ffmpeg } = locateFfmpeg();
  const cfg: FrameConfig = { ...DEFAULT_FRAMES, nframes: FRAMES, fps: undefined, format: 'jpeg' };
  const cases: Record<string, unknown>[] = [];
  for (const seconds of DURATIONS_SEC) {
    const video = await videoOf(seconds);
    const info = await probeVideo(video);
    const plan = planSampling(info, cfg, video);
    const ix = await seekIndexOf(video, info);
    if (typeof ix === 'string') throw new Error(`no seek index for the benchmark video: ${ix}`);
    // Plain extraction seeks by time: each frame's presentation time in seconds.
    let chosen = '';
    const times = plan.indices.map((k) => ix.pts[k]! / ix.timescale);
    const plainOne = (t: number) => async (): Promise<Buffer> =>
      (
        await runBinary(ffmpeg, [
          '-v',
          'error',
          '-ss',
          t.toFixed(6),
          '-i',
          video,
          '-frames:v',
          '1',
          '-vf',
          `scale=${plan.width}:${plan.height}:flags=bicubic`,
          '-f',
          'image2pipe',
          '-c:v',
          'mjpeg',
          '-q:v',
          String(cfg.jpegQuality),
          'pipe:1',
        ])
      ).stdout;
    const methods = {
      full: async () => (await sampleFrames(video, cfg, { decode: 'full' })).frames,
      seek: async () => {
        const s = await sampleFrames(video, cfg);
        chosen = s.fallback ? `${s.method} (${s.fallback})` : s.method;
        return s.frames;
      },
      plain_sequential: async () => {
        const out: Buffer[] = [];
        for (const t of times) out.push(await plainOne(t)());
        return out;
      },
      plain_parallel: async () => inParallel(times.map(plainOne), Math.max(1, cpus().length)),
    };
    const runs = seconds <= 60 ? 3 : 1;
    const ms: Record<string, number[]> = {};
    const got: Record<string, Buffer[]> = {};
    for (let i = 0; i < runs; i++)
      for (const [name, f] of Object.entries(methods)) {
        const [t, frames] = await timed(f);
        (ms[name] ??= []).push(t);
        got[name] = frames;
      }
    const m = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, median(v)]));
    const sameAsFull = got.seek!.every((f, i) => f.equals(got.full![i]!));
    if (!sameAsFull) throw new Error('the seek path gave other bytes than the full decode');
    const plainImages = got.plain_sequential!.map((b) => splitImages(b, 'jpeg')[0]);
    const fastestPlain = Math.min(m.plain_sequential!, m.plain_parallel!);
    cases.push({
      duration_s: seconds,
      frames_in_video: info.nbFrames,
      size_sent: `${plan.width}x${plan.height}`,
      runs,
      method: chosen,
      ms: m,
      seek_vs_fastest_plain: m.seek! / fastestPlain,
      seek_vs_full: m.seek! / m.full!,
      full_vs_fastest_plain: m.full! / fastestPlain,
      plain_exact: `${plainImages.filter((f, i) => f?.equals(got.seek![i]!)).length} of ${FRAMES}`,
      runs_ms: ms,
    });
    process.stderr.write(`  ${seconds} s: ${JSON.stringify(m)}\n`);
  }
  const result = {
    video: `${SIZE} 30 fps H.264 (testsrc2, libx264 veryfast), keyframe every ${GOP} frames`,
    tiny,
    frames: FRAMES,
    ffmpeg: locateFfmpeg().version,
    cases,
    goal: 'seek ≤ 1.0× the faster plain ffmpeg extraction of the same frames',
  };
  writeBenchResult(tiny ? 'frame-seek-tiny' : 'frame-seek', result);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  process.stdout.write(`${JSON.stringify(r, (k, v) => (k === 'runs_ms' ? undefined : v), 2)}\n`);
}
