/**
 * Frame-sampling overhead: `sampleFrames` (probe + plan + one ffmpeg + splitting) against ONE bare
 * ffmpeg command that writes the same frames (same select, scale and mjpeg settings) to a pipe,
 * on a 30 s 640×360 30 fps H.264 mp4. Medians of 5 interleaved runs; goal: ratio ≤ 1.2.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FrameConfig } from '../src/core/types.js';
import { DEFAULT_FRAMES } from '../src/eval/config.js';
import { locateFfmpeg, runBinary } from '../src/media/ffmpeg.js';
import { planSampling, sampleFrames, samplingFilter } from '../src/media/frameSampler.js';
import { splitImages } from '../src/media/image.js';
import { probeVideo } from '../src/media/probe.js';
import { median, writeBenchResult } from './util.js';

const RUNS = 5;
const FRAME_COUNTS = [16, 64];

async function makeVideo(path: string): Promise<void> {
  const r = await runBinary(locateFfmpeg().ffmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=30',
    '-t',
    '30',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    path,
  ]);
  if (r.code !== 0) throw new Error(`cannot make the benchmark video: ${r.stderr}`);
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await f();
  return [performance.now() - t, out];
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-bench-frames-'));
  const video = join(dir, 'lecture.mp4');
  try {
    await makeVideo(video);
    const info = await probeVideo(video);
    const { ffmpeg } = locateFfmpeg();
    const cases: Record<string, unknown>[] = [];
    for (const nframes of FRAME_COUNTS) {
      const cfg: FrameConfig = { ...DEFAULT_FRAMES, nframes, fps: undefined, format: 'jpeg' };
      const plan = planSampling(info, cfg, video);
      const filter = samplingFilter(
        [...new Set(plan.indices)].sort((a, b) => a - b),
        plan.width,
        plan.height,
      );
      const bareArgs = [
        '-v',
        'error',
        '-i',
        video,
        '-vf',
        filter,
        '-vsync',
        '0',
        '-f',
        'image2pipe',
        '-c:v',
        'mjpeg',
        '-q:v',
        String(cfg.jpegQuality),
        'pipe:1',
      ];
      const bare = async (): Promise<number> => (await runBinary(ffmpeg, bareArgs)).stdout.length;
      const ours = async (): Promise<number> => (await sampleFrames(video, cfg)).frames.length;

      const [, bareBytes] = await timed(bare); // warm the page cache and the binary
      const [, ourCount] = await timed(ours);
      const bareCount = splitImages((await runBinary(ffmpeg, bareArgs)).stdout, 'jpeg').length;
      if (ourCount !== nframes || bareCount !== nframes || !bareBytes)
        throw new Error(`frame counts differ: ours ${ourCount}, bare ${bareCount}`);
      const b: number[] = [];
      const s: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        b.push((await timed(bare))[0]);
        s.push((await timed(ours))[0]);
      }
      cases.push({
        nframes,
        size: `${plan.width}x${plan.height}`,
        bare_ffmpeg_ms: median(b),
        sample_frames_ms: median(s),
        ratio: median(s) / median(b),
        runs: { bare: b, sampleFrames: s },
      });
    }
    const probeRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) probeRuns.push((await timed(() => probeVideo(video)))[0]);
    const result = {
      video: '30 s 640x360 30 fps H.264 (testsrc2, libx264 defaults)',
      frames: info.nbFrames,
      ffmpeg: locateFfmpeg().version,
      cases,
      in_process_probe_ms: median(probeRuns),
      worst_ratio: Math.max(...cases.map((c) => c.ratio as number)),
      goal: 'sampleFrames within 1.2x of one bare ffmpeg command (ratio ≤ 1.2)',
    };
    writeBenchResult('frame-sampling', result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  process.stdout.write(`${JSON.stringify(r, (k, v) => (k === 'runs' ? undefined : v), 2)}\n`);
}
