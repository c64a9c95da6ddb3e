/**
 * What the embedded model sees of a request's images: at most `maxFrames` of them, picked evenly
 * with the first and the last always kept (an appended quiz image is the last frame and must
 * survive), decoded to the encoder's frame size. The server and the SFT trainer both call this, so
 * a checkpoint is served exactly the pixels it was trained on.
 */
import { rgbFrames, type EncodedImage } from '../media/rgb.js';
import { frameHeight, type FrameEncoderConfig, type Frames } from '../nn/model.js';

/**
 * Frames per lecture the embedded model is trained on for Video-MMMU items (SFT and the reading
 * task) and evaluated with: evaluate with `--frames 8` to match.
 */
export const VIDEOMMMU_FRAMES = 8;

/** Indices of `max` of `n` frames, evenly spaced, first and last included (all of them when n ≤ max). */
export function pickFrames(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max <= 1) return max === 1 ? [n - 1] : [];
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

export async function modelFrames(images: readonly EncodedImage[], e: FrameEncoderConfig): Promise<Frames | undefined> {
  const picked = pickFrames(images.length, e.maxFrames).map((i) => images[i]!);
  if (!picked.length) return undefined;
  return { data: await rgbFrames(picked, e.imageSize, frameHeight(e)), count: picked.length };
}
