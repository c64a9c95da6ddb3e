import { readFile, stat } from 'node:fs/promises';
import { errorMessage, MediaError } from '../core/errors.js';
import { mulberry32, shuffled } from '../core/rng.js';
import type { FrameConfig, QuizImage } from '../core/types.js';
import {
  imageResize,
  imageSize,
  readImageAsFrame,
  sampleFrames,
  type FrameCache,
  type ShortVideo,
} from '../media/index.js';
import { roundByFactor } from '../media/smartResize.js';
import type { VisualPart } from '../clients/types.js';
import type { VisualSpec } from '../tasks/types.js';

export type VideoMode = 'frames' | 'video';

export interface FramesMeta {
  count: number;
  indices: number[];
  width: number;
  height: number;
  /** Temporal probe: frame i of the request is sampled frame order[i]. */
  order?: number[];
  /** Sent with fewer frames than planned (`--allow-short-videos`): how many, and why. */
  short?: ShortVideo;
}

export interface PrepareOptions {
  /** Send a video that decodes short of its declared frames with the frames that exist (flagged). */
  allowShortVideos?: boolean;
  /** The run's frame cache: a video shown by several requests is sampled once. */
  frameCache?: FrameCache;
}

export interface PreparedVisuals {
  visuals: VisualPart[];
  /** Human-readable account of what was sent, stored with the record. */
  description: string;
  frames: FramesMeta | null;
}

/**
 * Turn a task's visual spec into request parts: sampled frames (or the whole clip in video mode),
 * an appended image as the last frame, a lone image, or nothing.
 */
export async function prepareVisuals(
  spec: VisualSpec,
  cfg: FrameConfig,
  mode: VideoMode,
  opts: PrepareOptions = {},
): Promise<PreparedVisuals> {
  switch (spec.kind) {
    case 'none':
      return { visuals: [], description: `text only (${spec.reason})`, frames: null };
    case 'image':
      return fromLoneImage(spec.image, cfg);
    case 'video': {
      let v = await fromVideo(spec.path, cfg, mode, opts);
      if (spec.shuffleSeed !== undefined) v = shuffleFrames(v, spec.shuffleSeed);
      return spec.appendImage ? withImage(v, spec.appendImage, cfg) : v;
    }
  }
}

/**
 * Decode a video spec's frames into the frame cache ahead of its request (see decodeAhead.ts),
 * with exactly the call prepareVisuals makes, so the request finds them; null when there is
 * nothing to decode ahead (not a video, whole-clip mode, no cache).
 */
export function framesAhead(
  spec: VisualSpec,
  cfg: FrameConfig,
  mode: VideoMode,
  opts: PrepareOptions,
): (() => Promise<unknown>) | null {
  if (spec.kind !== 'video' || mode !== 'frames' || !opts.frameCache) return null;
  const cache = opts.frameCache;
  return () => cache.warm(spec.path, cfg, { allowShort: opts.allowShortVideos });
}

async function fromVideo(
  path: string,
  cfg: FrameConfig,
  mode: VideoMode,
  opts: PrepareOptions,
): Promise<PreparedVisuals> {
  if (mode === 'video') {
    const st = await stat(path).catch(() => null);
    if (!st) throw new MediaError('missing', path, 'video file not found');
    if (st.size === 0) throw new MediaError('empty', path, 'video file is empty');
    return {
      visuals: [{ kind: 'video', mime: 'video/mp4', data: await readFile(path), sampling: clipSampling(cfg) }],
      description: `video ${path}`,
      frames: null,
    };
  }
  const sampleOpts = { allowShort: opts.allowShortVideos };
  const s = opts.frameCache
    ? await opts.frameCache.sample(path, cfg, sampleOpts)
    : await sampleFrames(path, cfg, sampleOpts);
  const frames: FramesMeta = { count: s.frames.length, indices: s.indices, width: s.width, height: s.height };
  if (s.short) frames.short = s.short;
  return {
    visuals: s.frames.map((data) => ({ kind: 'image', mime: s.mime, data })),
    description: s.short
      ? `${s.frames.length} of ${s.short.planned} planned frames of ${path} (short video: ${s.short.reason})`
      : `${s.frames.length} frames of ${path}`,
    frames,
  };
}

/**
 * How the server should sample a whole clip, from the run's frame config: the fixed count, or the
 * rate with the most-frames cap (the client sends it as vLLM's `media_io_kwargs.video`).
 */
export function clipSampling(cfg: FrameConfig): { numFrames?: number; fps?: number } {
  // The count frames mode would take (the Qwen2.5-VL rule rounds to a multiple of 2).
  if (cfg.nframes !== undefined) return { numFrames: Math.max(2, roundByFactor(cfg.nframes, 2)) };
  if (cfg.fps !== undefined) return { fps: cfg.fps, numFrames: cfg.maxFrames };
  return {};
}

/** Seeded permutation of the sampled frames; never the identity when there are ≥ 2 distinct frames. */
function shuffleFrames(v: PreparedVisuals, seed: number): PreparedVisuals {
  if (!v.frames)
    throw new MediaError(
      'unsupported',
      v.description,
      'the shuffle probe needs sampled frames (use --video-mode frames)',
    );
  const n = v.visuals.length;
  const rand = mulberry32(seed);
  const ids = Array.from({ length: n }, (_, i) => i);
  let order = shuffled(ids, rand);
  for (let tries = 0; n > 1 && order.every((x, i) => x === i) && tries < 16; tries++) order = shuffled(ids, rand);
  return {
    visuals: order.map((i) => v.visuals[i] as VisualPart),
    description: `${v.description}, shuffled (seed ${seed})`,
    frames: { ...v.frames, order },
  };
}

async function withImage(v: PreparedVisuals, image: QuizImage, cfg: FrameConfig): Promise<PreparedVisuals> {
  const bytes = await imageBytes(image);
  if (v.frames) {
    // Same size as the video frames, so the quiz reads as the video's last frame.
    const frame = await readImageAsFrame(
      bytes,
      v.frames.width,
      v.frames.height,
      cfg.format,
      cfg.jpegQuality,
      labelOf(image),
    );
    return {
      visuals: [...v.visuals, { kind: 'image', mime: mimeOf(cfg), data: frame }],
      description: `${v.description} + image as last frame`,
      frames: { ...v.frames, count: v.frames.count + 1 },
    };
  }
  return {
    ...v,
    visuals: [...v.visuals, { kind: 'image', mime: sniffMime(bytes), data: bytes }],
    description: `${v.description} + image`,
  };
}

/** A single image, sized by `fetch_image`'s rule: smart_resize within the image pixel bounds, nothing else. */
async function fromLoneImage(image: QuizImage, cfg: FrameConfig): Promise<PreparedVisuals> {
  const bytes = await imageBytes(image);
  const size = imageSize(bytes);
  if (!size) throw new MediaError('corrupt', labelOf(image), 'not a PNG/JPEG/WebP image');
  let h: number;
  let w: number;
  try {
    [h, w] = imageResize(size.height, size.width, cfg);
  } catch (e) {
    throw new MediaError('unsupported', labelOf(image), errorMessage(e));
  }
  const frame = await readImageAsFrame(bytes, w, h, cfg.format, cfg.jpegQuality, labelOf(image));
  return {
    visuals: [{ kind: 'image', mime: mimeOf(cfg), data: frame }],
    description: `image ${image.path ?? '(bytes)'}`,
    frames: { count: 1, indices: [], width: w, height: h },
  };
}

async function imageBytes(image: QuizImage): Promise<Uint8Array> {
  if (image.bytes) return image.bytes;
  try {
    return await readFile(image.path);
  } catch {
    throw new MediaError('missing', image.path, 'image not found');
  }
}

/** How errors name an image: its path, or that it came as bytes inside the dataset index. */
const labelOf = (image: QuizImage): string => image.path ?? 'quiz image (bytes from the dataset index)';

const mimeOf = (cfg: FrameConfig): string => (cfg.format === 'png' ? 'image/png' : 'image/jpeg');

function sniffMime(b: Uint8Array): string {
  if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  return 'image/webp';
}
