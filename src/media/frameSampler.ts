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
   * How many trailing frames repeat the last decoded one because the stream held fewer frames than
   * its container declared (a truncated file or a wrong count); 0 normally.
   */
  padded: number;
}

export interface SampleOptions {
  /** Kill ffmpeg after this long (default 20 minutes: a long 1080p lecture is decoded in full). */
  timeoutMs?: number;
  /** Select expressions longer than this go through `-filter_script` (Linux caps one argument at 128 KiB). */
  maxInlineFilterChars?: number;
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

/** Sample frames from a video per `cfg`. Throws MediaError for any problem with the file itself. */
export async function sampleFrames(path: string, cfg: FrameConfig, opts: SampleOptions = {}): Promise<SampledFrames> {
  const info = await probeVideo(path);
  const plan = planSampling(info, cfg, path);
  const wanted = [...new Set(plan.indices)].sort((a, b) => a - b);
  const filter = samplingFilter(wanted, plan.width, plan.height);
  const decoded = await runSelect(path, filter, cfg.format, cfg.jpegQuality, opts);
  const position = new Map(wanted.map((idx, k) => [idx, k]));
  const slots = plan.indices.map((idx) => position.get(idx)!);
  return {
    frames: slots.map((k) => decoded[Math.min(k, decoded.length - 1)]!),
    mime: mimeOf(cfg.format),
    indices: plan.indices,
    width: plan.width,
    height: plan.height,
    info,
    sampleFps: sampleFps(plan.indices.length, info.nbFrames, info.fps),
    padded: slots.filter((k) => k >= decoded.length).length,
  };
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
  const decoded = await runSelect(
    path,
    samplingFilter(wanted, size.width, size.height),
    enc.format,
    enc.jpegQuality,
    opts,
  );
  const position = new Map(wanted.map((idx, k) => [idx, k]));
  return indices.map((idx) => decoded[Math.min(position.get(idx)!, decoded.length - 1)]!);
}

/** Run the single ffmpeg process and split its stdout into images. */
async function runSelect(
  path: string,
  filter: string,
  format: ImageFormat,
  jpegQuality: number,
  opts: SampleOptions,
): Promise<Buffer[]> {
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
    return images;
  } finally {
    if (scriptDir) await rm(scriptDir, { recursive: true, force: true });
  }
}
