/**
 * Decode checks for `vreason data validate`: every video is sampled exactly as an eval would sample
 * it (one ffmpeg per video, several at once), every image decoded, so a 0-byte file, a file with
 * no moov atom or a cut-off stream is found before a run, not during it.
 */
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { errorMessage, MediaError, type MediaErrorCode } from '../core/errors.js';
import type { FrameConfig } from '../core/types.js';
import { oneLine, sampleFrames } from './frameSampler.js';
import { imageSize, readImageAsFrame } from './image.js';

/** Where a media file is used: the index file, row and field that name it. */
export interface MediaRef {
  file: string;
  row: number | null;
  field: string;
}

export interface MediaCheck {
  path: string;
  kind: 'video' | 'image';
  refs: MediaRef[];
}

export interface MediaProblem {
  path: string;
  kind: 'video' | 'image';
  code: MediaErrorCode | 'error';
  message: string;
  refs: MediaRef[];
}

/** Decode one video's sampled frames, or one image; null when it reads as an eval would need it. */
export async function checkMedia(c: MediaCheck, frames: FrameConfig): Promise<MediaProblem | null> {
  try {
    if (c.kind === 'video') await sampleFrames(c.path, frames);
    else await checkImage(c.path);
    return null;
  } catch (e) {
    const code = e instanceof MediaError ? e.code : 'error';
    const message = e instanceof MediaError ? e.message.replace(`${c.path}: ${e.code}: `, '') : errorMessage(e);
    return { path: c.path, kind: c.kind, code, message: oneLine(message), refs: c.refs };
  }
}

async function checkImage(path: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new MediaError('missing', path, 'no such file');
  }
  if (bytes.length === 0) throw new MediaError('empty', path, 'file is 0 bytes');
  const size = imageSize(bytes);
  if (!size) throw new MediaError('corrupt', path, 'not a PNG/JPEG/WebP image');
  await readImageAsFrame(bytes, Math.min(size.width, 64) || 28, Math.min(size.height, 64) || 28, 'png', 2, path);
}

/** Check every file (deduplicated by path), `concurrency` at a time, calling `onDone` after each. */
export async function checkAllMedia(
  checks: readonly MediaCheck[],
  frames: { video: FrameConfig },
  opts: { concurrency?: number; onDone?: (done: number, total: number) => void } = {},
): Promise<MediaProblem[]> {
  const byPath = new Map<string, MediaCheck>();
  for (const c of checks) {
    const seen = byPath.get(c.path);
    if (seen) seen.refs.push(...c.refs);
    else byPath.set(c.path, { ...c, refs: [...c.refs] });
  }
  const todo = [...byPath.values()];
  const problems: (MediaProblem | null)[] = new Array(todo.length).fill(null);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < todo.length) {
      const i = next++;
      problems[i] = await checkMedia(todo[i]!, frames.video);
      opts.onDone?.(++done, todo.length);
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? cpus().length, todo.length));
  await Promise.all(Array.from({ length: n }, lane));
  return problems.filter((p): p is MediaProblem => p !== null);
}

/** "Perception.jsonl: row 3: field 'id'" for the first use, "+2 more" for the rest. */
export function refText(refs: readonly MediaRef[]): string {
  const r = refs[0];
  if (!r) return '';
  const first = `${r.file}${r.row === null ? '' : `: row ${r.row}`}: field '${r.field}'`;
  return refs.length > 1 ? `${first} (+${refs.length - 1} more)` : first;
}
