import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { MediaError, errorMessage } from '../core/errors.js';
import { locateFfmpeg, runBinary } from './ffmpeg.js';
import { readMp4Movie, type Mp4VideoTrack } from './mp4Boxes.js';

export interface VideoInfo {
  /** Coded frame size: what a decoder hands back (rotation and sample aspect ratio not applied). */
  width: number;
  height: number;
  /** Average frame rate (frames / stream duration), as ffprobe's avg_frame_rate and decord's get_avg_fps. */
  fps: number;
  nbFrames: number;
  durationSec: number;
  /** Codec: the MP4 sample-entry fourcc (avc1, hvc1, …) on the fast path, ffprobe's codec_name otherwise. */
  codec: string;
  /** 'mp4' or 'mov' on the fast path, ffprobe's format_name otherwise (e.g. 'matroska,webm'). */
  container: string;
}

const PROBE_TIMEOUT_MS = 120_000;

/**
 * Describe the first video stream of a file. MP4/MOV are read in-process from the moov box; any
 * other container, or an MP4 the box reader cannot follow, goes to ffprobe. Only MediaError escapes.
 */
export async function probeVideo(path: string): Promise<VideoInfo> {
  const size = await fileSize(path);
  const fast = await probeMp4(path, size);
  if (fast) return fast;
  return probeWithFfprobe(path);
}

/** Size of a readable regular file; MediaError 'missing' / 'empty' / 'unsupported' otherwise. */
export async function fileSize(path: string): Promise<number> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new MediaError('missing', path, 'no such file');
    throw new MediaError('corrupt', path, `cannot stat: ${errorMessage(e)}`);
  }
  if (!st.isFile()) throw new MediaError('unsupported', path, 'not a regular file');
  if (st.size === 0) throw new MediaError('empty', path, 'file is 0 bytes');
  return st.size;
}

/**
 * The in-process path. Returns null when the file is not ISO BMFF or its moov cannot be used
 * (missing, fragmented, malformed) so ffprobe gets a say; a parsed moov without a usable video
 * track is final, since ffprobe reads the same boxes.
 */
async function probeMp4(path: string, size: number): Promise<VideoInfo | null> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    const movie = await readMp4Movie(fh, size);
    if (!movie) return null;
    if (!movie.video) throw new MediaError('corrupt', path, 'no video track');
    if (movie.video.sampleCount === 0) return null; // fragmented MP4: samples live in moof boxes
    return infoFromTrack(movie.video, movie.brand === 'qt  ' ? 'mov' : 'mp4');
  } catch (e) {
    if (e instanceof MediaError) throw e;
    return null;
  } finally {
    await fh?.close();
  }
}

function infoFromTrack(t: Mp4VideoTrack, container: string): VideoInfo | null {
  if (!t.timescale || !t.width || !t.height) return null;
  const ticks = t.sttsTicks || t.durationTicks;
  const durationSec = (t.durationTicks || t.sttsTicks) / t.timescale;
  if (!ticks) return null;
  return {
    width: t.width,
    height: t.height,
    fps: (t.sampleCount * t.timescale) / ticks,
    nbFrames: t.sampleCount,
    durationSec,
    codec: t.codec,
    container,
  };
}

interface FfprobeStream {
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  nb_read_packets?: string;
  duration?: string;
}

interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string };
}

async function probeWithFfprobe(path: string): Promise<VideoInfo> {
  // -count_packets in the same call: Matroska/WebM/TS store no frame count, and a demux-only pass
  // is cheap next to the full decode that sampling does anyway, so one process beats two.
  const out = await ffprobeJson(path);
  const stream = out.streams?.[0];
  if (!stream) throw new MediaError('corrupt', path, 'no video stream');
  const nbFrames = positiveInt(stream.nb_frames) || positiveInt(stream.nb_read_packets);
  const width = stream.width ?? 0;
  const height = stream.height ?? 0;
  if (!nbFrames) throw new MediaError('corrupt', path, 'video stream has no frames');
  if (!width || !height) throw new MediaError('corrupt', path, 'video stream has no frame size');
  const durationSec = positiveFloat(stream.duration) ?? positiveFloat(out.format?.duration) ?? 0;
  const fps =
    parseRate(stream.avg_frame_rate) ?? parseRate(stream.r_frame_rate) ?? (durationSec ? nbFrames / durationSec : 0);
  if (!fps) throw new MediaError('corrupt', path, 'video stream has no frame rate');
  return {
    width,
    height,
    fps,
    nbFrames,
    durationSec: durationSec || nbFrames / fps,
    codec: stream.codec_name ?? 'unknown',
    container: out.format?.format_name ?? 'unknown',
  };
}

async function ffprobeJson(path: string): Promise<FfprobeOutput> {
  const { ffprobe } = locateFfmpeg();
  if (!ffprobe)
    throw new MediaError('ffmpeg', path, 'ffprobe not found (set VREASON_FFPROBE) and the file is not an MP4/MOV');
  const args = [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_streams',
    '-show_format',
    '-count_packets',
    '-of',
    'json',
    path,
  ];
  let res;
  try {
    res = await runBinary(ffprobe, args, { timeoutMs: PROBE_TIMEOUT_MS });
  } catch (e) {
    throw new MediaError('ffmpeg', path, `cannot run ffprobe: ${errorMessage(e)}`);
  }
  if (res.code !== 0) throw new MediaError('corrupt', path, `ffprobe: ${tail(res.stderr) || `exit ${res.code}`}`);
  try {
    return JSON.parse(res.stdout.toString('utf8')) as FfprobeOutput;
  } catch {
    throw new MediaError('corrupt', path, 'ffprobe printed unreadable JSON');
  }
}

/** "30000/1001" → 29.97…; null for "0/0", missing or malformed. */
export function parseRate(s: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)(?:\/(\d+(?:\.\d+)?))?$/.exec(s ?? '');
  if (!m) return null;
  const v = Number(m[1]) / Number(m[2] ?? 1);
  return Number.isFinite(v) && v > 0 ? v : null;
}

function positiveInt(s: string | undefined): number {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

function positiveFloat(s: string | undefined): number | null {
  const n = Number(s);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Last lines of a tool's stderr, enough to say what went wrong without flooding an error record. */
export function tail(stderr: string, maxChars = 400): string {
  const t = stderr.trim();
  return t.length <= maxChars ? t : `…${t.slice(-maxChars)}`;
}
