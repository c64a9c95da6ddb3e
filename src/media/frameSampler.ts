/**
 * Video → frames for a model request: Qwen2.5-VL's frame count, frame indices and frame size.
 *
 * Two ways to decode, giving the same images byte for byte:
 * - `seek` (MP4/MOV with usable sample tables, Matroska/WebM with a readable frame table: see
 *   matroskaBlocks.ts): one ffmpeg process with one input per keyframe
 *   to start from (see keyframeSeek.ts), each decoding only up to its last wanted frame, which it
 *   picks by presentation timestamp. Cost follows the frames asked for, not the video's length.
 * - `full`: one ffmpeg process that decodes the whole stream and selects the frames by number.
 *   Used where the seek path cannot show it is exact (no sample index, edit lists it does not
 *   model, a frame that did not appear, decoder messages), where the frames are so dense that
 *   seeking saves nothing, and as the authority on short or damaged streams.
 */
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError, errorMessage } from '../core/errors.js';
import type { FrameConfig } from '../core/types.js';
import { locateFfmpeg, runBinary, runBinaryPipes } from './ffmpeg.js';
import { buildSeekIndex, membershipExpression, planSeeks, type SeekIndex, type SeekPlan } from './keyframeSeek.js';
import { readMatroskaFrameTable } from './matroskaBlocks.js';
import { readMp4SampleTables } from './mp4Boxes.js';
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
  /** How the frames were decoded: keyframe seeks, or the whole stream. */
  method: DecodeMethod;
  /** With method 'full' under `decode: 'auto'`: why the seek path was not used. */
  fallback: string | null;
}

export type DecodeMethod = 'seek' | 'full';

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
  /**
   * 'auto' (default): keyframe seeks where they are provably exact, else a full decode; 'full': always decode
   * everything.
   */
  decode?: 'auto' | 'full';
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
  return membershipExpression('n', sorted, lo, hi);
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
  const position = new Map(wanted.map((idx, k) => [idx, k]));
  const slots = plan.indices.map((idx) => position.get(idx)!);
  const base = {
    mime: mimeOf(cfg.format),
    width: plan.width,
    height: plan.height,
    info,
  } as const;
  let fallback: string | null = null;
  if ((opts.decode ?? 'auto') === 'auto') {
    const seek = await framesBySeek(path, info, wanted, plan, cfg, opts);
    if (Array.isArray(seek))
      return {
        ...base,
        frames: slots.map((k) => seek[k]!),
        indices: plan.indices,
        sampleFps: sampleFps(plan.indices.length, info.nbFrames, info.fps),
        short: null,
        method: 'seek',
        fallback: null,
      };
    fallback = seek;
  }
  const filter = samplingFilter(wanted, plan.width, plan.height);
  const run = await runSelect(path, filter, cfg.format, cfg.jpegQuality, opts);
  const decoded = run.images;
  const how = { method: 'full', fallback } as const;
  const problem = decodeProblem(run, decoded.length, wanted, info.nbFrames);
  if (!problem)
    return {
      ...base,
      frames: slots.map((k) => decoded[k]!),
      indices: plan.indices,
      sampleFps: sampleFps(plan.indices.length, info.nbFrames, info.fps),
      short: null,
      ...how,
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
    ...how,
  };
}

/** Above this share of the stream decoded anyway, seeking saves nothing and the full decode runs. */
const DENSE_SHARE = 0.6;
/** Inputs (seeks) per ffmpeg process: each input holds a decoder. */
const MAX_SEEKS_PER_PROCESS = 16;

/**
 * Missing-reference messages the H.264/HEVC decoders print for the leading pictures of an open-GOP
 * keyframe decoded without the GOP before it: expected after such a seek, and about frames no
 * output is taken from. Any other message sends the video to the full decode.
 */
const OPEN_GOP_NOISE = [
  /mmco: unref short failure/,
  /reference picture missing during reorder/,
  /Missing reference picture/,
  /Could not find ref with POC/,
  /co located POCs unavailable/,
];

/** stderr lines not matching `expected` ("Last message repeated" counts as the line before it). */
function unexpectedMessages(stderr: string, expected: readonly RegExp[]): string[] {
  const out: string[] = [];
  let lastExpected = false;
  for (const raw of stderr.split('\n')) {
    const l = raw.trim();
    if (!l) continue;
    if (/Last message repeated/.test(l)) {
      if (!lastExpected) out.push(l);
      continue;
    }
    lastExpected = expected.some((re) => re.test(l));
    if (!lastExpected) out.push(l);
  }
  return out;
}

/**
 * The seek path alone: one image per entry of `wanted` (sorted, distinct frame numbers), scaled
 * to `size`, or a sentence saying why the full decode must run instead.
 */
export async function framesBySeek(
  path: string,
  info: VideoInfo,
  wanted: readonly number[],
  size: { width: number; height: number },
  enc: { format: ImageFormat; jpegQuality: number },
  opts: SampleOptions = {},
): Promise<Buffer[] | string> {
  if (wanted.length === 0 || wanted[wanted.length - 1]! >= info.nbFrames) return 'a frame past the declared end';
  const ix = await seekIndexOf(path, info);
  if (typeof ix === 'string') return ix;
  const seeks = planSeeks(ix, wanted);
  if (seeks.decodedSamples > DENSE_SHARE * info.nbFrames)
    return `the frames need ${seeks.decodedSamples} of ${info.nbFrames} frames decoded: no gain from seeking`;
  return runSeeks(path, seeks, size, enc, opts);
}

/** The sample index of an MP4/MOV or a Matroska/WebM file, or why there is none to trust. */
export async function seekIndexOf(path: string, info: VideoInfo): Promise<SeekIndex | string> {
  const matroska = /\b(matroska|webm)\b/.test(info.container);
  if (info.container !== 'mp4' && info.container !== 'mov' && !matroska)
    return `no sample index read for ${info.container}`;
  let fh;
  try {
    fh = await open(path, 'r');
    const size = (await fh.stat()).size;
    if (matroska) {
      const table = await readMatroskaFrameTable(fh, size);
      return typeof table === 'string' ? `Matroska frame table: ${table}` : buildSeekIndex(table, info.nbFrames);
    }
    const tables = await readMp4SampleTables(fh, size);
    if (!tables) return 'no video sample tables in the moov box';
    return buildSeekIndex(tables, info.nbFrames);
  } catch (e) {
    return `unreadable sample tables: ${errorMessage(e)}`;
  } finally {
    await fh?.close();
  }
}

async function runSeeks(
  path: string,
  seeks: SeekPlan,
  plan: { width: number; height: number },
  cfg: { format: ImageFormat; jpegQuality: number },
  opts: SampleOptions,
): Promise<Buffer[] | string> {
  const out: Buffer[] = [];
  for (let i = 0; i < seeks.groups.length; i += MAX_SEEKS_PER_PROCESS) {
    const batch = seeks.groups.slice(i, i + MAX_SEEKS_PER_PROCESS);
    const got = await runSeekBatch(path, batch, seeks.openGop, plan, cfg, opts);
    if (typeof got === 'string') return got;
    out.push(...got);
  }
  return out;
}

/** One ffmpeg process: an input per group, seeked to its keyframe; an output pipe per group. */
async function runSeekBatch(
  path: string,
  groups: SeekPlan['groups'],
  openGop: boolean,
  plan: { width: number; height: number },
  cfg: { format: ImageFormat; jpegQuality: number },
  opts: SampleOptions,
): Promise<Buffer[] | string> {
  const { ffmpeg } = locateFfmpeg();
  const inputs: string[] = [];
  const chains: string[] = [];
  const outputs: string[] = [];
  groups.forEach((g, i) => {
    // -copyts keeps the demuxer's pts (what the select compares); -seek_timestamp 1 makes -ss an
    // absolute stream time (no start_time added); -noaccurate_seek: no trim, the select decides.
    inputs.push('-noautorotate', '-seek_timestamp', '1', '-noaccurate_seek');
    if (g.seekSec !== null) inputs.push('-ss', g.seekSec.toFixed(6));
    inputs.push('-i', path);
    chains.push(
      `[${i}:v:0]select='${membershipExpression('pts', g.pts)}',scale=${plan.width}:${plan.height}` +
        `:flags=bicubic[o${i}]`,
    );
    const enc = encoderArgs(cfg.format, cfg.jpegQuality);
    enc[enc.length - 1] = `pipe:${3 + i}`;
    outputs.push('-map', `[o${i}]`, '-frames:v', String(g.frames.length), ...enc);
  });
  const graph = chains.join(';');
  const inline = graph.length <= (opts.maxInlineFilterChars ?? MAX_INLINE_FILTER_CHARS);
  const scriptDir = inline ? null : await mkdtemp(join(tmpdir(), 'vreason-seek-'));
  try {
    let graphArgs = ['-filter_complex', graph];
    if (scriptDir) {
      const script = join(scriptDir, 'graph.txt');
      await writeFile(script, graph);
      graphArgs = ['-filter_complex_script', script];
    }
    const args = ['-v', 'error', '-copyts', ...inputs, ...graphArgs, '-vsync', '0', ...outputs];
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let res;
    try {
      res = await runBinaryPipes(ffmpeg, args, groups.length, { timeoutMs });
    } catch (e) {
      return `cannot run ffmpeg: ${errorMessage(e)}`;
    }
    if (res.code !== 0)
      return `seeking ffmpeg ${res.code === null ? 'killed' : `exit ${res.code}`}: ${oneLine(tail(res.stderr, 200))}`;
    const noise = unexpectedMessages(res.stderr, openGop ? OPEN_GOP_NOISE : []);
    if (noise.length > 0) return `the decoder reported errors after seeking: ${oneLine(tail(noise.join('\n'), 200))}`;
    const images: Buffer[] = [];
    for (const [i, g] of groups.entries()) {
      const got = splitImages(res.outputs[i]!, cfg.format);
      if (got.length !== g.frames.length)
        return `seeking to frame ${g.frames[0]} gave ${got.length} of ${g.frames.length} frames`;
      images.push(...got);
    }
    return images;
  } finally {
    if (scriptDir) await rm(scriptDir, { recursive: true, force: true });
  }
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
 * (repeats allowed); frames past the decoded end repeat the last decoded frame. Seeks where it can,
 * as sampleFrames does.
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
  let decoded: Buffer[] | null = null;
  if ((opts.decode ?? 'auto') === 'auto') {
    const info = await probeVideo(path).catch(() => null);
    const seek = info ? await framesBySeek(path, info, wanted, size, enc, opts) : null;
    if (Array.isArray(seek)) decoded = seek;
  }
  decoded ??= (
    await runSelect(path, samplingFilter(wanted, size.width, size.height), enc.format, enc.jpegQuality, opts)
  ).images;
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
