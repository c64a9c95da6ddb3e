/**
 * Frame-count, frame-index and frame-size rules of Qwen2.5-VL's `qwen_vl_utils/vision_process.py`,
 * reproduced bit-for-bit so that a model sees the same pixels here as under the reference loader.
 */
import type { FrameConfig } from '../core/types.js';
import { pyRound } from '../core/python.js';

export const IMAGE_FACTOR = 28;
export const MIN_PIXELS = 4 * 28 * 28;
export const MAX_PIXELS = 16384 * 28 * 28;
export const MAX_RATIO = 200;
export const FRAME_FACTOR = 2;
export const FPS = 2.0;
/** `VIDEO_MIN_PIXELS` / `VIDEO_MAX_PIXELS` of upstream Qwen2.5-VL (Video-R1's copy sets both to 128·28·28). */
export const VIDEO_MIN_PIXELS = 128 * 28 * 28;
export const VIDEO_MAX_PIXELS = 768 * 28 * 28;
/** `VIDEO_TOTAL_PIXELS`: `int(float(128000 * 28 * 28 * 0.9))`, the default pixel budget over all frames of a video. */
export const VIDEO_TOTAL_PIXELS = Math.trunc(128000 * 28 * 28 * 0.9);

/** Python `round(number / factor) * factor`: half-to-even, so 42/28 = 1.5 → 56 but 70/28 = 2.5 → 56. */
export function roundByFactor(n: number, factor: number): number {
  return pyRound(n / factor) * factor;
}

export function ceilByFactor(n: number, factor: number): number {
  return Math.ceil(n / factor) * factor;
}

export function floorByFactor(n: number, factor: number): number {
  return Math.floor(n / factor) * factor;
}

/**
 * `smart_resize`: both sides a multiple of `factor`, area within [minPixels, maxPixels], aspect kept.
 * Follows upstream qwen-vl-utils, whose shrink branch keeps each side ≥ factor (the Video-R1 copy
 * can return 0 there for extreme aspect ratios, which no decoder can produce).
 */
export function smartResize(
  height: number,
  width: number,
  factor = IMAGE_FACTOR,
  minPixels = MIN_PIXELS,
  maxPixels = MAX_PIXELS,
): [number, number] {
  const ratio = Math.max(height, width) / Math.min(height, width);
  if (!(ratio <= MAX_RATIO)) {
    throw new RangeError(`absolute aspect ratio must be smaller than ${MAX_RATIO}, got ${ratio} (${width}x${height})`);
  }
  let h = Math.max(factor, roundByFactor(height, factor));
  let w = Math.max(factor, roundByFactor(width, factor));
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(factor, floorByFactor(height / beta, factor));
    w = Math.max(factor, floorByFactor(width / beta, factor));
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = ceilByFactor(height * beta, factor);
    w = ceilByFactor(width * beta, factor);
  }
  return [h, w];
}

export type NFramesConfig = Pick<FrameConfig, 'nframes' | 'fps' | 'minFrames' | 'maxFrames'>;

/**
 * `smart_nframes`: how many frames to take from a video of `totalFrames` frames at `videoFps`.
 *
 * Divergence from the Python, on purpose: where the rule asks for more frames than the video has
 * (a fixed `nframes` on a short clip, or any rule on a 1-frame clip) Python raises and the item is
 * lost; we take the largest even count ≤ totalFrames instead (1 for a 1-frame video), so short clips
 * are still evaluated. Results inside [2, totalFrames] are identical to the Python.
 */
export function smartNFrames(cfg: NFramesConfig, totalFrames: number, videoFps: number): number {
  if (cfg.nframes !== undefined && cfg.fps !== undefined) {
    throw new RangeError('frame config: give either nframes or fps, not both');
  }
  if (!(totalFrames >= 1)) throw new RangeError(`smart_nframes: video has no frames (totalFrames=${totalFrames})`);
  if (totalFrames < FRAME_FACTOR) return 1;
  let n: number;
  if (cfg.nframes !== undefined) {
    n = roundByFactor(cfg.nframes, FRAME_FACTOR);
    if (n > totalFrames) n = floorByFactor(totalFrames, FRAME_FACTOR);
  } else {
    const minFrames = ceilByFactor(cfg.minFrames, FRAME_FACTOR);
    const maxFrames = floorByFactor(Math.min(cfg.maxFrames, totalFrames), FRAME_FACTOR);
    const wanted = (totalFrames / videoFps) * (cfg.fps ?? FPS);
    n = floorByFactor(Math.min(Math.min(Math.max(wanted, minFrames), maxFrames), totalFrames), FRAME_FACTOR);
  }
  if (!(n >= FRAME_FACTOR)) {
    throw new RangeError(
      `nframes should be in [${FRAME_FACTOR}, ${totalFrames}], but got ${n} (check nframes/minFrames/maxFrames)`,
    );
  }
  return n;
}

/**
 * `torch.linspace(0, total-1, n).round().long()`, bit-exact. torch computes linspace in float32:
 * step = (end-start)/(n-1); the first half as start + step*i, the second half as end - step*(n-1-i);
 * `round` is half-to-even. On x86 CPUs with AVX2 (what torch dispatches to on any current server)
 * that kernel is compiled with fused multiply-add, so `end - step*k` is rounded to float32 once;
 * torch's non-AVX "default" kernel rounds the product first and differs by one index on ~1% of
 * (total, n) pairs with total above ~10k frames. We follow the AVX2/AVX-512 kernel.
 */
export function frameIndices(totalFrames: number, n: number): number[] {
  if (n === 1) return [0]; // torch special-cases steps == 1 to `start`
  const f32 = Math.fround;
  const end = f32(totalFrames - 1);
  const step = f32(end / f32(n - 1));
  const half = Math.floor(n / 2);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    // With start = 0 the first half is a plain float32 product. In the second half step*k is exact
    // in a double (24-bit mantissa × k < 2^29) and so is end - step*k for n < 2^28, so one fround
    // gives the fused multiply-add's single rounding.
    const v = i < half ? f32(step * i) : f32(end - step * (n - 1 - i));
    out[i] = roundHalfEven(v);
  }
  return out;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x); // rounds .5 up
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * `fetch_video`'s per-frame pixel limit, in the reference's order: the built-in cap (its
 * `VIDEO_MAX_PIXELS`, `cfg.maxPixelsCap`) and the share of the total budget, floored at
 * `int(1.05 × minPixels)`; then a given `maxPixels` may only lower that limit, never raise it. A
 * `maxPixels` below `minPixels` is kept (smart_resize then shrinks below `minPixels`, as the reference does).
 */
export function videoMaxPixels(
  cfg: Pick<FrameConfig, 'minPixels' | 'maxPixels' | 'totalPixels' | 'maxPixelsCap'>,
  nframes: number,
): number {
  const limit = videoPixelLimit(cfg, nframes);
  return cfg.maxPixels === undefined ? limit : Math.min(cfg.maxPixels, limit);
}

/** The limit before a given `maxPixels` applies (what the reference warns about when `maxPixels` exceeds it). */
export function videoPixelLimit(
  cfg: Pick<FrameConfig, 'minPixels' | 'totalPixels' | 'maxPixelsCap'>,
  nframes: number,
): number {
  const cap = cfg.maxPixelsCap ?? VIDEO_MAX_PIXELS;
  return Math.max(Math.min(cap, (cfg.totalPixels / nframes) * FRAME_FACTOR), Math.trunc(cfg.minPixels * 1.05));
}

/** `fetch_image`'s size for an image: smart_resize within the image bounds, no cap and no floor. */
export function imageResize(
  height: number,
  width: number,
  cfg: Pick<FrameConfig, 'imageMinPixels' | 'imageMaxPixels'>,
): [number, number] {
  return smartResize(height, width, IMAGE_FACTOR, cfg.imageMinPixels ?? MIN_PIXELS, cfg.imageMaxPixels ?? MAX_PIXELS);
}

/** Rate at which the sampled frames cover the video (`sample_fps` in the reference), for models that take it. */
export function sampleFps(nframes: number, totalFrames: number, videoFps: number): number {
  return (nframes / Math.max(totalFrames, 1e-6)) * videoFps;
}
