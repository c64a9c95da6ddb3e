/**
 * Raw frames → H.264 mp4 through ONE ffmpeg process per video: frames are piped to stdin as
 * rgb24 (with backpressure, so a long clip never sits in memory twice). `-threads 1` plus the
 * bitexact flags make x264's output a function of the pixels alone, so a seed reproduces the
 * mp4 bytes too (checked by the determinism test on this ffmpeg build).
 */
import { spawn } from 'node:child_process';
import { MediaError } from '../core/errors.js';
import { locateFfmpeg } from '../media/ffmpeg.js';
import type { Canvas } from './canvas.js';

export interface EncodeOptions {
  fps: number;
  /** Kill ffmpeg after this long (default 60 s: a synthetic clip takes a fraction of a second). */
  timeoutMs?: number;
}

export function encoderArgs(width: number, height: number, fps: number, out: string): string[] {
  return [
    '-y',
    '-v',
    'error',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${width}x${height}`,
    '-r',
    String(fps),
    '-i',
    '-',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-preset',
    'veryfast',
    '-threads',
    '1',
    '-fflags',
    '+bitexact',
    '-flags',
    '+bitexact',
    '-map_metadata',
    '-1',
    out,
  ];
}

/** Encode `frames` (all the same size, even width and height for yuv420p) to `out`. */
export async function encodeH264(
  frames: Iterable<Canvas>,
  out: string,
  opts: EncodeOptions,
): Promise<{ frames: number }> {
  const it = frames[Symbol.iterator]();
  const first = it.next();
  if (first.done) throw new MediaError('empty', out, 'no frames to encode');
  const { width, height } = first.value;
  if (width % 2 || height % 2)
    throw new MediaError('unsupported', out, `yuv420p needs even sides, got ${width}×${height}`);
  const { ffmpeg } = locateFfmpeg();
  const child = spawn(ffmpeg, encoderArgs(width, height, opts.fps, out), { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 16_000) stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  let count = 0;
  let writeError: unknown = null;
  child.stdin.on('error', (e) => {
    writeError ??= e;
  });
  try {
    for (let f: IteratorResult<Canvas> = first; !f.done; f = it.next()) {
      const c = f.value;
      if (c.width !== width || c.height !== height)
        throw new MediaError(
          'unsupported',
          out,
          `frame ${count} is ${c.width}×${c.height}, expected ${width}×${height}`,
        );
      count++;
      if (!child.stdin.write(c.data)) await new Promise<void>((r) => child.stdin.once('drain', r).once('close', r));
      if (writeError) break;
    }
  } finally {
    child.stdin.end();
  }
  const code = await exited.finally(() => clearTimeout(timer));
  if (code !== 0 || writeError)
    throw new MediaError('ffmpeg', out, `encoding failed (exit ${code}): ${stderr.trim() || String(writeError)}`);
  return { frames: count };
}
