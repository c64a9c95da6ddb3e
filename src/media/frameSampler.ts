/**
 * Video → frames for a model request: Qwen2.5-VL's frame count, frame indices and frame size, decoded
 * by exactly one ffmpeg process that selects the frames by number, scales them and writes them as
 * a stream of images to stdout.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError, errorMessage } from '../core/errors.js';
import type { FrameConfig } from '../core/types.js';
import { locateFfmpeg, runBinary } from './ffmpeg.js';
import { encoderArgs, mimeOf, splitImages, type ImageFormat } from './image.js';
import { probeVideo, tail, type VideoInfo } from './probe.js';
import {
  IMAGE_FACTOR,
  MAX_PIXELS,
  MIN_PIXELS,
  VIDEO_MAX_PIXELS,
  VIDEO_MIN_PIXELS,
  VIDEO_TOTAL_PIXELS,
  frameIndices,
  sampleFps,
  smartNFrames,
  smartResize,
  videoMaxPixels,
} from './smartResize.js';

/**
 * Qwen2.5-VL `vision_process` defaults (upstream qwen-vl-utils): `VIDEO_MIN_PIXELS`, the built-in
 * `VIDEO_MAX_PIXELS` cap with no `max_pixels` given, `VIDEO_TOTAL_PIXELS`, and the image bounds
 * `MIN_PIXELS` / `MAX_PIXELS`; tasks set nframes or fps.
 */
export const QWEN_VL_FRAMES: FrameConfig = {
  minFrames: 4,
  maxFrames: 768,
  minPixels: VIDEO_MIN_PIXELS,
  maxPixelsCap: VIDEO_MAX_PIXELS,
  totalPixels: VIDEO_TOTAL_PIXELS,
  imageMinPixels: MIN_PIXELS,
  imageMaxPixels: MAX_PIXELS,
  format: 'jpeg',
  jpegQuality: 3,
};

export interface SampledFrames {
  /** Encoded images, one per entry of `indices`. */
  frames: Buffer[];
  mime: 'image/jpeg' | 'image/png';
  /** 0-based frame numbers in decode (presentation) order, as torch.linspace picks them. */
  indices: number[];
  width: number;
  height: number;
  info: VideoInfo;
  /** Frames per second the samples cover (the reference's `sample_fps`). */
  sampleFps: number;
  /**
   * Set only with `allowShort`, when the stream did not decode as its container declares: `frames`
   * and `indices` then hold just the frames that did decode (never copies standing in for the rest).
   */
  short: ShortVideo | null;
}

/** A video sent with fewer frames than planned, and why. */
export interface ShortVideo {
  /** Frames the plan asked for. */
  planned: number;
  /** Frames that decoded (and were sent). */
  decoded: number;
  reason: string;
}

export interface SampleOptions {
  /** Kill ffmpeg after this long (default 20 minutes: a long 1080p lecture is decoded in full). */
  timeoutMs?: number;
  /** Select expressions longer than this go through `-filter_script` (Linux caps one argument at 128 KiB). */
  maxInlineFilterChars?: number;
  /**
   * A stream that decodes short of its declared frames, or with decoder errors, is by default a
   * MediaError('truncated' | 'corrupt'); with this set the frames that did decode are returned and
   * `short` says what is missing.
   */
  allowShort?: boolean;
}

export interface SamplingPlan {
  indices: number[];
  width: number;
  height: number;
}

const DEFAULT_TIMEOUT_MS = 20 * 60_000;
const MAX_INLINE_FILTER_CHARS = 100_000;

/**
 * Frame numbers and output size for a video (pure). Config mistakes (nframes with fps, fewer than
 * 2 frames asked for) throw RangeError; an aspect ratio beyond 200:1 is the video's fault and
 * throws MediaError('unsupported').
 */
export function planSampling(info: VideoInfo, cfg: FrameConfig, path: string): SamplingPlan {
  const n = smartNFrames(cfg, info.nbFrames, info.fps);
  const indices = frameIndices(info.nbFrames, n);
  try {
    const [height, width] = smartResize(info.height, info.width, IMAGE_FACTOR, cfg.minPixels, videoMaxPixels(cfg, n));
    return { indices, width, height };
  } catch (e) {
    throw new MediaError('unsupported', path, errorMessage(e));
  }
}

/**
 * An ffmpeg expression true exactly on the given frame numbers (sorted, distinct): a binary search
 * over `n`, so each decoded frame costs O(log k) comparisons instead of k `eq` terms, and nesting
 * depth stays logarithmic however many frames are asked for.
 */
export function selectExpression(sorted: number[], lo = 0, hi = sorted.length): string {
  if (hi <= lo) return '0';
  if (hi - lo === 1) return `eq(n,${sorted[lo]})`;
  const mid = (lo + hi) >>> 1;
  return `if(lt(n,${sorted[mid]}),${selectExpression(sorted, lo, mid)},${selectExpression(sorted, mid, hi)})`;
}

/** The whole filter chain; the quotes keep the expression's commas away from the filtergraph parser. */
export function samplingFilter(sorted: number[], width: number, height: number): string {
  return `select='${selectExpression(sorted)}',scale=${width}:${height}:flags=bicubic`;
}

/**
 * Sample frames from a video per `cfg`. Throws MediaError for any problem with the file itself,
 * including a stream that ends before its declared last frame (the plan always asks for that
 * frame, so a cut file shows as missing frames) or that the decoder reports errors on.
 */
export async function sampleFrames(path: string, cfg: FrameConfig, opts: SampleOptions = {}): Promise<SampledFrames> {
  const info = await probeVideo(path);
  const plan = planSampling(info, cfg, path);
  const wanted = [...new Set(plan.indices)].sort((a, b) => a - b);
  const filter = samplingFilter(wanted, plan.width, plan.height);
  const run = await runSelect(path, filter, cfg.format, cfg.jpegQuality, opts);
  const decoded = run.images;
  const position = new Map(wanted.map((idx, k) => [idx, k]));
  const slots = plan.indices.map((idx) => position.get(idx)!);
  const base = {
    mime: mimeOf(cfg.format),
    width: plan.width,
    height: plan.height,
    info,
  } as const;
  const problem = decodeProblem(run, decoded.length, wanted, info.nbFrames);
  if (!problem)
    return {
      ...base,
      frames: slots.map((k) => decoded[k]!),
      indices: plan.indices,
      sampleFps: sampleFps(plan.indices.length, info.nbFrames, info.fps),
      short: null,
    };
  if (!opts.allowShort)
    throw new MediaError(problem.code, path, `${problem.reason} (--allow-short-videos sends the frames that decode)`);
  // Frame numbers count decoded frames, so what decoded is the first `decoded.length` wanted frames.
  const kept = plan.indices.map((idx, i) => ({ idx, k: slots[i]! })).filter((x) => x.k < decoded.length);
  return {
    ...base,
    frames: kept.map((x) => decoded[x.k]!),
    indices: kept.map((x) => x.idx),
    sampleFps: sampleFps(kept.length, info.nbFrames, info.fps),
    short: { planned: plan.indices.length, decoded: kept.length, reason: problem.reason },
  };
}

/** Why a decode is not the stream its container declares, or null when it is. */
function decodeProblem(
  run: SelectRun,
  decoded: number,
  wanted: readonly number[],
  declared: number,
): { code: 'truncated' | 'corrupt'; reason: string } | null {
  const said = oneLine(tail(run.stderr, 200));
  if (decoded < wanted.length) {
    const lastOk = decoded > 0 ? wanted[decoded - 1]! : null;
    return {
      code: 'truncated',
      reason:
        `only ${decoded} of ${wanted.length} sampled frames decode (the container declares ${declared} frames; ` +
        `${lastOk === null ? 'none decode' : `frame ${wanted[decoded]} and later do not`})${said ? `: ${said}` : ''}`,
    };
  }
  if (run.code !== 0 || said)
    return { code: 'corrupt', reason: `the decoder reported errors: ${said || `ffmpeg exit ${run.code}`}` };
  return null;
}

/**
 * Decode given frame numbers of a video at a given size: the frames a stored record says were sent,
 * regenerated without re-planning (a report's thumbnails). Returns one image per entry of `indices`
 * (repeats allowed); frames past the decoded end repeat the last decoded frame, as sampleFrames does.
 */
export async function framesAt(
  path: string,
  indices: readonly number[],
  size: { width: number; height: number },
  enc: { format: ImageFormat; jpegQuality: number } = { format: 'jpeg', jpegQuality: 5 },
  opts: SampleOptions = {},
): Promise<Buffer[]> {
  if (indices.length === 0) return [];
  const wanted = [...new Set(indices)].sort((a, b) => a - b);
  const { images: decoded } = await runSelect(
    path,
    samplingFilter(wanted, size.width, size.height),
    enc.format,
    enc.jpegQuality,
    opts,
  );
  const position = new Map(wanted.map((idx, k) => [idx, k]));
  return indices.map((idx) => decoded[Math.min(position.get(idx)!, decoded.length - 1)]!);
}

interface SelectRun {
  images: Buffer[];
  stderr: string;
  code: number;
}

/** Run the single ffmpeg process and split its stdout into images. */
async function runSelect(
  path: string,
  filter: string,
  format: ImageFormat,
  jpegQuality: number,
  opts: SampleOptions,
): Promise<SelectRun> {
  const { ffmpeg } = locateFfmpeg();
  const inline = filter.length <= (opts.maxInlineFilterChars ?? MAX_INLINE_FILTER_CHARS);
  const scriptDir = inline ? null : await mkdtemp(join(tmpdir(), 'vreason-select-'));
  try {
    let filterArgs = ['-vf', filter];
    if (scriptDir) {
      const script = join(scriptDir, 'filter.txt');
      await writeFile(script, filter);
      filterArgs = ['-filter_script:v', script];
    }
    // -noautorotate: sizes come from the coded frame (as decord returns it); rotating first would
    // make the fixed W:H stretch a portrait video. -vsync 0: no frame duplication or dropping.
    const args = [
      '-v',
      'error',
      '-noautorotate',
      '-i',
      path,
      '-map',
      '0:v:0',
      ...filterArgs,
      '-vsync',
      '0',
      ...encoderArgs(format, jpegQuality),
    ];
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let res;
    try {
      res = await runBinary(ffmpeg, args, { timeoutMs });
    } catch (e) {
      throw new MediaError('ffmpeg', path, `cannot run ffmpeg: ${errorMessage(e)}`);
    }
    if (res.code === null) throw new MediaError('ffmpeg', path, `ffmpeg killed after ${timeoutMs} ms`);
    const images = splitImages(res.stdout, format);
    if (images.length === 0)
      throw new MediaError('corrupt', path, `no frames decoded: ${tail(res.stderr) || `ffmpeg exit ${res.code}`}`);
    return { images, stderr: res.stderr, code: res.code };
  } finally {
    if (scriptDir) await rm(scriptDir, { recursive: true, force: true });
  }
}

/** Tool output folded onto one line, for error records and terminal lines. */
export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' | ').trim();
}
