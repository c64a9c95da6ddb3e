import { readFile, stat } from 'node:fs/promises';
import { MediaError } from '../core/errors.js';
import type { Condition, FrameConfig, QuizImage, VideoMMMUItem } from '../core/types.js';
import { imageSize, readImageAsFrame, sampleFrames, smartResize } from '../media/index.js';
import type { VisualPart } from '../models/types.js';

export type VideoMode = 'frames' | 'video';

export interface PreparedVisuals {
  visuals: VisualPart[];
  /** Human-readable account of what was sent, stored with the record. */
  description: string;
  frames: { count: number; indices: number[]; width: number; height: number } | null;
}

/**
 * What the model sees for one question: the lecture video (*after*) or the question-only clip
 * (*before*); the quiz image, when the row carries one, appended as the last frame (lmms-eval's
 * convention: "the image for this question is at the end of the video").
 */
export async function prepareVisuals(item: VideoMMMUItem, condition: Condition, cfg: FrameConfig, mode: VideoMode): Promise<PreparedVisuals> {
  if (condition === 'after') return withQuizImage(await fromVideo(item.videoPath, cfg, mode), item.image, cfg);
  if (item.questionOnlyPath) return fromVideo(item.questionOnlyPath, cfg, mode);
  if (item.image) return fromLoneImage(item.image, cfg);
  return { visuals: [], description: 'text only (no question-only clip or quiz image)', frames: null };
}

async function fromVideo(path: string, cfg: FrameConfig, mode: VideoMode): Promise<PreparedVisuals> {
  if (mode === 'video') {
    const st = await stat(path).catch(() => null);
    if (!st) throw new MediaError('missing', path, 'video file not found');
    if (st.size === 0) throw new MediaError('empty', path, 'video file is empty');
    return { visuals: [{ kind: 'video', mime: 'video/mp4', data: await readFile(path) }], description: `video ${path}`, frames: null };
  }
  const s = await sampleFrames(path, cfg);
  return {
    visuals: s.frames.map((data) => ({ kind: 'image', mime: s.mime, data })),
    description: `${s.frames.length} frames of ${path}`,
    frames: { count: s.frames.length, indices: s.indices, width: s.width, height: s.height },
  };
}

async function withQuizImage(v: PreparedVisuals, image: QuizImage | undefined, cfg: FrameConfig): Promise<PreparedVisuals> {
  if (!image) return v;
  const bytes = await imageBytes(image);
  if (v.frames) {
    // Same size as the video frames, so the quiz reads as the video's last frame.
    const frame = await readImageAsFrame(bytes, v.frames.width, v.frames.height, cfg.format, cfg.jpegQuality);
    return {
      visuals: [...v.visuals, { kind: 'image', mime: mimeOf(cfg), data: frame }],
      description: `${v.description} + quiz image as last frame`,
      frames: { ...v.frames, count: v.frames.count + 1 },
    };
  }
  return { ...v, visuals: [...v.visuals, { kind: 'image', mime: sniffMime(bytes), data: bytes }], description: `${v.description} + quiz image` };
}

async function fromLoneImage(image: QuizImage, cfg: FrameConfig): Promise<PreparedVisuals> {
  const bytes = await imageBytes(image);
  const size = imageSize(bytes);
  if (!size) throw new MediaError('corrupt', image.path ?? '<image bytes>', 'quiz image is not a PNG/JPEG/WebP image');
  const [h, w] = smartResize(size.height, size.width, 28, cfg.minPixels, cfg.maxPixels);
  const frame = await readImageAsFrame(bytes, w, h, cfg.format, cfg.jpegQuality);
  return { visuals: [{ kind: 'image', mime: mimeOf(cfg), data: frame }], description: 'quiz image only', frames: { count: 1, indices: [], width: w, height: h } };
}

async function imageBytes(image: QuizImage): Promise<Uint8Array> {
  if (image.bytes) return image.bytes;
  try {
    return await readFile(image.path);
  } catch {
    throw new MediaError('missing', image.path, 'quiz image not found');
  }
}

const mimeOf = (cfg: FrameConfig): string => (cfg.format === 'png' ? 'image/png' : 'image/jpeg');

function sniffMime(b: Uint8Array): string {
  if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  return 'image/webp';
}
