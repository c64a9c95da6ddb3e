/**
 * Thumbnails of what a request showed the model, regenerated from the video: a record stores the
 * frame indices and size it sent (not the pixels, which would bloat the run store), so the report
 * decodes those frames again at a small size and inlines them as JPEG data URIs. A video that is
 * no longer on disk gives a note instead of images, never a failed report.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { Semaphore } from '../eval/pool.js';
import type { StoredRecord } from '../eval/runStore.js';
import { framesAt, readImageAsFrame } from '../media/index.js';

export interface Thumbs {
  /** data:image/jpeg;base64,… in the order the model saw the frames. */
  images: string[];
  note: string | null;
}

export type VisualSource =
  | { kind: 'frames'; path: string; shuffled: boolean; quizImage: boolean }
  | { kind: 'image'; path: string | null }
  | { kind: 'clip'; path: string }
  | { kind: 'none'; reason: string };

/**
 * Read the stored `request.visual` description (written by eval/visuals.ts) back into a source:
 * "16 frames of /a/b.mp4[, shuffled (seed 7)][ + image as last frame]", "image /a/b.png",
 * "video /a/b.mp4[ + image]", "text only (…)". Runs recorded before a report existed carry only
 * this text, so the report reads it rather than needing a new record field.
 */
export function visualSource(visual: string): VisualSource {
  const frames = /^(\d+) frames of (.+?)(, shuffled \(seed \d+\))?( \+ image as last frame)?$/s.exec(visual);
  if (frames)
    return { kind: 'frames', path: frames[2] as string, shuffled: Boolean(frames[3]), quizImage: Boolean(frames[4]) };
  const clip = /^video (.+?)( \+ image)?$/s.exec(visual);
  if (clip) return { kind: 'clip', path: clip[1] as string };
  const image = /^image (.+)$/s.exec(visual);
  if (image) return { kind: 'image', path: image[1] === '(bytes)' ? null : (image[1] as string) };
  return { kind: 'none', reason: visual || 'no visual recorded' };
}

/** Thumbnail size for frames of width×height: `maxWidth` wide, aspect kept, even sides. */
export function thumbSize(width: number, height: number, maxWidth: number): { width: number; height: number } {
  const w = Math.min(maxWidth, width);
  const even = (x: number): number => Math.max(2, Math.round(x / 2) * 2);
  return { width: even(w), height: even((w * height) / Math.max(1, width)) };
}

export interface ThumbnailOptions {
  /** Thumbnail width in pixels (default 96). */
  width?: number;
  /** Where the dataset lives now, when it moved since the run: stands in for the recorded dataset root. */
  dataRoot?: string;
}

export class ThumbnailMaker {
  private readonly cache = new Map<string, Promise<string[]>>();
  private readonly ffmpeg = new Semaphore(Math.max(1, cpus().length));
  private readonly width: number;

  constructor(private readonly opts: ThumbnailOptions = {}) {
    this.width = opts.width ?? 96;
  }

  /** `datasetRoot`: the root the run recorded (config.json), to find a moved dataset under `dataRoot`. */
  async forRecord(r: StoredRecord, datasetRoot: string | null = null): Promise<Thumbs> {
    const src = visualSource(r.request.visual);
    const frames = r.request.frames;
    if (src.kind === 'none') return { images: [], note: src.reason };
    if (src.kind === 'clip')
      return { images: [], note: 'the whole clip was sent (video mode): no frame indices recorded' };
    if (!frames) return { images: [], note: 'no frame information recorded' };
    if (src.path === null) return { images: [], note: 'image sent from the dataset index (bytes): not on disk' };
    const path = this.locate(src.path, datasetRoot);
    if (!path) return { images: [], note: `not on disk: ${src.path}` };
    const size = thumbSize(frames.width, frames.height, this.width);
    try {
      if (src.kind === 'image')
        return {
          images: await this.cached(`img|${path}|${size.width}x${size.height}`, async () => [
            await readImageAsFrame(path, size.width, size.height, 'jpeg', 5),
          ]),
          note: null,
        };
      // The model saw frame order[i] at position i; show them in that order.
      const shown = frames.order ? frames.order.map((i) => frames.indices[i] as number) : frames.indices;
      const images = await this.cached(`vid|${path}|${shown.join(',')}|${size.width}x${size.height}`, () =>
        framesAt(path, shown, size),
      );
      const notes = [
        src.shuffled ? 'shuffled order, as sent' : '',
        src.quizImage ? 'quiz image (last frame) not shown' : '',
      ].filter(Boolean);
      return { images, note: notes.length ? notes.join('; ') : null };
    } catch (e) {
      return { images: [], note: `thumbnails unavailable: ${errorMessage(e)}` };
    }
  }

  private locate(path: string, datasetRoot: string | null): string | null {
    if (existsSync(path)) return path;
    if (!this.opts.dataRoot || !datasetRoot) return null;
    const rel = relative(datasetRoot, path);
    if (rel.startsWith('..') || isAbsolute(rel)) return null;
    const moved = resolve(this.opts.dataRoot, rel);
    return existsSync(moved) ? moved : null;
  }

  private cached(key: string, make: () => Promise<Buffer[]>): Promise<string[]> {
    let p = this.cache.get(key);
    if (!p) {
      p = this.ffmpeg.use(make).then((bufs) => bufs.map((b) => `data:image/jpeg;base64,${b.toString('base64')}`));
      // A failure is not cached: the next record may find the file readable again.
      p.catch(() => this.cache.delete(key));
      this.cache.set(key, p);
    }
    return p;
  }
}
